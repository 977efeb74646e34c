import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { CompanyAccount, CompanyView, Exclusions } from '../../api/types.ts';
import { Badge, Details, Empty, QueryView } from '../../components/ui.tsx';
import { formatDateTime, formatWindow } from '../../format.ts';
import { useCompaniesText } from './i18n.ts';

export const EXCLUSION_KEYS: (keyof Exclusions)[] = ['dedicatedConnectionOnly', 'cdnOnly', 'publicSector', 'partner', 'indirectContract'];

export const companyKey = (companyId: string) => ['companies', 'one', companyId] as const;

export function useCompany(companyId: string, enabled = true) {
  return useQuery({ queryKey: companyKey(companyId), queryFn: () => api.get<CompanyView>(`/companies/${companyId}`), enabled });
}

export function MembershipBadge({ eligible }: { eligible: boolean }) {
  const { t } = useTranslation();
  return eligible ? <Badge tone="good">{t('company.eligible')}</Badge> : <Badge>{t('company.notEligible')}</Badge>;
}

/** The contract data of a company, read-only. */
export function CompanyDetails({ company }: { company: CompanyView }) {
  const { t } = useTranslation();
  const text = useCompaniesText();
  const exclusions = EXCLUSION_KEYS.filter((key) => company.exclusions[key]);
  return (
    <Details
      items={[
        [t('company.code'), <code key="code">{company.code}</code>],
        [t('company.name'), company.name],
        [t('company.nameKana'), company.nameKana || '—'],
        [t('company.billingAgency'), company.billingAgency ? t('company.billingAgencyYes') : t('company.billingAgencyNo')],
        [t('company.billingEmail'), company.billingEmail ?? '—'],
        [t('company.invoiceAddressee'), company.invoiceAddressee ? t('company.addresseeWithSuffix', { name: company.invoiceAddressee }) : '—'],
        [t('company.postalAddress'), company.postalAddress ? <span key="addr" className="pre">{company.postalAddress}</span> : '—'],
        [text.corporateNumber, company.corporateNumber ? <code key="cn">{company.corporateNumber}</code> : '—'],
        [t('company.payerKanaNames'), company.payerKanaNames.length ? company.payerKanaNames.join('、') : '—'],
        [t('company.exclusions'), exclusions.length ? exclusions.map((key) => t(`company.exclusion.${key}`)).join('、') : t('company.noExclusions')],
        [t('company.membership'), <MembershipBadge key="m" eligible={company.membershipEligible} />],
        [t('company.updatedAt'), formatDateTime(company.updatedAt)],
      ]}
    />
  );
}

/** The AWS accounts linked to a company, with the window each belongs to it. */
export function CompanyAccounts({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const accounts = useQuery({ queryKey: ['companies', 'accounts', companyId], queryFn: () => api.get<CompanyAccount[]>(`/companies/${companyId}/accounts`) });
  return (
    <QueryView query={accounts}>
      {(list) =>
        list.length === 0 ? (
          <Empty>{t('company.accountsEmpty')}</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('accounts.accountId')}</th>
                <th>{t('accounts.name')}</th>
                <th>{t('accounts.rootEmail')}</th>
                <th>{t('accounts.period')}</th>
                <th>{t('accounts.state')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((account) => (
                <tr key={`${account.accountId}-${account.validFrom}`}>
                  <td>
                    <code>{account.accountId}</code>
                  </td>
                  <td>{account.name}</td>
                  <td>{account.rootEmail ?? '—'}</td>
                  <td>{formatWindow(account.validFrom, account.validTo, t('accounts.openEnded'))}</td>
                  <td>{account.current ? <Badge tone="good">{t('accounts.current')}</Badge> : <Badge>{t('accounts.past')}</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </QueryView>
  );
}
