import type { Decimal } from 'decimal.js';
import { addDays, isCalendarDate, isCalendarMonth } from '../calendar/rules/calendar-date.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { DomainError, invalid } from '../../platform/errors.ts';
import { loadFxSettings } from './fx-settings-store.ts';
import {
  fxRateTable,
  MissingFxRateError,
  rateForPurchase,
  rateForUsageMonth,
  usageRateDate,
  type ChosenFxRate,
  type FxRateTable,
} from './rules/fx-rate-choice.ts';
import type { FxSettings } from './rules/fx-settings.ts';
import { convertUsdToJpy } from './rules/yen-conversion.ts';

/** The published rates of one source between two days (inclusive), as the pure rules' table. */
export async function loadFxRateTable(db: Queryable, source: string, from: string, to: string): Promise<FxRateTable> {
  const rows = await db
    .selectFrom('fx_rates')
    .select(['rate_date', 'usd_jpy', 'source'])
    .where('source', '=', source)
    .where('rate_date', '>=', from)
    .where('rate_date', '<=', to)
    .execute();
  return fxRateTable(rows.map((r) => ({ date: r.rate_date, usdJpy: r.usd_jpy, source: r.source })));
}

/** What a run (an invoice run, a month-to-date estimate) converts with: every rate chosen up front. */
export type FxRatesForRun = {
  settings: FxSettings;
  usageMonth(month: string): ChosenFxRate;
  purchase(date: string): ChosenFxRate;
  /** The USD amount of one line in whole yen, at `rate`, rounded once as the settings say. */
  toYen(usd: string | Decimal, rate: ChosenFxRate): bigint;
};

/**
 * Loads the settings and the rates that convert the given usage months and purchase dates, and
 * chooses each rate at once: a missing rate stops the run here, before anything is converted, with
 * every missing day named.
 */
export async function loadFxRatesForRun(
  db: Queryable,
  needs: { usageMonths?: readonly string[]; purchaseDates?: readonly string[] },
): Promise<FxRatesForRun> {
  const usageMonths = [...new Set(needs.usageMonths ?? [])];
  const purchaseDates = [...new Set(needs.purchaseDates ?? [])];
  for (const month of usageMonths) if (!isCalendarMonth(month)) throw invalid(`"${month}" is not a usage month (YYYY-MM)`);
  for (const date of purchaseDates) if (!isCalendarDate(date)) throw invalid(`"${date}" is not a purchase date (YYYY-MM-DD)`);
  const settings = await loadFxSettings(db);

  const requested = [...usageMonths.map((m) => usageRateDate(m, settings.usageRateDay)), ...purchaseDates].sort();
  const reach = settings.maxFallbackDays;
  const table =
    requested.length === 0
      ? fxRateTable([])
      : await loadFxRateTable(db, settings.source, addDays(requested[0]!, -reach), addDays(requested.at(-1)!, reach));

  const missing: MissingFxRateError[] = [];
  const choose = (pick: () => ChosenFxRate): ChosenFxRate | null => {
    try {
      return pick();
    } catch (error) {
      if (error instanceof MissingFxRateError) {
        missing.push(error);
        return null;
      }
      throw error;
    }
  };
  const byMonth = new Map(usageMonths.map((m) => [m, choose(() => rateForUsageMonth(m, table, settings))]));
  const byDate = new Map(purchaseDates.map((d) => [d, choose(() => rateForPurchase(d, table, settings))]));
  if (missing.length === 1) throw missing[0]!;
  if (missing.length > 1) {
    throw new DomainError(
      'fx_rate_missing',
      `${missing.length} FX rates are missing:\n${missing.map((e) => `- ${e.message}`).join('\n')}`,
      409,
      missing.map((e) => e.details),
    );
  }

  const chosen = <K>(map: Map<K, ChosenFxRate | null>, key: K, what: string) => {
    const rate = map.get(key);
    if (!rate) throw new Error(`${what} ${String(key)} was not loaded for this run`);
    return rate;
  };
  return {
    settings,
    usageMonth: (month) => chosen(byMonth, month, 'usage month'),
    purchase: (date) => chosen(byDate, date, 'purchase date'),
    toYen: (usd, rate) => convertUsdToJpy(usd, rate.usdJpy, settings.rounding),
  };
}
