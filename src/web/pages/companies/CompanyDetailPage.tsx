import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isAdmin } from '../../access.ts';
import { api } from '../../api/client.ts';
import type { CompanyInput, CompanyView, SessionUser } from '../../api/types.ts';
import { NotFound, UUID_PATTERN } from '../../components/NotFound.tsx';
import { ErrorBanner, LocationNotice, Notice, PageHeader, QueryView, Section } from '../../components/ui.tsx';
import { useCompanyUsers } from '../users/UsersPage.tsx';
import { UserTable } from '../users/UserTable.tsx';
import { CompanyAccounts, CompanyDetails, companyKey, useCompany } from './CompanyParts.tsx';
import { CompanyForm } from './CompanyForm.tsx';
import { CompanyPricingSection } from '../billing/PricingPolicyParts.tsx';
import { ViewAsCustomerLink } from '../portal/ViewAsCustomer.tsx';

/** A company in the staff console: contract data (admins edit it), its users and its AWS accounts. */
export function CompanyDetailPage({ me }: { me: SessionUser }) {
  const { companyId = '' } = useParams();
  const valid = UUID_PATTERN.test(companyId);
  const company = useCompany(companyId, valid);
  if (!valid) return <NotFound />;
  return <QueryView query={company}>{(data) => <CompanyDetail me={me} company={data} />}</QueryView>;
}

function CompanyDetail({ me, company }: { me: SessionUser; company: CompanyView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const admin = isAdmin(me);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const users = useCompanyUsers(company.id);
  const update = useMutation({
    mutationFn: (input: CompanyInput) => api.patch<CompanyView>(`/companies/${company.id}`, input),
    onSuccess: (updated) => {
      queryClient.setQueryData(companyKey(company.id), updated);
      void queryClient.invalidateQueries({ queryKey: ['companies', 'list'] });
      setEditing(false);
      setSaved(true);
    },
  });
  const hasRepresentative = users.data?.some((u) => u.role === 'representative') ?? true;

  return (
    <>
      <PageHeader
        back={{ to: '/companies', label: t('nav.companies') }}
        title={company.name}
        subtitle={`${company.code}${company.nameKana ? ` ・ ${company.nameKana}` : ''}`}
        actions={<ViewAsCustomerLink companyId={company.id} />}
      />
      <LocationNotice />
      {saved && <Notice>{t('companies.saved')}</Notice>}
      <Section
        title={t('companies.contractData')}
        actions={
          admin &&
          !editing && (
            <button type="button" className="button button-secondary button-small" onClick={() => { setSaved(false); update.reset(); setEditing(true); }}>
              {t('common.edit')}
            </button>
          )
        }
      >
        {editing ? (
          <>
            <ErrorBanner error={update.error} />
            <CompanyForm company={company} submitLabel={t('common.save')} pending={update.isPending} onSubmit={(input) => update.mutate(input)} onCancel={() => setEditing(false)} />
          </>
        ) : (
          <CompanyDetails company={company} />
        )}
      </Section>
      <Section
        title={t('companies.users')}
        actions={
          admin && (
            <Link className="button button-secondary button-small" to={`/companies/${company.id}/users/new${hasRepresentative ? '' : '?role=representative'}`}>
              {hasRepresentative ? t('users.add') : t('companies.addRepresentative')}
            </Link>
          )
        }
      >
        {!hasRepresentative && <div className="banner banner-warn">{t('companies.noRepresentative')}</div>}
        <QueryView query={users}>{(list) => <UserTable users={list} currentUserId={me.id} />}</QueryView>
      </Section>
      <Section title={t('company.accounts')} actions={admin && <Link className="button button-secondary button-small" to={`/aws-accounts?companyId=${company.id}`}>{t('companies.manageAccounts')}</Link>}>
        <CompanyAccounts companyId={company.id} />
      </Section>
      <CompanyPricingSection companyId={company.id} />
    </>
  );
}
