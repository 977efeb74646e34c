import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Empty, PageHeader, QueryView } from '../../components/ui.tsx';
import { formatBillingPeriod } from '../../format.ts';
import { fill, usePortalText } from './i18n.ts';
import { Card, CsvButton, formatAmount, formatUtcDay, SERIES_COLORS } from './PortalParts.tsx';
import { DIMENSIONS, OTHER_INVOICE_LINES, useExplorer, type Dimension, type ExplorerParams, type ExplorerResult } from './portalApi.ts';
import { chartRows, defaultExplorerParams, explorerParamsOf, presetRange, PRESETS } from './explorer-state.ts';

/** コストエクスプローラー: the whole query lives in the URL, so a view can be bookmarked and shared. */
export function CostExplorerPage({ companyId }: { companyId: string }) {
  const text = usePortalText();
  const [search, setSearch] = useSearchParams();
  const params = explorerParamsOf(search, defaultExplorerParams(new Date()));
  const result = useExplorer(companyId, params);
  const set = (change: Partial<ExplorerParams>) => {
    const next = { ...params, ...change };
    const s = new URLSearchParams({
      from: next.from,
      to: next.to,
      granularity: next.granularity,
      groupBy: next.groupBy,
      currency: next.currency,
    });
    for (const d of DIMENSIONS) if (next[d]) s.set(d, next[d]!);
    setSearch(s);
  };
  return (
    <>
      <PageHeader
        title={text.explorer.title}
        subtitle={text.explorer.lead}
        actions={<Link to="/costs/commitments">{text.explorer.commitmentsLink}</Link>}
      />
      <QueryControls params={params} set={set} />
      <QueryView query={result}>{(data) => <ExplorerView data={data} />}</QueryView>
    </>
  );
}

function QueryControls({ params, set }: { params: ExplorerParams; set: (change: Partial<ExplorerParams>) => void }) {
  const text = usePortalText();
  const [filters, setFilters] = useState<Partial<Record<Dimension, string>>>(() =>
    Object.fromEntries(DIMENSIONS.map((d) => [d, params[d] ?? ''])),
  );
  const applyFilters = (event: FormEvent) => {
    event.preventDefault();
    set(Object.fromEntries(DIMENSIONS.map((d) => [d, filters[d]?.trim() || undefined])));
  };
  const select = <K extends keyof ExplorerParams>(key: K, label: string, options: [string, string][]) => (
    <label className="inline-label">
      {label}
      <select
        aria-label={label}
        value={params[key] as string}
        onChange={(e) => set({ [key]: e.target.value } as Partial<ExplorerParams>)}
        style={{ minWidth: 110 }}
      >
        {options.map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="card">
      <div className="toolbar">
        <label className="inline-label nowrap">
          {text.explorer.from}
          <input
            type="date"
            aria-label={text.explorer.from}
            value={params.from}
            onChange={(e) => e.target.value && set({ from: e.target.value })}
          />
        </label>
        <label className="inline-label nowrap">
          {text.explorer.to}
          <input
            type="date"
            aria-label={text.explorer.to}
            value={params.to}
            onChange={(e) => e.target.value && set({ to: e.target.value })}
          />
        </label>
        {PRESETS.map((preset) => (
          <button key={preset} type="button" className="button button-secondary" onClick={() => set(presetRange(preset, new Date()))}>
            {text.explorer.ranges[preset]}
          </button>
        ))}
      </div>
      <div className="toolbar">
        {select('granularity', text.explorer.granularity, [
          ['daily', text.explorer.daily],
          ['monthly', text.explorer.monthly],
        ])}
        {select(
          'groupBy',
          text.explorer.groupBy,
          DIMENSIONS.map((d) => [d, text.dimensions[d]]),
        )}
        {select('currency', text.explorer.currency, [
          ['JPY', text.jpy],
          ['USD', text.usd],
        ])}
      </div>
      <form className="toolbar" onSubmit={applyFilters}>
        <span className="muted small">{text.explorer.filters}</span>
        {DIMENSIONS.map((d) => (
          <input
            key={d}
            aria-label={`${text.explorer.filters}: ${text.dimensions[d]}`}
            placeholder={text.dimensions[d]}
            title={text.explorer.filterHint}
            value={filters[d] ?? ''}
            onChange={(e) => setFilters((f) => ({ ...f, [d]: e.target.value }))}
            style={{ width: 150 }}
          />
        ))}
        <button type="submit" className="button button-primary">
          {text.explorer.filters}
        </button>
        {DIMENSIONS.some((d) => params[d]) && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setFilters({});
              set(Object.fromEntries(DIMENSIONS.map((d) => [d, undefined])));
            }}
          >
            {text.explorer.clearFilters}
          </button>
        )}
      </form>
    </div>
  );
}

function ExplorerView({ data }: { data: ExplorerResult }) {
  const text = usePortalText();
  const { i18n } = useTranslation();
  const label = (key: string, fallback: string) => (key === OTHER_INVOICE_LINES ? text.explorer.otherInvoiceLines : fallback);
  const periodLabel = (p: string) => (data.granularity === 'monthly' ? formatBillingPeriod(p, i18n.language) : formatUtcDay(p).slice(5));
  const { rows, series } = useMemo(() => chartRows(data, text.explorer.others), [data, text.explorer.others]);
  const invoiced = data.periods.some((p) => p.basis === 'invoice');
  const estimated = data.periods.some((p) => p.basis === 'estimate');
  const share = (total: string) => (Number(data.total) === 0 ? '—' : `${((Number(total) / Number(data.total)) * 100).toFixed(1)}%`);
  return (
    <>
      <p className="info-note">
        {text.explorer.utcNote}{' '}
        {invoiced &&
          fill(text.explorer.basisInvoice, {
            months: data.invoicedMonths.map((m) => formatBillingPeriod(m.month, i18n.language)).join('・'),
          })}{' '}
        {estimated && data.rate && fill(text.explorer.basisEstimate, { date: formatUtcDay(data.rate.date), rate: data.rate.usdJpy })}
      </p>
      <Card title={`${text.explorer.total}: ${formatAmount(data.total, data.currency)}`}>
        {data.groups.length === 0 ? (
          <Empty>{text.explorer.empty}</Empty>
        ) : (
          <div className="card-body" style={{ height: 380 }} data-testid="explorer-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={rows} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="period" tickFormatter={periodLabel} fontSize={11} minTickGap={12} />
                <YAxis fontSize={11} width={90} tickFormatter={(v: number) => formatAmount(String(Math.round(v)), data.currency)} />
                <Tooltip
                  labelFormatter={(p) => periodLabel(String(p))}
                  formatter={(v, name) => [formatAmount(String(v), data.currency), name]}
                />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                {series.map((s, i) => (
                  <Bar
                    key={s.key}
                    dataKey={s.key}
                    name={label(s.key, s.label)}
                    stackId="cost"
                    fill={SERIES_COLORS[Math.min(i, SERIES_COLORS.length - 1)]}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
      </Card>
      <Card
        title={text.dimensions[data.groupBy]}
        actions={
          <CsvButton
            filename={`costs-${data.groupBy}-${data.granularity}-${data.from}_${data.to}-${data.currency}.csv`}
            header={[
              text.dimensions[data.groupBy],
              'key',
              ...data.periods.map((p) => p.period),
              `${text.explorer.total} (${data.currency})`,
            ]}
            rows={[
              ...data.groups.map((g) => [
                label(g.key, g.label),
                g.key,
                ...data.periods.map((p) => data.cells.find((c) => c.period === p.period && c.key === g.key)?.amount ?? '0'),
                g.total,
              ]),
              [text.explorer.total, '', ...data.periods.map((p) => periodTotal(data, p.period)), data.total],
            ]}
          />
        }
      >
        {data.groups.length === 0 ? (
          <Empty>{text.explorer.empty}</Empty>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="explorer-table">
              <thead>
                <tr>
                  <th>{text.dimensions[data.groupBy]}</th>
                  <th className="num">{text.explorer.total}</th>
                  <th className="num">{text.explorer.share}</th>
                </tr>
              </thead>
              <tbody>
                {data.groups.map((g) => (
                  <tr key={g.key}>
                    <td>
                      {label(g.key, g.label)}
                      {g.label !== g.key && g.key !== OTHER_INVOICE_LINES && data.groupBy !== 'account' && (
                        <div className="small muted mono">{g.key}</div>
                      )}
                    </td>
                    <td className="num nowrap">{formatAmount(g.total, data.currency)}</td>
                    <td className="num nowrap muted">{share(g.total)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th>{text.explorer.total}</th>
                  <th className="num nowrap">{formatAmount(data.total, data.currency)}</th>
                  <th className="num">100%</th>
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}

function periodTotal(data: ExplorerResult, period: string): string {
  const cells = data.cells.filter((c) => c.period === period);
  if (data.currency === 'JPY') return cells.reduce((sum, c) => sum + BigInt(c.amount), 0n).toString();
  // Exact decimal sum of USD strings, in millionths of a cent and beyond: scale to the longest fraction.
  const scale = Math.max(0, ...cells.map((c) => (c.amount.split('.')[1] ?? '').length));
  const sum = cells.reduce((s, c) => {
    const [w = '0', f = ''] = c.amount.replace('-', '').split('.');
    const v = BigInt(w + f.padEnd(scale, '0'));
    return c.amount.startsWith('-') ? s - v : s + v;
  }, 0n);
  const negative = sum < 0n;
  const digits = (negative ? -sum : sum).toString().padStart(scale + 1, '0');
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}
