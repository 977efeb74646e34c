import { useTranslation } from 'react-i18next';
import { PageHeader, QueryView, Section } from '../../components/ui.tsx';
import { CompanyAccounts, CompanyDetails, useCompany } from './CompanyParts.tsx';

/** 企業情報: the customer's own company and its AWS accounts. */
export function MyCompanyPage({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const company = useCompany(companyId);
  return (
    <>
      <PageHeader title={t('company.title')} subtitle={t('company.subtitle')} />
      <QueryView query={company}>
        {(data) => (
          <>
            <Section title={data.name}>
              <CompanyDetails company={data} />
              <p className="info-note">{t('company.changeNote')}</p>
            </Section>
            <Section title={t('company.accounts')}>
              <CompanyAccounts companyId={companyId} />
            </Section>
          </>
        )}
      </QueryView>
    </>
  );
}
