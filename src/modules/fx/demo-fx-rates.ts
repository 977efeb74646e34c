import { addDays } from '../calendar/rules/calendar-date.ts';
import { isBusinessDay } from '../calendar/rules/business-calendar.ts';
import type { Tx } from '../../platform/db/database.ts';
import { DEFAULT_FX_SETTINGS } from './rules/fx-settings.ts';

/**
 * The demo's USD→JPY TTM: one rate per bank business day from 2026-08-01 to 2026-12-31, a random
 * walk around 150 yen with 2 decimals. Integer arithmetic in sen (1/100 yen) from a fixed seed, so
 * every demo database holds the same values.
 */
export const DEMO_FX_SOURCE = DEFAULT_FX_SETTINGS.source;

function demoSeries(first: string, last: string): { date: string; usdJpy: string; source: string }[] {
  let state = 0x2026_0803;
  const next = () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const series: { date: string; usdJpy: string; source: string }[] = [];
  let sen = 14_812;
  for (let date = first; date <= last; date = addDays(date, 1)) {
    if (!isBusinessDay(date)) continue;
    // A daily move of at most ±0.60 yen, pulled gently back toward 150.00.
    sen += (next() % 121) - 60 + Math.trunc((15_000 - sen) / 25);
    series.push({ date, usdJpy: `${Math.trunc(sen / 100)}.${String(sen % 100).padStart(2, '0')}`, source: DEMO_FX_SOURCE });
  }
  return series;
}

export const DEMO_FX_RATES: readonly { date: string; usdJpy: string; source: string }[] = demoSeries('2026-08-01', '2026-12-31');

/**
 * Stores the demo rates published by `today` (a Tokyo date) into the demo's empty database; returns
 * how many. A rate dated after today would be one no bank has published yet: estimates would use it.
 */
export async function seedDemoFxRates(tx: Tx, today: string): Promise<number> {
  const published = DEMO_FX_RATES.filter((r) => r.date <= today);
  if (published.length === 0) return 0;
  await tx
    .insertInto('fx_rates')
    .values(published.map((r) => ({ source: r.source, rate_date: r.date, usd_jpy: r.usdJpy, imported_by: 'demo-seed' })))
    .execute();
  return published.length;
}
