import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Badge, Empty, PageHeader, QueryView } from '../../components/ui.tsx';
import { formatBillingPeriod } from '../../format.ts';
import { usePortalPath } from '../../read-only-view.tsx';
import { formatYen } from '../invoicing/InvoiceParts.tsx';
import { fill, usePortalText } from './i18n.ts';
import { Card, CsvButton, formatUsd, formatUtcDay, StandingBadge } from './PortalParts.tsx';
import { explorerSearch, OTHERS, usePortalOverview, type PortalOverview, type Ranked } from './portalApi.ts';

/**
 * コスト概要: the customer's home page. `alerts` is the budgets module's open-alerts card, passed in by
 * the app so that the portal does not depend on the budgets module.
 */
export function PortalOverviewPage({ companyId, alerts }: { companyId: string; alerts?: ReactNode }) {
  const text = usePortalText();
  const overview = usePortalOverview(companyId);
  return (
    <>
      <PageHeader title={text.overview.title} subtitle={text.overview.lead} />
      <QueryView query={overview}>{(data) => <Overview data={data} alerts={alerts} />}</QueryView>
    </>
  );
}

function Overview({ data, alerts }: { data: PortalOverview; alerts?: ReactNode }) {
  const text = usePortalText();
  const { i18n } = useTranslation();
  const portalPath = usePortalPath();
  const { estimate } = data;
  const monthLabel = formatBillingPeriod(data.month, i18n.language);
  const monthQuery = explorerSearch({
    from: `${data.month}-01`,
    to: estimate.lastDay ?? `${data.month}-01`,
    granularity: 'daily',
    groupBy: 'service',
    currency: 'JPY',
  });
  return (
    <>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: 20 }}>
        <div className="card" data-testid="estimate">
          <div className="card-body">
            <div className="muted small">
              {monthLabel} {text.overview.estimateTitle} <Badge tone="warn">{text.overview.estimateBadge}</Badge>
            </div>
            {estimate.lastDay ? (
              <>
                <div style={{ fontSize: 30, fontWeight: 700, margin: '8px 0 2px' }}>
                  {estimate.toDateJpy ? formatYen(estimate.toDateJpy) : formatUsd(estimate.toDateUsd)}
                </div>
                <div className="muted small">
                  {fill(text.overview.toDate, { day: formatUtcDay(estimate.lastDay) })} · {formatUsd(estimate.toDateUsd)}
                </div>
              </>
            ) : (
              <p className="muted">{text.overview.noData}</p>
            )}
          </div>
        </div>
        <div className="card" data-testid="forecast">
          <div className="card-body">
            <div className="muted small">
              {text.overview.forecast} <Badge tone="warn">{text.overview.estimateBadge}</Badge>
            </div>
            {estimate.forecastUsd ? (
              <>
                <div style={{ fontSize: 30, fontWeight: 700, margin: '8px 0 2px' }}>
                  {estimate.forecastJpy ? formatYen(estimate.forecastJpy) : formatUsd(estimate.forecastUsd)}
                </div>
                <div className="muted small">
                  {formatUsd(estimate.forecastUsd)} ·{' '}
                  {fill(text.overview.forecastNote, { days: estimate.daysInMonth - estimate.daysElapsed })}
                </div>
              </>
            ) : (
              <p className="muted">—</p>
            )}
          </div>
        </div>
      </div>
      <p className="info-note">
        {estimate.rate
          ? fill(text.overview.rate, { date: formatUtcDay(estimate.rate.date), rate: estimate.rate.usdJpy, source: estimate.rate.source })
          : text.overview.noRate}{' '}
        <Link to={portalPath(`/costs/explorer?${monthQuery}`)}>{text.overview.openExplorer}</Link>
      </p>

      {alerts}

      {estimate.daily.length > 0 && (
        <Card title={text.overview.dailyChart}>
          <div className="card-body" style={{ height: 220 }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={estimate.daily.map((d) => ({ day: d.date.slice(5).replace('-', '/'), usd: Number(d.usd) }))}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="day" fontSize={11} />
                <YAxis fontSize={11} width={70} tickFormatter={(v: number) => `$${v.toLocaleString('en-US')}`} />
                <Tooltip formatter={(v) => formatUsd(String(v))} />
                <Bar dataKey="usd" fill="#2563eb" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </Card>
      )}

      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))', gap: 20 }}>
        <RankedCard
          title={text.overview.topServices}
          rows={data.topServices}
          dimension="service"
          month={data.month}
          lastDay={estimate.lastDay}
          csvName={`top-services-${data.month}.csv`}
        />
        <RankedCard
          title={text.overview.topAccounts}
          rows={data.topAccounts}
          dimension="account"
          month={data.month}
          lastDay={estimate.lastDay}
          csvName={`top-accounts-${data.month}.csv`}
        />
      </div>

      <Card
        title={text.overview.unpaidTitle}
        actions={
          data.unpaid.length > 0 && (
            <CsvButton
              filename="unpaid-invoices.csv"
              header={[
                text.invoices.month,
                text.invoices.number,
                text.invoices.dueDate,
                text.invoices.total,
                text.invoices.balance,
                text.invoices.status,
              ]}
              rows={data.unpaid.map((u) => [
                u.billingMonth,
                u.number,
                u.dueDate,
                u.totalJpy,
                u.balanceJpy,
                text.invoices.statuses[u.status],
              ])}
            />
          )
        }
      >
        {data.unpaid.length === 0 ? (
          <Empty>{text.overview.unpaidEmpty}</Empty>
        ) : (
          <table className="table" data-testid="unpaid">
            <thead>
              <tr>
                <th>{text.invoices.month}</th>
                <th>{text.invoices.number}</th>
                <th>{text.invoices.dueDate}</th>
                <th className="num">{text.invoices.total}</th>
                <th className="num">{text.invoices.balance}</th>
                <th>{text.invoices.status}</th>
              </tr>
            </thead>
            <tbody>
              {data.unpaid.map((u) => (
                <tr key={u.invoiceId}>
                  <td>
                    <Link to={portalPath(`/invoices/${u.invoiceId}`)}>{formatBillingPeriod(u.billingMonth, i18n.language)}</Link>
                  </td>
                  <td className="mono">{u.number}</td>
                  <td>{u.dueDate ? formatUtcDay(u.dueDate) : '—'}</td>
                  <td className="num">{formatYen(u.totalJpy)}</td>
                  <td className="num">{formatYen(u.balanceJpy)}</td>
                  <td>
                    <StandingBadge status={u.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <Card
        title={text.overview.invoicedTitle}
        actions={
          data.invoicedMonths.length > 0 && (
            <CsvButton
              filename="invoiced-months.csv"
              header={[text.invoices.month, text.invoices.number, text.invoices.total]}
              rows={data.invoicedMonths.map((m) => [m.month, m.number, m.totalJpy])}
            />
          )
        }
      >
        {data.invoicedMonths.length === 0 ? (
          <Empty>{text.overview.invoicedEmpty}</Empty>
        ) : (
          <div className="card-body" style={{ height: 220 }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart
                data={[...data.invoicedMonths]
                  .reverse()
                  .map((m) => ({ month: formatBillingPeriod(m.month, i18n.language), jpy: Number(m.totalJpy) }))}
              >
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="month" fontSize={12} />
                <YAxis fontSize={11} width={90} tickFormatter={(v: number) => formatYen(String(v))} />
                <Tooltip formatter={(v) => formatYen(String(v))} />
                <Bar dataKey="jpy" fill="#0f766e" maxBarSize={64} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
      </Card>
    </>
  );
}

function RankedCard({
  title,
  rows,
  dimension,
  month,
  lastDay,
  csvName,
}: {
  title: string;
  rows: Ranked[];
  dimension: 'service' | 'account';
  month: string;
  lastDay: string | null;
  csvName: string;
}) {
  const text = usePortalText();
  const portalPath = usePortalPath();
  const label = (r: Ranked) => (r.key === OTHERS ? text.overview.others : r.label);
  return (
    <Card
      title={title}
      actions={
        rows.length > 0 && (
          <CsvButton
            filename={csvName}
            header={[text.dimensions[dimension], 'USD', text.jpy]}
            rows={rows.map((r) => [label(r), r.usd, r.jpy])}
          />
        )
      }
    >
      {rows.length === 0 ? (
        <Empty>{text.overview.noData}</Empty>
      ) : (
        <table className="table" data-testid={`top-${dimension}`}>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td>
                  {r.key === OTHERS ? (
                    label(r)
                  ) : (
                    <Link
                      to={portalPath(
                        `/costs/explorer?${explorerSearch({ from: `${month}-01`, to: lastDay ?? `${month}-01`, granularity: 'daily', groupBy: dimension === 'service' ? 'usageType' : 'service', currency: 'JPY', [dimension]: r.key })}`,
                      )}
                    >
                      {label(r)}
                    </Link>
                  )}
                  {dimension === 'account' && r.key !== OTHERS && <div className="small muted mono">{r.key}</div>}
                </td>
                <td className="num">{r.jpy ? formatYen(r.jpy) : '—'}</td>
                <td className="num muted small">{formatUsd(r.usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
