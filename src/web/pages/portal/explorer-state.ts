import { DIMENSIONS, OTHERS, type ExplorerParams, type ExplorerResult, type GroupBy } from './portalApi.ts';

/** How many groups the chart stacks by name; the rest is one "others" band. */
export const CHART_SERIES = 8;
export const PRESETS = ['last30', 'last90', 'thisMonth', 'lastMonth', 'last12Months'] as const;
export type Preset = (typeof PRESETS)[number];

const utcDay = (d: Date) => d.toISOString().slice(0, 10);
const shift = (day: string, days: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
const monthStart = (day: string, back: number) => {
  const d = new Date(Date.parse(`${day.slice(0, 7)}-01T00:00:00Z`));
  d.setUTCMonth(d.getUTCMonth() - back);
  return utcDay(d);
};

/** A range preset on UTC days (AWS's), ending today (UTC) or at the end of last month. */
export function presetRange(preset: Preset, now: Date): { from: string; to: string; granularity?: 'monthly' } {
  const today = utcDay(now);
  switch (preset) {
    case 'last30':
      return { from: shift(today, -29), to: today };
    case 'last90':
      return { from: shift(today, -89), to: today };
    case 'thisMonth':
      return { from: monthStart(today, 0), to: today };
    case 'lastMonth':
      return { from: monthStart(today, 1), to: shift(monthStart(today, 0), -1) };
    case 'last12Months':
      return { from: monthStart(today, 11), to: today, granularity: 'monthly' };
  }
}

/** The default view: the last three UTC months up to today, daily, by service, in yen. */
export function defaultExplorerParams(now: Date): ExplorerParams {
  const today = utcDay(now);
  return { from: monthStart(today, 2), to: today, granularity: 'daily', groupBy: 'service', currency: 'JPY' };
}

/** The query in the page's URL, anything missing or unknown taken from the defaults. */
export function explorerParamsOf(search: URLSearchParams, defaults: ExplorerParams): ExplorerParams {
  const day = (key: 'from' | 'to') => {
    const v = search.get(key);
    return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : defaults[key];
  };
  const pick = <T extends string>(key: string, options: readonly T[], fallback: T): T => {
    const v = search.get(key);
    return v !== null && (options as readonly string[]).includes(v) ? (v as T) : fallback;
  };
  const params: ExplorerParams = {
    from: day('from'),
    to: day('to'),
    granularity: pick('granularity', ['daily', 'monthly'] as const, defaults.granularity),
    groupBy: pick<GroupBy>('groupBy', [...DIMENSIONS, 'tag'], defaults.groupBy),
    currency: pick('currency', ['USD', 'JPY'] as const, defaults.currency),
  };
  for (const d of DIMENSIONS) {
    const v = search.get(d);
    if (v) params[d] = v;
  }
  const tagKey = search.get('tagKey');
  if (tagKey) {
    params.tagKey = tagKey;
    const tag = search.get('tag');
    if (tag) params.tag = tag;
  } else if (params.groupBy === 'tag') params.groupBy = defaults.groupBy;
  return params;
}

/** The tag filter's values (comma-separated in the URL), and the list with one value switched on or off. */
export function tagValues(params: ExplorerParams): string[] {
  return params.tag ? params.tag.split(',').filter(Boolean) : [];
}

export function toggleTagValue(params: ExplorerParams, value: string): string | undefined {
  const values = tagValues(params);
  const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  return next.length ? next.join(',') : undefined;
}

/**
 * The chart's rows: one per period, one numeric field per series. The CHART_SERIES largest groups
 * are their own series; the rest is summed into "others".
 */
export function chartRows(data: ExplorerResult, othersLabel: string) {
  const named = data.groups.slice(0, CHART_SERIES);
  const keys = new Set(named.map((g) => g.key));
  const series = [...named.map((g) => ({ key: g.key, label: g.label }))];
  if (data.groups.length > CHART_SERIES) series.push({ key: OTHERS, label: othersLabel });
  const byPeriod = new Map(data.periods.map((p) => [p.period, { period: p.period } as Record<string, string | number>]));
  for (const c of data.cells) {
    const row = byPeriod.get(c.period);
    if (!row) continue;
    const key = keys.has(c.key) ? c.key : OTHERS;
    row[key] = Number(row[key] ?? 0) + Number(c.amount);
  }
  return { rows: [...byPeriod.values()], series };
}
