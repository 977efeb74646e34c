import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Empty, PageHeader, QueryView } from '../../components/ui.tsx';
import { formatBillingPeriod } from '../../format.ts';
import { usePortalPath } from '../../read-only-view.tsx';
import { fill, usePortalText } from './i18n.ts';
import { Card, CsvButton, formatAmount, formatUtcDay, SERIES_COLORS } from './PortalParts.tsx';
import {
  DIMENSIONS,
  explorerSearch,
  OTHER_INVOICE_LINES,
  UNTAGGED,
  useCostTags,
  useExplorer,
  type Dimension,
  type ExplorerParams,
  type ExplorerResult,
} from './portalApi.ts';
import { chartRows, defaultExplorerParams, explorerParamsOf, presetRange, PRESETS, tagValues, toggleTagValue } from './explorer-state.ts';

/** コストエクスプローラー: the whole query lives in the URL, so a view can be bookmarked and shared. */
export function CostExplorerPage({ companyId }: { companyId: string }) {
  const text = usePortalText();
  const portalPath = usePortalPath();
  const [search, setSearch] = useSearchParams();
  const params = explorerParamsOf(search, defaultExplorerParams(new Date()));
  const result = useExplorer(companyId, params);
  const set = (change: Partial<ExplorerParams>) => setSearch(new URLSearchParams(explorerSearch({ ...params, ...change })));
  return (
    <>
      <PageHeader
        title={text.explorer.title}
        subtitle={text.explorer.lead}
        actions={<Link to={portalPath('/costs/commitments')}>{text.explorer.commitmentsLink}</Link>}
      />
      <QueryControls companyId={companyId} params={params} set={set} />
      <QueryView query={result}>{(data) => <ExplorerView data={data} tagKey={params.tagKey} />}</QueryView>
    </>
  );
}

function QueryControls({
  companyId,
  params,
  set,
}: {
  companyId: string;
  params: ExplorerParams;
  set: (change: Partial<ExplorerParams>) => void;
}) {
  const text = usePortalText();
  const tags = useCostTags(companyId, params.from, params.to).data ?? [];
  const tagKey = params.tagKey;
  // The current key stays offered even when the range has none of its tags.
  const tagKeys = [...new Set([...tags.map((t) => t.key), ...(tagKey ? [tagKey] : [])])].sort();
  const tagValuesOfKey = tags.find((t) => t.key === tagKey)?.values ?? [];
  const selectedTags = tagValues(params);
  const groupValue = params.groupBy === 'tag' ? `tag:${tagKey}` : params.groupBy;
  const chooseGroup = (value: string) => {
    if (value.startsWith('tag:')) {
      const key = value.slice(4);
      set({ groupBy: 'tag', tagKey: key, tag: key === tagKey ? params.tag : undefined });
    } else set({ groupBy: value as Dimension, tagKey: params.tag ? tagKey : undefined });
  };
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
        <label className="inline-label">
          {text.explorer.groupBy}
          <select
            aria-label={text.explorer.groupBy}
            value={groupValue}
            onChange={(e) => chooseGroup(e.target.value)}
            style={{ minWidth: 110 }}
          >
            {DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {text.dimensions[d]}
              </option>
            ))}
            {tagKeys.length > 0 && (
              <optgroup label={text.explorer.tag}>
                {tagKeys.map((key) => (
                  <option key={key} value={`tag:${key}`}>
                    {fill(text.explorer.tagGroup, { key })}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
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
        {(DIMENSIONS.some((d) => params[d]) || params.tag) && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setFilters({});
              set({ ...Object.fromEntries(DIMENSIONS.map((d) => [d, undefined])), tag: undefined });
            }}
          >
            {text.explorer.clearFilters}
          </button>
        )}
      </form>
      {tagKeys.length > 0 && (
        <div className="toolbar" data-testid="tag-filters">
          <label className="inline-label nowrap">
            {text.explorer.tagKeyFilter}
            <select
              aria-label={text.explorer.tagKeyFilter}
              value={tagKey ?? ''}
              disabled={params.groupBy === 'tag'}
              onChange={(e) => set({ tagKey: e.target.value || undefined, tag: undefined })}
            >
              <option value="">{text.explorer.noTagKey}</option>
              {tagKeys.map((key) => (
                <option key={key} value={key}>
                  {key}
                </option>
              ))}
            </select>
          </label>
          {tagKey &&
            tagValuesOfKey.map((value) => (
              <button
                key={value}
                type="button"
                aria-pressed={selectedTags.includes(value)}
                className={`button ${selectedTags.includes(value) ? 'button-primary' : 'button-secondary'}`}
                onClick={() => set({ tag: toggleTagValue(params, value) })}
              >
                {value === UNTAGGED ? text.explorer.untagged : value}
              </button>
            ))}
          <span className="muted small">{text.explorer.tagNote}</span>
        </div>
      )}
    </div>
  );
}

function ExplorerView({ data, tagKey }: { data: ExplorerResult; tagKey: string | undefined }) {
  const text = usePortalText();
  const { i18n } = useTranslation();
  const label = (key: string, fallback: string) =>
    key === OTHER_INVOICE_LINES
      ? text.explorer.otherInvoiceLines
      : data.groupBy === 'tag' && key === UNTAGGED
        ? text.explorer.untagged
        : fallback;
  const groupTitle = data.groupBy === 'tag' ? fill(text.explorer.tagGroup, { key: tagKey ?? '' }) : text.dimensions[data.groupBy];
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
        title={groupTitle}
        actions={
          <CsvButton
            filename={`costs-${data.groupBy}-${data.granularity}-${data.from}_${data.to}-${data.currency}.csv`}
            header={[groupTitle, 'key', ...data.periods.map((p) => p.period), `${text.explorer.total} (${data.currency})`]}
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
                  <th>{groupTitle}</th>
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
