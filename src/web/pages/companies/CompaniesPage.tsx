import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { CompanySummary } from '../../api/types.ts';
import { Badge, Empty, PageHeader, QueryView } from '../../components/ui.tsx';
import { MembershipBadge } from './CompanyParts.tsx';

export const COMPANIES_KEY = ['companies', 'list'] as const;

export function useCompanies() {
  return useQuery({ queryKey: COMPANIES_KEY, queryFn: () => api.get<CompanySummary[]>('/companies') });
}

/** 企業: every customer company, searchable by code, name or reading. */
export function CompaniesPage({ canCreate }: { canCreate: boolean }) {
  const { t } = useTranslation();
  const companies = useCompanies();
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  return (
    <>
      <PageHeader
        title={t('companies.title')}
        subtitle={t('companies.subtitle')}
        actions={
          canCreate && (
            <Link className="button button-primary" to="/companies/new">
              {t('companies.new')}
            </Link>
          )
        }
      />
      <div className="card">
        <div className="toolbar">
          <input type="search" className="search" placeholder={t('companies.search')} aria-label={t('companies.search')} value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <QueryView query={companies}>
          {(list) => {
            const shown = list.filter((c) => !needle || [c.code, c.name, c.nameKana].some((v) => v.toLowerCase().includes(needle)));
            if (shown.length === 0) return <Empty>{list.length === 0 ? t('companies.empty') : t('companies.noMatch')}</Empty>;
            return (
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('company.code')}</th>
                    <th>{t('company.name')}</th>
                    <th>{t('companies.contract')}</th>
                    <th className="num">{t('companies.userCount')}</th>
                    <th className="num">{t('companies.accountCount')}</th>
                    <th>{t('company.membership')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <code>{c.code}</code>
                      </td>
                      <td>
                        <Link to={`/companies/${c.id}`}>{c.name}</Link>
                        {c.nameKana && <div className="muted small">{c.nameKana}</div>}
                      </td>
                      <td>{c.billingAgency ? <Badge tone="info">{t('companies.billingAgencyShort')}</Badge> : <span className="muted">—</span>}</td>
                      <td className="num">{c.userCount}</td>
                      <td className="num">{c.accountCount}</td>
                      <td>
                        <MembershipBadge eligible={c.membershipEligible} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          }}
        </QueryView>
      </div>
    </>
  );
}
