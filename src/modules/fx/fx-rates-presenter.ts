import { sql } from 'kysely';
import { z } from 'zod';
import { addDays, isCalendarDate, nextMonth, previousMonth, tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import type { AppContext } from '../../platform/context.ts';
import { forbidden, invalid } from '../../platform/errors.ts';
import { can, type Actor } from '../identity/rules/roles.ts';
import { loadFxSettings } from './fx-settings-store.ts';
import { loadFxRateTable } from './load-rates.ts';
import { MissingFxRateError, rateForUsageMonth, usageRateDate } from './rules/fx-rate-choice.ts';
import { FxSourceName } from './rules/fx-settings.ts';

const CalendarDate = z.string().refine(isCalendarDate, 'a date YYYY-MM-DD');

export const FxRatesQuery = z.object({ from: CalendarDate.optional(), to: CalendarDate.optional(), source: FxSourceName.optional() });

export const FxRateView = z.object({
  date: z.string(),
  usdJpy: z.string(),
  source: z.string(),
  importedAt: z.date(),
  importedBy: z.string(),
});

/** What a usage month converts at, under the current settings: published, a fallback, missing, or not yet due. */
export const UsageMonthRateView = z.object({
  month: z.string(),
  requestedDate: z.string(),
  status: z.enum(['published', 'fallback', 'missing', 'pending']),
  rateDate: z.string().nullable(),
  usdJpy: z.string().nullable(),
  /** The day whose rate is missing (status missing or pending). */
  neededDate: z.string().nullable(),
});

export const FxRatesListing = z.object({
  source: z.string(),
  from: z.string(),
  to: z.string(),
  sources: z.array(z.object({ source: z.string(), count: z.number().int(), firstDate: z.string(), lastDate: z.string() })),
  rates: z.array(FxRateView),
  /** More rates than shown lie in the range. */
  truncated: z.boolean(),
  usageMonths: z.array(UsageMonthRateView),
});
export type FxRatesListing = z.infer<typeof FxRatesListing>;

const MAX_ROWS = 1000;
const DEFAULT_SPAN_DAYS = 92;

/**
 * The rates of one source (default: the active one) from `from` to `to`, newest first, with the
 * usage months whose rate day falls in the range. Without a range: the last three months up to the
 * latest rate (or today in Japan when there is none).
 */
export async function listFxRates(ctx: AppContext, actor: Actor, query: z.output<typeof FxRatesQuery>): Promise<FxRatesListing> {
  if (!can(actor, 'fx.read')) throw forbidden();
  const settings = await loadFxSettings(ctx.db);
  const source = query.source ?? settings.source;
  const sources = await ctx.db
    .selectFrom('fx_rates')
    .select([
      'source',
      sql<string>`count(*)`.as('count'),
      sql<string>`min(rate_date)::text`.as('first_date'),
      sql<string>`max(rate_date)::text`.as('last_date'),
    ])
    .groupBy('source')
    .orderBy('source')
    .execute();
  const latest = sources.find((s) => s.source === source)?.last_date;
  const to = query.to ?? (query.from ? addDays(query.from, DEFAULT_SPAN_DAYS) : (latest ?? tokyoDateOf(ctx.now())));
  const from = query.from ?? addDays(to, -DEFAULT_SPAN_DAYS);
  if (from > to) throw invalid(`from ${from} is after to ${to}`);

  const rows = await ctx.db
    .selectFrom('fx_rates')
    .selectAll()
    .where('source', '=', source)
    .where('rate_date', '>=', from)
    .where('rate_date', '<=', to)
    .orderBy('rate_date', 'desc')
    .limit(MAX_ROWS + 1)
    .execute();

  const rule = { ...settings, source };
  const table = await loadFxRateTable(ctx.db, source, addDays(from, -rule.maxFallbackDays), addDays(to, rule.maxFallbackDays));
  const today = tokyoDateOf(ctx.now());
  const usageMonths: FxRatesListing['usageMonths'] = [];
  // Newest first, like the rates: every month whose rate day lies in [from, to].
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = nextMonth(month)) {
    const usage = previousMonth(month);
    const requestedDate = usageRateDate(usage, rule.usageRateDay);
    if (requestedDate < from || requestedDate > to) continue;
    try {
      const chosen = rateForUsageMonth(usage, table, rule);
      usageMonths.unshift({
        month: usage,
        requestedDate,
        status: chosen.fallback ? 'fallback' : 'published',
        rateDate: chosen.rateDate,
        usdJpy: chosen.usdJpy,
        neededDate: null,
      });
    } catch (error) {
      if (!(error instanceof MissingFxRateError)) throw error;
      const status = error.neededDate > today ? 'pending' : 'missing';
      usageMonths.unshift({ month: usage, requestedDate, status, rateDate: null, usdJpy: null, neededDate: error.neededDate });
    }
  }

  return {
    source,
    from,
    to,
    sources: sources.map((s) => ({ source: s.source, count: Number(s.count), firstDate: s.first_date, lastDate: s.last_date })),
    rates: rows
      .slice(0, MAX_ROWS)
      .map((r) => ({ date: r.rate_date, usdJpy: r.usd_jpy, source: r.source, importedAt: r.imported_at, importedBy: r.imported_by })),
    truncated: rows.length > MAX_ROWS,
    usageMonths,
  };
}
