import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Empty, PageHeader, QueryView } from '../../components/ui.tsx';
import { formatBillingPeriod } from '../../format.ts';
import { usePortalPath } from '../../read-only-view.tsx';
import { usePortalText } from './i18n.ts';
import { Card, CsvButton, formatUsd } from './PortalParts.tsx';
import { useCommitments } from './portalApi.ts';

const monthOf = (d: Date, back: number) => {
  const x = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1));
  return x.toISOString().slice(0, 7);
};

/** RI / Savings Plans の利用率とカバー率, per account and UTC month; the range lives in the URL. */
export function CommitmentsPage({ companyId }: { companyId: string }) {
  const text = usePortalText();
  const { i18n } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const portalPath = usePortalPath();
  const now = new Date();
  const from = search.get('from') ?? monthOf(now, 5);
  const to = search.get('to') ?? monthOf(now, 0);
  const rows = useCommitments(companyId, from, to);
  const percent = (p: string | null) => (p === null ? '—' : `${p}%`);
  return (
    <>
      <PageHeader
        title={text.commitments.title}
        subtitle={text.commitments.lead}
        back={{ to: portalPath('/costs/explorer'), label: text.explorer.title }}
      />
      <div className="card">
        <div className="toolbar">
          <label className="inline-label">
            {text.commitments.from}
            <input
              type="month"
              aria-label={text.commitments.from}
              value={from}
              onChange={(e) => e.target.value && setSearch({ from: e.target.value, to })}
            />
          </label>
          <label className="inline-label">
            {text.commitments.to}
            <input
              type="month"
              aria-label={text.commitments.to}
              value={to}
              onChange={(e) => e.target.value && setSearch({ from, to: e.target.value })}
            />
          </label>
        </div>
      </div>
      <QueryView query={rows}>
        {(list) => (
          <Card
            title={text.commitments.title}
            actions={
              list.length > 0 && (
                <CsvButton
                  filename={`ri-sp-${from}_${to}.csv`}
                  header={[
                    text.commitments.month,
                    text.commitments.account,
                    'account_id',
                    `${text.commitments.utilization} %`,
                    `${text.commitments.coverage} %`,
                    text.commitments.used,
                    text.commitments.unused,
                    text.commitments.covered,
                    text.commitments.onDemand,
                    text.commitments.savings,
                  ]}
                  rows={list.map((r) => [
                    r.month,
                    r.accountName,
                    r.accountId,
                    r.utilizationPercent,
                    r.coveragePercent,
                    r.usedCommitmentUsd,
                    r.unusedCommitmentUsd,
                    r.coveredOnDemandUsd,
                    r.onDemandUsd,
                    r.savingsUsd,
                  ])}
                />
              )
            }
          >
            {list.length === 0 ? (
              <Empty>{text.commitments.empty}</Empty>
            ) : (
              <div className="table-scroll">
                <table className="table" data-testid="commitments-table">
                  <thead>
                    <tr>
                      <th>{text.commitments.month}</th>
                      <th>{text.commitments.account}</th>
                      <th className="num">{text.commitments.utilization}</th>
                      <th className="num">{text.commitments.coverage}</th>
                      <th className="num">{text.commitments.used}</th>
                      <th className="num">{text.commitments.unused}</th>
                      <th className="num">{text.commitments.covered}</th>
                      <th className="num">{text.commitments.onDemand}</th>
                      <th className="num">{text.commitments.savings}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((r) => (
                      <tr key={`${r.month}-${r.accountId}`}>
                        <td className="nowrap">{formatBillingPeriod(r.month, i18n.language)}</td>
                        <td>
                          <Link
                            to={portalPath(
                              `/costs/explorer?from=${r.month}-01&to=${r.month}-28&granularity=daily&groupBy=chargeType&currency=USD&account=${r.accountId}`,
                            )}
                          >
                            {r.accountName}
                          </Link>
                          <div className="small muted mono">{r.accountId}</div>
                        </td>
                        <td className="num">{percent(r.utilizationPercent)}</td>
                        <td className="num">{percent(r.coveragePercent)}</td>
                        <td className="num nowrap">{formatUsd(r.usedCommitmentUsd)}</td>
                        <td className="num nowrap">{formatUsd(r.unusedCommitmentUsd)}</td>
                        <td className="num nowrap">{formatUsd(r.coveredOnDemandUsd)}</td>
                        <td className="num nowrap">{formatUsd(r.onDemandUsd)}</td>
                        <td className="num nowrap">{formatUsd(r.savingsUsd)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <p className="info-note" style={{ padding: '0 20px 12px' }}>
              {text.commitments.formula}
            </p>
          </Card>
        )}
      </QueryView>
    </>
  );
}
