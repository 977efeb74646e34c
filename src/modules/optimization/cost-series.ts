import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { addDays, nextMonth } from '../calendar/rules/calendar-date.ts';
import { loadFxSettings } from '../fx/fx-settings-store.ts';
import { loadFxRateTable } from '../fx/load-rates.ts';
import { MissingFxRateError, rateForUsageMonth, usageRateDate } from '../fx/rules/fx-rate-choice.ts';
import { convertUsdToJpy } from '../fx/rules/yen-conversion.ts';
import type { MonthCost } from './rules/cost-effect.ts';

/**
 * Monthly cost of a proposal's scope from the ingested cost data: amortized USD (upfront commitments
 * spread over their term), tax left out, of the company's accounts while they were the company's
 * (its assignment windows), narrowed to the proposal's accounts and services when it names any.
 * Each month in yen at its usage-month rate (the invoices' rule); null yen when that rate is missing.
 */
export async function monthlyCosts(
  db: Queryable,
  scope: { companyId: string; accountIds: readonly string[]; serviceCodes: readonly string[] },
  from: string,
  to: string,
): Promise<MonthCost[]> {
  let query = db
    .selectFrom('cost_facts as f')
    .innerJoin('account_assignments as a', (join) =>
      join
        .onRef('a.account_id', '=', 'f.usage_account_id')
        .on('a.company_id', '=', scope.companyId)
        .on(sql<boolean>`f.usage_date >= a.valid_from AND (a.valid_to IS NULL OR f.usage_date < a.valid_to)`),
    )
    .select(['f.billing_period', sql<string>`sum(f.amortized_usd)::text`.as('usd')])
    .where('f.billing_period', '>=', from)
    .where('f.billing_period', '<=', to)
    .where('f.line_item_type', '<>', 'Tax')
    .groupBy('f.billing_period');
  if (scope.accountIds.length > 0) query = query.where('f.usage_account_id', 'in', [...scope.accountIds]);
  if (scope.serviceCodes.length > 0) query = query.where('f.service_code', 'in', [...scope.serviceCodes]);
  const rows = await query.execute();
  const usdOf = new Map(rows.map((r) => [r.billing_period, r.usd]));

  const settings = await loadFxSettings(db);
  const table = await loadFxRateTable(
    db,
    settings.source,
    addDays(usageRateDate(from, settings.usageRateDay), -settings.maxFallbackDays),
    addDays(usageRateDate(to, settings.usageRateDay), settings.maxFallbackDays),
  );
  const months: MonthCost[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) {
    const usd = usdOf.get(m) ?? '0';
    let jpy: bigint | null;
    try {
      jpy = convertUsdToJpy(usd, rateForUsageMonth(m, table, settings).usdJpy, settings.rounding);
    } catch (error) {
      if (!(error instanceof MissingFxRateError)) throw error;
      jpy = null;
    }
    months.push({ month: m, usd, jpy });
  }
  return months;
}
