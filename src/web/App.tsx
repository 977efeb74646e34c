import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useParams } from 'react-router';
import { canIngestCosts, homePath, isAdmin } from './access.ts';
import type { Me, Stage } from './api/types.ts';
import { Layout } from './components/Layout.tsx';
import { NotFound } from './components/NotFound.tsx';
import { ErrorBanner, Loading } from './components/ui.tsx';
import { AwsAccountDetailPage } from './pages/accounts/AwsAccountDetailPage.tsx';
import { AwsAccountNewPage } from './pages/accounts/AwsAccountNewPage.tsx';
import { AwsAccountsPage } from './pages/accounts/AwsAccountsPage.tsx';
import { PricingPolicyPage } from './pages/billing/PricingPolicyPage.tsx';
import { IssuerSettingsPage } from './pages/invoicing/IssuerSettingsPage.tsx';
import { InvoiceDetailPage } from './pages/invoicing/InvoiceDetailPage.tsx';
import { InvoicesPage } from './pages/invoicing/InvoicesPage.tsx';
import { MfaChallengePage } from './pages/auth/MfaChallengePage.tsx';
import { MfaEnrolPage } from './pages/auth/MfaEnrolPage.tsx';
import { PasswordChangePage } from './pages/auth/PasswordChangePage.tsx';
import { SignInPage } from './pages/auth/SignInPage.tsx';
import { CompaniesPage } from './pages/companies/CompaniesPage.tsx';
import { CompanyDetailPage } from './pages/companies/CompanyDetailPage.tsx';
import { CompanyNewPage } from './pages/companies/CompanyNewPage.tsx';
import { CostIngestionDetailPage } from './pages/costs/CostIngestionDetailPage.tsx';
import { CostIngestionsPage } from './pages/costs/CostIngestionsPage.tsx';
import { FxRatesPage } from './pages/fx/FxRatesPage.tsx';
import { CustomerPrepaidPage, StaffPrepaidPage } from './pages/prepaid/PrepaidPages.tsx';
import { ApplicationPage, StaffMembershipPage } from './pages/membership/MembershipPages.tsx';
import { CustomerInquiriesPage, InquiryDetailPage, StaffInquiriesPage } from './pages/inquiries/InquiryPages.tsx';
import { AdvisorPage } from './pages/advisor/AdvisorPage.tsx';
import {
  CustomerOptimizationPage,
  ProposalPage,
  StaffCompanyOptimizationPage,
  StaffOptimizationPage,
} from './pages/optimization/OptimizationPages.tsx';
import { MonthClosePage } from './pages/month-close/MonthClosePage.tsx';
import { portalPageRoutes } from './pages/portal/portal-routes.tsx';
import { ViewAsCustomer } from './pages/portal/ViewAsCustomer.tsx';
import { AuditLogPage } from './pages/staff/AuditLogPage.tsx';
import { OutboxPage } from './pages/staff/OutboxPage.tsx';
import { StaffUsersPage } from './pages/staff/StaffUsersPage.tsx';
import { UserDetailPage } from './pages/users/UserDetailPage.tsx';
import { UserNewPage } from './pages/users/UserNewPage.tsx';
import { UsersPage } from './pages/users/UsersPage.tsx';
import { stagePath, useMe } from './session.tsx';

/** Routes by sign-in stage: signed out → sign-in; part-way → that step; active → the role's pages. */
export function App() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) {
    return (
      <div className="auth">
        <ErrorBanner error={me.error} />
      </div>
    );
  }
  const session = me.data;
  return (
    <Routes>
      <Route path="/sign-in" element={session ? <Navigate to={stagePath(session.stage)} replace /> : <SignInPage />} />
      <Route
        path="/sign-in/password"
        element={
          <AtStage session={session} stage="password_change">
            {session && <PasswordChangePage email={session.user.email} />}
          </AtStage>
        }
      />
      <Route
        path="/sign-in/mfa-setup"
        element={
          <AtStage session={session} stage="mfa_enrol">
            <MfaEnrolPage />
          </AtStage>
        }
      />
      <Route
        path="/sign-in/mfa"
        element={
          <AtStage session={session} stage="mfa_challenge">
            <MfaChallengePage />
          </AtStage>
        }
      />
      {session?.stage === 'active' ? (
        <>
          {session.user.kind === 'staff' && (
            <Route path="/staff/companies/:companyId/portal/*" element={<ViewAsCustomer user={session.user} />} />
          )}
          <Route element={<Layout user={session.user} />}>{activeRoutes(session)}</Route>
        </>
      ) : (
        <Route path="*" element={<Navigate to={session ? stagePath(session.stage) : '/sign-in'} replace />} />
      )}
    </Routes>
  );
}

function AtStage({ session, stage, children }: { session: Me | null; stage: Stage; children: ReactNode }) {
  if (!session) return <Navigate to="/sign-in" replace />;
  if (session.stage !== stage) return <Navigate to={stagePath(session.stage)} replace />;
  return <>{children}</>;
}

/** Only the pages the role can use exist as routes; anything else is "not found". */
function activeRoutes({ user }: Me) {
  const home = <Route index element={<Navigate to={homePath(user)} replace />} />;
  const notFound = <Route path="*" element={<NotFound />} />;
  const userDetail = <Route path="/users/:userId" element={<UserDetailPage me={user} />} />;
  if (user.kind === 'customer' && user.companyId) {
    const companyId = user.companyId;
    return (
      <>
        {home}
        {portalPageRoutes(companyId, { membership: true, canApply: user.role === 'representative' })}
        <Route path="/users" element={<UsersPage me={{ ...user, companyId }} />} />
        {user.role === 'representative' && <Route path="/users/new" element={<NewCompanyUser companyId={companyId} back="/users" />} />}
        {userDetail}
        <Route path="/prepaid" element={<CustomerPrepaidPage companyId={companyId} canFile={user.role === 'representative'} />} />
        <Route
          path="/membership/applications/:applicationId"
          element={<ApplicationPage staff={false} canCancel={user.role === 'representative'} />}
        />
        <Route path="/inquiries" element={<CustomerInquiriesPage companyId={companyId} />} />
        <Route path="/inquiries/:inquiryId" element={<InquiryDetailPage staff={false} />} />
        <Route path="/optimization" element={<CustomerOptimizationPage companyId={companyId} />} />
        <Route path="/optimization/proposals/:proposalId" element={<ProposalPage me={user} />} />
        <Route path="/trusted-advisor" element={<AdvisorPage companyId={companyId} canRegister={user.role === 'representative'} />} />
        {notFound}
      </>
    );
  }
  const admin = isAdmin(user);
  const costs = canIngestCosts(user);
  return (
    <>
      {home}
      <Route path="/companies" element={<CompaniesPage canCreate={admin} />} />
      {admin && <Route path="/companies/new" element={<CompanyNewPage />} />}
      <Route path="/companies/:companyId" element={<CompanyDetailPage me={user} />} />
      <Route path="/companies/:companyId/pricing" element={<PricingPolicyPage canManage={admin || user.role === 'billing'} />} />
      {admin && <Route path="/companies/:companyId/users/new" element={<NewUserOfCompanyRoute />} />}
      {userDetail}
      <Route path="/aws-accounts" element={<AwsAccountsPage canManage={admin} />} />
      {admin && <Route path="/aws-accounts/new" element={<AwsAccountNewPage />} />}
      <Route path="/aws-accounts/:accountId" element={<AwsAccountDetailPage canManage={admin} />} />
      {costs && <Route path="/cost-data" element={<CostIngestionsPage />} />}
      {costs && <Route path="/cost-data/:ingestionId" element={<CostIngestionDetailPage />} />}
      <Route path="/fx-rates" element={<FxRatesPage canImport={admin || user.role === 'billing'} canConfigure={admin} />} />
      {admin && <Route path="/staff-users" element={<StaffUsersPage me={user} />} />}
      {admin && <Route path="/staff-users/new" element={<NewStaffUser />} />}
      {admin && <Route path="/audit-log" element={<AuditLogPage />} />}
      {(admin || user.role === 'billing') && <Route path="/outbox" element={<OutboxPage />} />}
      <Route path="/issuer-settings" element={<IssuerSettingsPage canEdit={admin} />} />
      <Route path="/invoices" element={<InvoicesPage canManage={admin || user.role === 'billing'} />} />
      <Route path="/invoices/:invoiceId" element={<InvoiceDetailPage staff canManage={admin || user.role === 'billing'} />} />
      <Route path="/prepaid" element={<StaffPrepaidPage />} />
      {(admin || user.role === 'csm') && <Route path="/membership" element={<StaffMembershipPage admin={admin} />} />}
      {(admin || user.role === 'csm') && (
        <Route path="/membership/applications/:applicationId" element={<ApplicationPage staff canCancel={false} />} />
      )}
      {(admin || user.role === 'billing') && <Route path="/month-close" element={<MonthClosePage />} />}
      <Route path="/inquiries" element={<StaffInquiriesPage />} />
      <Route path="/inquiries/:inquiryId" element={<InquiryDetailPage staff />} />
      {(admin || user.role === 'csm') && <Route path="/optimization" element={<StaffOptimizationPage />} />}
      {(admin || user.role === 'csm') && (
        <Route path="/optimization/companies/:companyId" element={<StaffCompanyOptimizationPage me={user} />} />
      )}
      {(admin || user.role === 'csm') && <Route path="/optimization/proposals/:proposalId" element={<ProposalPage me={user} />} />}
      {notFound}
    </>
  );
}

function NewCompanyUser({ companyId, back }: { companyId: string; back: string }) {
  const { t } = useTranslation();
  return <UserNewPage companyId={companyId} back={{ to: back, label: t('nav.users') }} />;
}

function NewUserOfCompanyRoute() {
  const { t } = useTranslation();
  const { companyId = '' } = useParams();
  return <UserNewPage companyId={companyId} back={{ to: `/companies/${companyId}`, label: t('companies.backToCompany') }} />;
}

function NewStaffUser() {
  const { t } = useTranslation();
  return <UserNewPage companyId={null} back={{ to: '/staff-users', label: t('nav.staffUsers') }} />;
}
