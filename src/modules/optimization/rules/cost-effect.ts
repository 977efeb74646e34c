import { Decimal } from 'decimal.js';
import { isCalendarMonth, nextMonth, previousMonth } from '../../calendar/rules/calendar-date.ts';

/**
 * The measured effect of a cost proposal (seed 004 §3.1.3) from Daiko's own cost data. Pure.
 * - before: the `window` whole months before the month of the change;
 * - after: the whole months after it, up to `window`, only those already complete;
 * - the month of the change itself mixes both and is left out;
 * - a month with no cost data in scope counts as ¥0 / $0 (nothing was spent there);
 * - saving per month = average before − average after (positive: cheaper), yen rounded half-up.
 * Yen uses each month's own conversion; if one month of the windows has no yen (no rate), the yen
 * figures are null and the USD ones still stand.
 */
export const MEASURE_WINDOW_MONTHS = 3;

export type MonthCost = { month: string; usd: string; jpy: bigint | null };

export type CostEffect = {
  changeMonth: string;
  beforeMonths: string[];
  afterMonths: string[];
  state: 'waiting' | 'partial' | 'complete';
  beforeAverageUsd: string | null;
  afterAverageUsd: string | null;
  savingPerMonthUsd: string | null;
  beforeAverageJpy: bigint | null;
  afterAverageJpy: bigint | null;
  savingPerMonthJpy: bigint | null;
  /** Saving ÷ before, in percent to one decimal; null without a before cost. */
  savingPercent: string | null;
};

/** The months a measurement reads: `window` before the change month, `window` after it. */
export function measurementMonths(changeDate: string, window = MEASURE_WINDOW_MONTHS): { from: string; to: string } {
  let from = changeDate.slice(0, 7);
  let to = from;
  for (let i = 0; i < window; i++) {
    from = previousMonth(from);
    to = nextMonth(to);
  }
  return { from, to };
}

export function measureCostEffect(
  series: readonly MonthCost[],
  changeDate: string,
  lastCompleteMonth: string,
  window = MEASURE_WINDOW_MONTHS,
): CostEffect {
  const changeMonth = changeDate.slice(0, 7);
  if (!isCalendarMonth(changeMonth) || !isCalendarMonth(lastCompleteMonth)) throw new RangeError('months are YYYY-MM');
  const before: string[] = [];
  const after: string[] = [];
  for (let m = changeMonth, i = 0; i < window; i++) {
    m = previousMonth(m);
    before.unshift(m);
  }
  for (let m = changeMonth, i = 0; i < window; i++) {
    m = nextMonth(m);
    if (m > lastCompleteMonth) break;
    after.push(m);
  }
  const byMonth = new Map(series.map((c) => [c.month, c]));
  const usd = (months: string[]) =>
    months.length === 0 ? null : months.reduce((s, m) => s.plus(byMonth.get(m)?.usd ?? '0'), new Decimal(0)).div(months.length);
  const jpy = (months: string[]) => {
    if (months.length === 0) return null;
    let sum = new Decimal(0);
    for (const m of months) {
      const cost = byMonth.get(m);
      if (cost && cost.jpy === null) return null;
      sum = sum.plus((cost?.jpy ?? 0n).toString());
    }
    return sum.div(months.length);
  };
  const beforeUsd = usd(before);
  const afterUsd = usd(after);
  const beforeJpy = jpy(before);
  const afterJpy = jpy(after);
  const yen = (d: Decimal | null) => (d === null ? null : BigInt(d.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0)));
  const beforeYen = yen(beforeJpy);
  const afterYen = yen(afterJpy);
  const savingUsd = beforeUsd && afterUsd ? beforeUsd.minus(afterUsd) : null;
  return {
    changeMonth,
    beforeMonths: before,
    afterMonths: after,
    state: after.length === 0 ? 'waiting' : after.length < window ? 'partial' : 'complete',
    beforeAverageUsd: beforeUsd?.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) ?? null,
    afterAverageUsd: afterUsd?.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) ?? null,
    savingPerMonthUsd: savingUsd?.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) ?? null,
    beforeAverageJpy: beforeYen,
    afterAverageJpy: afterYen,
    savingPerMonthJpy: beforeYen !== null && afterYen !== null ? beforeYen - afterYen : null,
    savingPercent:
      savingUsd && beforeUsd && !beforeUsd.isZero()
        ? savingUsd.div(beforeUsd).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)
        : null,
  };
}
