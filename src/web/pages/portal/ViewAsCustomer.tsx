import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useParams } from 'react-router';
import { CUSTOMER_NAV } from '../../access.ts';
import { api } from '../../api/client.ts';
import type { SessionUser } from '../../api/types.ts';
import { Layout } from '../../components/Layout.tsx';
import { NotFound, UUID_PATTERN } from '../../components/NotFound.tsx';
import { QueryView } from '../../components/ui.tsx';
import { ReadOnlyViewProvider, type ReadOnlyView } from '../../read-only-view.tsx';
import { useHideMembershipNav } from '../membership/membershipApi.ts';
import { fill } from './i18n.ts';
import { portalPageRoutes, VIEWABLE_PAGES } from './portal-routes.tsx';
import { useViewAsText } from './view-as-i18n.ts';

type ViewSession = { companyId: string; code: string; name: string; openedAt: string };

/**
 * 顧客として表示: staff open one company's portal read-only, at /staff/companies/:companyId/portal/…
 * with the customer's navigation and pages. Opening it records an audit row (POST view-sessions)
 * before anything of the customer is shown; moving between its pages does not record again.
 */
export function ViewAsCustomer({ user }: { user: SessionUser }) {
  const { companyId = '' } = useParams();
  const valid = UUID_PATTERN.test(companyId);
  const session = useViewSession(companyId, valid);
  // cloudpack+ is read by admins and CSMs; its page shows only for a company in the membership, as in the customer's own menu.
  const readsMembership = user.role === 'admin' || user.role === 'csm';
  const hideMembership = useHideMembershipNav({ kind: 'customer', companyId: session.isSuccess && readsMembership ? companyId : null });
  const base = `/staff/companies/${companyId}/portal`;
  const nav = CUSTOMER_NAV.filter(
    (item) => VIEWABLE_PAGES.includes(item.label) && (item.label !== 'membership' || (readsMembership && !hideMembership)),
  ).map((item) => ({ ...item, to: `${base}${item.to}` }));
  return (
    <Layout user={user} nav={nav}>
      {valid ? (
        <QueryView query={session}>
          {(opened) => (
            <Viewing view={{ companyId, companyName: opened.name, base }}>
              <Routes>
                <Route index element={<Navigate to="costs" replace />} />
                {portalPageRoutes(companyId, { membership: readsMembership, canApply: false })}
                <Route path="*" element={<NotFound />} />
              </Routes>
            </Viewing>
          )}
        </QueryView>
      ) : (
        <NotFound />
      )}
    </Layout>
  );
}

/** The banner on every page of the view, and the context that makes the customer's pages read-only. */
function Viewing({ view, children }: { view: ReadOnlyView; children: ReactNode }) {
  const text = useViewAsText();
  return (
    <ReadOnlyViewProvider value={view}>
      <div
        className="banner banner-warn"
        role="note"
        data-testid="view-as-banner"
        style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 16 }}
      >
        <div>
          <strong>{fill(text.banner, { name: view.companyName })}</strong>
          <div className="small">{text.bannerNote}</div>
        </div>
        <Link className="button button-secondary button-small" to={`/companies/${view.companyId}`}>
          {text.exit}
        </Link>
      </div>
      {children}
    </ReadOnlyViewProvider>
  );
}

/**
 * The opening's audit row. A POST through useQuery on purpose: react-query sends it once for the
 * mounted view (deduplicated, never refetched) and drops it when the view is left (gcTime 0), so the
 * next opening records again.
 */
function useViewSession(companyId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['portal-view-session', companyId],
    queryFn: () => api.post<ViewSession>(`/companies/${companyId}/portal/view-sessions`, {}),
    enabled,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
}

export function ViewAsCustomerLink({ companyId }: { companyId: string }) {
  const text = useViewAsText();
  return (
    <Link className="button button-secondary" to={`/staff/companies/${companyId}/portal`} title={text.openHint}>
      {text.open}
    </Link>
  );
}
