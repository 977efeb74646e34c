import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { addDays, nextMonth, previousMonth, tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { forecastMonthEnd } from '../costs/rules/month-forecast.ts';
import { convertUsdToJpy } from '../fx/rules/yen-conversion.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { RateView } from './explorer-presenter.ts';
import { invoiceStandings, InvoiceStandingView } from './invoice-standings-presenter.ts';
import { accountNames, assertPortalReader, companyFacts, latestRate } from './portal-scope.ts';
import { topWithOthers } from './rules/top-with-others.ts';

/** How many services and accounts the overview names before "others". */
export const TOP_COUNT = 5;
/** How many past months of invoices the overview shows. */
export const INVOICED_MONTHS = 12;

const Ranked = z.object({ key: z.string(), label: z.string(), usd: z.string(), jpy: z.string().nullable() });

export const PortalOverview = z.object({
  company: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  /** The open month (the current UTC month: AWS bills by UTC month). */
  month: z.string(),
  estimate: z.object({
    /** The last UTC day with cost data this month, null before the first delivery. */
    lastDay: z.string().nullable(),
    daysElapsed: z.number().int(),
    daysInMonth: z.number().int(),
    toDateUsd: z.string(),
    forecastUsd: z.string().nullable(),
    /** At `rate`, rounded half-up once per amount; null when no rate is published. */
    toDateJpy: z.string().nullable(),
    forecastJpy: z.string().nullable(),
    rate: RateView.nullable(),
    daily: z.array(z.object({ date: z.string(), usd: z.string() })),
  }),
  topServices: z.array(Ranked),
  topAccounts: z.array(Ranked),
  invoicedMonths: z.array(
    z.object({
      month: z.string(),
      invoiceId: z.string(),
      number: z.string().nullable(),
      totalJpy: z.string(),
      subtotalJpy: z.string(),
      status: z.string(),
    }),
  ),
  unpaid: z.array(InvoiceStandingView),
});
export type PortalOverview = z.infer<typeof PortalOverview>;

/** What of the clock the overview depends on: the open (UTC) month, and today in Japan (invoices overdue). */
export function overviewClock(now: Date) {
  return { month: now.toISOString().slice(0, 7), today: tokyoDateOf(now) };
}

/**
 * The portal's home page for a company: this month to date and its forecast (estimates at the latest
 * published rate), the invoiced totals of the last months, this month's top services and accounts,
 * and the invoices still to pay. Open alerts are budgets' (part 2), not read here.
 */
export async function portalOverview(ctx: AppContext, actor: Actor, companyId: string): Promise<PortalOverview> {
  const company = await assertPortalReader(ctx, actor, companyId);
  const { month, today } = overviewClock(ctx.now());
  const first = `${month}-01`;
  const last = addDays(`${nextMonth(month)}-01`, -1);

  const [totals, names, rate, standings] = await Promise.all([
    // By day, by service and by account in one pass over the month's facts (an index-only scan).
    companyFacts(ctx.db, companyId, first, last)
      .select([
        sql<number>`grouping(f.usage_date, f.service_code, f.usage_account_id)`.as('set'),
        sql<string>`coalesce(f.usage_date::text, f.service_code, f.usage_account_id)`.as('key'),
        sql<string>`max(f.service_name)`.as('label'),
        sql<string>`sum(f.unblended_usd)::text`.as('usd'),
      ])
      .groupBy(sql`GROUPING SETS ((f.usage_date), (f.service_code), (f.usage_account_id))`)
      .orderBy('key')
      .execute(),
    accountNames(ctx.db, companyId),
    latestRate(ctx.db),
    invoiceStandings(ctx.db, companyId, today),
  ]);
  // grouping() has a bit set for each column not grouped: 0b011 = by day, 0b101 = by service, 0b110 = by account.
  const daily = totals.filter((t) => t.set === 0b011).map((t) => ({ date: t.key, usd: t.usd }));
  const byService = totals.filter((t) => t.set === 0b101);
  const byAccount = totals.filter((t) => t.set === 0b110);

  const lastDay = daily.at(-1)?.date ?? null;
  const forecast = lastDay ? forecastMonthEnd({ month, lastDay, daily: daily.map((d) => ({ date: d.date, amount: d.usd })) }) : null;
  const toDateUsd = forecast?.toDate ?? new Decimal(0);
  const yen = (usd: string | Decimal) => (rate ? convertUsdToJpy(usd, rate.usdJpy, 'half-up').toString() : null);
  const ranked = (rows: { key: string; label: string; usd: string }[]) =>
    topWithOthers(rows, TOP_COUNT).map((r) => ({ key: r.key, label: r.label, usd: r.usd, jpy: yen(r.usd) }));

  const oldest = Array.from({ length: INVOICED_MONTHS }).reduce<string>((m) => previousMonth(m), month);
  return {
    company,
    month,
    estimate: {
      lastDay,
      daysElapsed: forecast?.daysElapsed ?? 0,
      daysInMonth: Number(last.slice(8, 10)),
      toDateUsd: toDateUsd.toFixed(2),
      forecastUsd: forecast ? forecast.forecast.toFixed(2) : null,
      toDateJpy: yen(toDateUsd),
      forecastJpy: forecast ? yen(forecast.forecast) : null,
      rate,
      daily: daily.map((d) => ({ date: d.date, usd: new Decimal(d.usd).toFixed(2) })),
    },
    topServices: ranked(byService.map((r) => ({ key: r.key, label: r.label, usd: r.usd }))),
    topAccounts: ranked(byAccount.map((r) => ({ key: r.key, label: names.get(r.key) ?? r.key, usd: r.usd }))),
    invoicedMonths: standings
      .filter((s) => s.status !== 'void' && s.billingMonth >= oldest)
      .map((s) => ({
        month: s.billingMonth,
        invoiceId: s.invoiceId,
        number: s.number,
        totalJpy: s.totalJpy,
        subtotalJpy: s.subtotalJpy,
        status: s.status,
      })),
    unpaid: standings.filter((s) => s.status !== 'void' && s.status !== 'paid' && BigInt(s.balanceJpy) > 0n),
  };
}
