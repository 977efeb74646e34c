import { Route } from 'react-router';
import type { NavItem } from '../../access.ts';
import { AlertsPage } from '../budgets/AlertsPage.tsx';
import { BudgetsPage } from '../budgets/BudgetsPage.tsx';
import { OpenAlerts } from '../budgets/OpenAlerts.tsx';
import { MyCompanyPage } from '../companies/MyCompanyPage.tsx';
import { InvoiceDetailPage } from '../invoicing/InvoiceDetailPage.tsx';
import { MyInvoicesPage } from '../invoicing/MyInvoicesPage.tsx';
import { CustomerMembershipPage } from '../membership/MembershipPages.tsx';
import { CommitmentsPage } from './CommitmentsPage.tsx';
import { CostExplorerPage } from './CostExplorerPage.tsx';
import { PortalOverviewPage } from './PortalOverviewPage.tsx';

/**
 * The customer portal's pages of one company, as relative routes: the customer's own portal (at the
 * root) and staff's read-only view as customer (under /staff/companies/:companyId/portal) both render
 * these, so the view shows exactly what the customer sees. Paths match `CUSTOMER_NAV` (access.ts).
 */
export function portalPageRoutes(companyId: string, { membership, canApply }: { membership: boolean; canApply: boolean }) {
  return (
    <>
      <Route path="costs" element={<PortalOverviewPage companyId={companyId} alerts={<OpenAlerts companyId={companyId} limit={5} />} />} />
      <Route path="costs/explorer" element={<CostExplorerPage companyId={companyId} />} />
      <Route path="costs/commitments" element={<CommitmentsPage companyId={companyId} />} />
      <Route path="company" element={<MyCompanyPage companyId={companyId} />} />
      <Route path="invoices" element={<MyInvoicesPage companyId={companyId} />} />
      <Route path="invoices/:invoiceId" element={<InvoiceDetailPage staff={false} />} />
      {membership && <Route path="membership" element={<CustomerMembershipPage companyId={companyId} canApply={canApply} />} />}
      <Route path="budgets" element={<BudgetsPage companyId={companyId} />} />
      <Route path="alerts" element={<AlertsPage companyId={companyId} />} />
    </>
  );
}

/** The pages staff see in the view as customer (labels of `CUSTOMER_NAV`); the rest of the portal is the customer's own business. */
export const VIEWABLE_PAGES: readonly NavItem['label'][] = [
  'costOverview',
  'costExplorer',
  'budgets',
  'alerts',
  'company',
  'invoices',
  'membership',
];
