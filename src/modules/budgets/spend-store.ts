import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { addDays, nextMonth, previousMonth } from '../calendar/rules/calendar-date.ts';
import { loadFxSettings } from '../fx/fx-settings-store.ts';
import { loadFxRateTable } from '../fx/load-rates.ts';
import { MissingFxRateError, rateForUsageMonth, usageRateDate } from '../fx/rules/fx-rate-choice.ts';
import type { FxSettings } from '../fx/rules/fx-settings.ts';
import type { MonthRate } from './rules/budget-status.ts';
import { ANOMALY_RULE } from './rules/anomaly.ts';

export type SpendRow = {
  companyId: string;
  billingPeriod: string;
  accountId: string;
  serviceCode: string;
  serviceName: string;
  billingEntity: string;
  date: string;
  /** Every line: what budgets and restricted services count. */
  usd: string;
  /** Usage lines only (no upfront or monthly fees, credits, refunds, tax): what the anomaly rule watches. */
  usageUsd: string;
};

/** The line types of usage itself, net of what RIs and Savings Plans cover. */
export const USAGE_LINE_TYPES = ['Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation'] as const;

export const monthEnd = (month: string) => addDays(`${nextMonth(month)}-01`, -1);

/**
 * Daily USD per company, account, service and billing entity for `month`, plus the days before it
 * that the anomaly baseline looks at. Reads the aggregated facts only; the company of a fact is the
 * account's company on the fact's day (account_assignments windows).
 */
export async function loadSpend(db: Queryable, month: string, companyId?: string): Promise<SpendRow[]> {
  const from = addDays(`${month}-01`, -ANOMALY_RULE.windowDays);
  let query = db
    .selectFrom('cost_facts as f')
    .innerJoin('account_assignments as aa', (join) =>
      join
        .onRef('aa.account_id', '=', 'f.usage_account_id')
        .on(sql<boolean>`f.usage_date >= aa.valid_from AND (aa.valid_to IS NULL OR f.usage_date < aa.valid_to)`),
    )
    .select([
      'aa.company_id',
      'f.billing_period',
      'f.usage_account_id',
      'f.service_code',
      sql<string>`max(f.service_name)`.as('service_name'),
      'f.billing_entity',
      sql<string>`f.usage_date::text`.as('usage_date'),
      sql<string>`sum(f.unblended_usd)::text`.as('usd'),
      sql<string>`coalesce(sum(f.unblended_usd) FILTER (WHERE f.line_item_type IN (${sql.join(USAGE_LINE_TYPES.map((t) => sql.lit(t)))}) AND f.bill_type <> 'Purchase'), 0)::text`.as(
        'usage_usd',
      ),
    ])
    .where('f.billing_period', 'in', [previousMonth(month), month])
    .where('f.usage_date', '>=', from)
    .where('f.usage_date', '<=', monthEnd(month))
    .groupBy(['aa.company_id', 'f.billing_period', 'f.usage_account_id', 'f.service_code', 'f.billing_entity', 'f.usage_date']);
  if (companyId) query = query.where('aa.company_id', '=', companyId);
  const rows = await query.execute();
  return rows.map((r) => ({
    companyId: r.company_id,
    billingPeriod: r.billing_period,
    accountId: r.usage_account_id,
    serviceCode: r.service_code,
    serviceName: r.service_name,
    billingEntity: r.billing_entity,
    date: r.usage_date,
    usd: r.usd,
    usageUsd: r.usage_usd,
  }));
}

/**
 * How far the month's data goes: the last usage day in its facts, and whether every payer's delivery
 * of the month is final (then the month is complete and nothing is forecast).
 */
export async function monthDataThrough(db: Queryable, month: string): Promise<{ lastDay: string | null; complete: boolean }> {
  const last = await db
    .selectFrom('cost_facts')
    .select(sql<string | null>`max(usage_date)::text`.as('last'))
    .where('billing_period', '=', month)
    .where('usage_date', '<=', monthEnd(month))
    .executeTakeFirst();
  const periods = await db.selectFrom('cost_periods').select('is_final').where('billing_period', '=', month).execute();
  const lastDay = last?.last ?? null;
  const complete = (periods.length > 0 && periods.every((p) => p.is_final)) || lastDay === monthEnd(month);
  return { lastDay, complete };
}

/**
 * The rate that converts the month to yen: the invoice's rate for the usage month once it is
 * published (the `usageRateDay` of the next month); before that — the open month — the latest rate
 * published on or before `today`. Null when no rate is stored at all.
 */
export async function monthRate(db: Queryable, month: string, today: string, settings?: FxSettings): Promise<MonthRate | null> {
  const fx = settings ?? (await loadFxSettings(db));
  const requested = usageRateDate(month, fx.usageRateDay);
  if (requested <= today) {
    const table = await loadFxRateTable(db, fx.source, addDays(requested, -fx.maxFallbackDays), addDays(requested, fx.maxFallbackDays));
    try {
      const chosen = rateForUsageMonth(month, table, fx);
      return { usdJpy: chosen.usdJpy, rateDate: chosen.rateDate, source: chosen.source, basis: 'usage-month' };
    } catch (error) {
      if (!(error instanceof MissingFxRateError)) throw error;
    }
  }
  const latest = await db
    .selectFrom('fx_rates')
    .select(['rate_date', 'usd_jpy', 'source'])
    .where('source', '=', fx.source)
    .where('rate_date', '<=', today)
    .orderBy('rate_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return latest ? { usdJpy: latest.usd_jpy, rateDate: latest.rate_date, source: latest.source, basis: 'latest' } : null;
}
