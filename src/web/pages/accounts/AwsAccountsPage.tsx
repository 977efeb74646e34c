import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Badge, Empty, LocationNotice, PageHeader, QueryView } from '../../components/ui.tsx';
import { formatWindow, todayJst } from '../../format.ts';
import { useCompanies } from '../companies/CompaniesPage.tsx';
import { useAwsAccounts, windowContains } from './accountsApi.ts';

/** AWSアカウント: the payer's member accounts and which company each belongs to, when. */
export function AwsAccountsPage({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const companyId = params.get('companyId') ?? undefined;
  const accounts = useAwsAccounts(companyId);
  const companies = useCompanies();
  const today = todayJst();
  return (
    <>
      <PageHeader
        title={t('accounts.title')}
        subtitle={t('accounts.subtitle')}
        actions={
          canManage && (
            <Link className="button button-primary" to={`/aws-accounts/new${companyId ? `?companyId=${companyId}` : ''}`}>
              {t('accounts.register')}
            </Link>
          )
        }
      />
      <LocationNotice />
      <div className="card">
        <div className="toolbar">
          <label className="inline-label">
            {t('accounts.filterCompany')}
            <select value={companyId ?? ''} onChange={(e) => setParams(e.target.value ? { companyId: e.target.value } : {})}>
              <option value="">{t('accounts.allCompanies')}</option>
              {companies.data?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.code} — {c.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <QueryView query={accounts}>
          {(list) =>
            list.length === 0 ? (
              <Empty>{t('accounts.empty')}</Empty>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('accounts.accountId')}</th>
                    <th>{t('accounts.name')}</th>
                    <th>{t('accounts.currentCompany')}</th>
                    <th>{t('accounts.assignments')}</th>
                    <th>{t('accounts.rootHeld')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((account) => {
                    const current = account.assignments.find((a) => windowContains(a, today));
                    const windows = [...account.assignments].sort((a, b) => b.validFrom.localeCompare(a.validFrom));
                    return (
                      <tr key={account.accountId}>
                        <td>
                          <Link to={`/aws-accounts/${account.accountId}`}>
                            <code>{account.accountId}</code>
                          </Link>
                        </td>
                        <td>{account.name}</td>
                        <td>{current ? `${current.companyCode} — ${current.companyName}` : <span className="muted">{t('accounts.unassigned')}</span>}</td>
                        <td>
                          {windows.length === 0 ? (
                            <span className="muted">—</span>
                          ) : (
                            <ul className="plain-list">
                              {windows.map((a) => (
                                <li key={a.id}>
                                  <span className="small">{formatWindow(a.validFrom, a.validTo, t('accounts.openEnded'))}</span> <span className="muted small">{a.companyCode}</span>
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                        <td>{account.rootHeldByReseller ? <Badge tone="good">{t('accounts.rootHeldYes')}</Badge> : <Badge tone="warn">{t('accounts.rootHeldNo')}</Badge>}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )
          }
        </QueryView>
      </div>
    </>
  );
}
