import { Fragment, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { nextMonth } from '../../../modules/calendar/rules/calendar-date.ts';
import { DEFAULT_PRICING_POLICY, policyForMonth } from '../../../modules/billing/rules/pricing-policy.ts';
import { Badge, Empty, Field, Notice, PageHeader, QueryView, Section } from '../../components/ui.tsx';
import { NotFound, UUID_PATTERN } from '../../components/NotFound.tsx';
import { formatDateTime } from '../../format.ts';
import { useCompany } from '../companies/CompanyParts.tsx';
import { PolicyVersionForm } from './PricingPolicyForm.tsx';
import { PolicyDetails, signedPercent, useMonthLabel, VersionLabel } from './PricingPolicyParts.tsx';
import {
  currentBillingMonth,
  useAddPolicyVersion,
  usePolicyInForce,
  usePricingPolicies,
  type PolicyListing,
  type PolicyVersion,
  type PricingPolicy,
} from './pricingApi.ts';

/**
 * 料金ポリシー of a company (staff): the policy a month is billed with, every version, and — for
 * admins and billing operators — a new version effective from a month.
 */
export function PricingPolicyPage({ canManage }: { canManage: boolean }) {
  const { companyId = '' } = useParams();
  const valid = UUID_PATTERN.test(companyId);
  const company = useCompany(companyId, valid);
  const listing = usePricingPolicies(companyId, valid);
  const { t } = useTranslation();
  if (!valid) return <NotFound />;
  return (
    <QueryView query={company}>
      {(c) => (
        <>
          <PageHeader
            back={{ to: `/companies/${c.id}`, label: c.name }}
            title={t('pricing.title')}
            subtitle={t('pricing.subtitle', { name: c.name, code: c.code })}
          />
          <QueryView query={listing}>{(data) => <PricingPolicies companyId={c.id} listing={data} canManage={canManage} />}</QueryView>
        </>
      )}
    </QueryView>
  );
}

function PricingPolicies({ companyId, listing, canManage }: { companyId: string; listing: PolicyListing; canManage: boolean }) {
  const { t } = useTranslation();
  const monthLabel = useMonthLabel();
  const add = useAddPolicyVersion(companyId);
  const formRef = useRef<HTMLDivElement>(null);
  const current = currentBillingMonth();
  const latest = listing.versions[0] ?? null;
  // The form starts from the newest version (or a copied one) and the first month still open.
  const firstOpen = listing.lastInvoicedMonth && listing.lastInvoicedMonth >= current ? nextMonth(listing.lastInvoicedMonth) : current;
  const [start, setStart] = useState<{ policy: PricingPolicy; effectiveFrom: string; key: number }>({
    policy: latest?.policy ?? DEFAULT_PRICING_POLICY,
    effectiveFrom: firstOpen,
    key: 0,
  });
  const [added, setAdded] = useState<PolicyVersion | null>(null);

  const copy = (version: PolicyVersion) => {
    add.reset();
    setAdded(null);
    setStart({ policy: version.policy, effectiveFrom: firstOpen, key: start.key + 1 });
    formRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <>
      {added && <Notice>{t('pricing.added', { version: added.version, from: monthLabel(added.effectiveFrom) })}</Notice>}
      <InForce companyId={companyId} />
      <History listing={listing} canManage={canManage} onCopy={copy} />
      {canManage && (
        <div ref={formRef}>
          <Section title={t('pricing.form.title')}>
            <PolicyVersionForm
              key={start.key}
              start={start.policy}
              effectiveFrom={start.effectiveFrom}
              lastInvoicedMonth={listing.lastInvoicedMonth}
              monthLabel={monthLabel}
              pending={add.isPending}
              error={add.error}
              onSubmit={(input) => {
                setAdded(null);
                add.mutate(input, {
                  onSuccess: (version) => {
                    setAdded(version);
                    setStart({ policy: version.policy, effectiveFrom: version.effectiveFrom, key: start.key + 1 });
                    window.scrollTo({ top: 0 });
                  },
                });
              }}
            />
          </Section>
        </div>
      )}
    </>
  );
}

/** 適用中のポリシー: for any month, which version applies (or the default) and what it says. */
function InForce({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const monthLabel = useMonthLabel();
  const [month, setMonth] = useState(currentBillingMonth());
  const inForce = usePolicyInForce(companyId, month);
  return (
    <Section title={t('pricing.inForce.title')}>
      <div className="form pricing-month">
        <Field label={t('pricing.inForce.month')} hint={t('pricing.inForce.monthHint')}>
          {(id) => <input id={id} type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />}
        </Field>
      </div>
      <QueryView query={inForce}>
        {(data) => (
          <>
            <p className="info-note pricing-in-force">
              {t('pricing.inForceFor', { month: monthLabel(data.month) })}{' '}
              {data.version ? (
                <Badge tone="info">
                  <VersionLabel version={data.version} />
                </Badge>
              ) : (
                <Badge>{t('pricing.defaultPolicy')}</Badge>
              )}
            </p>
            {!data.version && <p className="info-note">{t('pricing.defaultNote')}</p>}
            {!data.billingAgency && <div className="banner banner-warn">{t('pricing.noContract')}</div>}
            <PolicyDetails policy={data.policy} />
          </>
        )}
      </QueryView>
    </Section>
  );
}

/** One line per version: enough to tell them apart; the whole policy on demand. */
function summary(policy: PricingPolicy, t: ReturnType<typeof useTranslation>['t']): string {
  const parts = [t('pricing.summary.global', { percent: signedPercent(policy.markup.global) })];
  const services = Object.keys(policy.markup.byService).length;
  const entities = Object.keys(policy.markup.byBillingEntity).length;
  if (services) parts.push(t('pricing.summary.services', { count: services }));
  if (entities) parts.push(t('pricing.summary.entities', { count: entities }));
  if (policy.passedDiscounts.length)
    parts.push(t('pricing.summary.discounts', { names: policy.passedDiscounts.map((d) => t(`pricing.discounts.${d}`)).join('・') }));
  if (policy.customLines.length) parts.push(t('pricing.summary.customLines', { count: policy.customLines.length }));
  return parts.join(' / ');
}

function History({ listing, canManage, onCopy }: { listing: PolicyListing; canManage: boolean; onCopy: (v: PolicyVersion) => void }) {
  const { t } = useTranslation();
  const monthLabel = useMonthLabel();
  const [open, setOpen] = useState<string | null>(null);
  const inForceNow = policyForMonth(listing.versions, currentBillingMonth()).version;
  return (
    <Section title={t('pricing.history.title')}>
      {listing.versions.length === 0 ? (
        <Empty>{t('pricing.history.empty')}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="table pricing-history">
            <thead>
              <tr>
                <th>{t('pricing.history.effectiveFrom')}</th>
                <th>{t('pricing.history.version')}</th>
                <th>{t('pricing.history.summary')}</th>
                <th>{t('pricing.history.note')}</th>
                <th>{t('pricing.history.createdBy')}</th>
                <th className="actions-col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {listing.versions.map((v) => {
                const replaced = listing.versions.some((o) => o.effectiveFrom === v.effectiveFrom && o.version > v.version);
                return (
                  <Fragment key={v.id}>
                    <tr className={open === v.id ? 'selected' : undefined}>
                      <td className="nowrap">{monthLabel(v.effectiveFrom)}</td>
                      <td className="nowrap">
                        {t('pricing.history.versionNumber', { version: v.version })}{' '}
                        {inForceNow?.id === v.id && <Badge tone="good">{t('pricing.history.inForceNow')}</Badge>}
                        {replaced && <Badge>{t('pricing.history.replaced')}</Badge>}
                      </td>
                      <td>{summary(v.policy, t)}</td>
                      <td>{v.note ?? '—'}</td>
                      <td>
                        {v.createdBy}
                        <div className="muted small">{formatDateTime(v.createdAt)}</div>
                      </td>
                      <td className="actions-col">
                        <div>
                          <button
                            type="button"
                            className="link-button"
                            aria-expanded={open === v.id}
                            onClick={() => setOpen(open === v.id ? null : v.id)}
                          >
                            {open === v.id ? t('pricing.history.hide') : t('pricing.history.show')}
                          </button>
                        </div>
                        {canManage && (
                          <div>
                            <button type="button" className="link-button" onClick={() => onCopy(v)}>
                              {t('pricing.history.copy')}
                            </button>
                          </div>
                        )}
                      </td>
                    </tr>
                    {open === v.id && (
                      <tr className="pricing-detail-row">
                        <td colSpan={6}>
                          <PolicyDetails policy={v.policy} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
