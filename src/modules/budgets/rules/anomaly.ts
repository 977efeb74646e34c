import { Decimal } from 'decimal.js';
import { addDays } from '../../calendar/rules/calendar-date.ts';

/**
 * The anomaly rule (pure): a service's cost on a day is an anomaly when it jumps far above that
 * service's own recent baseline.
 * - baseline: the median of the service's daily cost over the `windowDays` days before the day
 *   (a day without cost counts as 0), so one earlier spike does not raise the baseline;
 * - history: at least `minHistoryDays` of those days had a cost, so a new service does not fire;
 * - the day fires when cost ≥ baseline × `multiplier` AND cost − baseline ≥ `minIncreaseUsd`, so a
 *   tiny service going from $0.50 to $3 stays quiet.
 */
export type AnomalyRule = { windowDays: number; minHistoryDays: number; multiplier: string; minIncreaseUsd: string };
export const ANOMALY_RULE: AnomalyRule = { windowDays: 14, minHistoryDays: 7, multiplier: '3', minIncreaseUsd: '50' };

export type AnomalyVerdict = { anomalous: boolean; baselineUsd: string; historyDays: number };

/** `costOn(date)` returns the service's USD on a day (decimal string), '0' or undefined when none. */
export function judgeDay(
  day: string,
  amountUsd: string,
  costOn: (date: string) => string | undefined,
  rule: AnomalyRule = ANOMALY_RULE,
): AnomalyVerdict {
  const window: Decimal[] = [];
  for (let back = 1; back <= rule.windowDays; back++) window.push(new Decimal(costOn(addDays(day, -back)) ?? '0'));
  const historyDays = window.filter((v) => !v.isZero()).length;
  const baseline = median(window);
  const amount = new Decimal(amountUsd);
  const anomalous =
    historyDays >= rule.minHistoryDays && amount.gte(baseline.times(rule.multiplier)) && amount.minus(baseline).gte(rule.minIncreaseUsd);
  return { anomalous, baselineUsd: baseline.toFixed(), historyDays };
}

export type ServiceDay = { serviceCode: string; date: string; usd: string };

/** Every anomalous day in [from, to] of a series of one company's daily costs per service. */
export function findAnomalies(series: readonly ServiceDay[], from: string, to: string, rule: AnomalyRule = ANOMALY_RULE) {
  const byService = new Map<string, Map<string, Decimal>>();
  for (const s of series) {
    const days = byService.get(s.serviceCode) ?? new Map<string, Decimal>();
    days.set(s.date, (days.get(s.date) ?? new Decimal(0)).plus(s.usd));
    byService.set(s.serviceCode, days);
  }
  const found: { serviceCode: string; date: string; usd: string; baselineUsd: string }[] = [];
  for (const [serviceCode, days] of [...byService].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [date, usd] of [...days].sort(([a], [b]) => a.localeCompare(b))) {
      if (date < from || date > to) continue;
      const verdict = judgeDay(date, usd.toFixed(), (d) => days.get(d)?.toFixed(), rule);
      if (verdict.anomalous) found.push({ serviceCode, date, usd: usd.toFixed(), baselineUsd: verdict.baselineUsd });
    }
  }
  return found;
}

function median(values: Decimal[]): Decimal {
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return new Decimal(0);
  return sorted.length % 2 === 1 ? sorted[mid]! : sorted[mid - 1]!.plus(sorted[mid]!).div(2);
}
