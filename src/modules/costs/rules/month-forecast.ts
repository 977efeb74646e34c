import { Decimal } from 'decimal.js';
import { getDaysInMonth } from 'date-fns';

export type DailyAmount = { date: string; amount: string };

/** How many of the last days the run rate is taken from: a week, so weekday/weekend swings even out. */
export const RUN_RATE_DAYS = 7;

/**
 * The month-to-date amount and a forecast to the month's end for an open month (UTC days, as AWS
 * bills them). The forecast adds, for every day after `lastDay`, the average daily amount of the last
 * RUN_RATE_DAYS days up to `lastDay` (fewer early in the month; a day without a row counts as zero).
 * Works for any decimal amount (USD or yen); the caller rounds.
 */
export function forecastMonthEnd(input: { month: string; lastDay: string; daily: DailyAmount[] }): { toDate: Decimal; forecast: Decimal; daysElapsed: number; daysInMonth: number } {
  const [year, monthNumber] = input.month.split('-').map(Number) as [number, number];
  const daysInMonth = getDaysInMonth(new Date(Date.UTC(year, monthNumber - 1, 1)));
  if (!input.lastDay.startsWith(`${input.month}-`)) throw new Error(`forecastMonthEnd: ${input.lastDay} is not a day of ${input.month}`);
  const daysElapsed = Number(input.lastDay.slice(8, 10));

  let toDate = new Decimal(0);
  let recent = new Decimal(0);
  const firstRecentDay = Math.max(1, daysElapsed - RUN_RATE_DAYS + 1);
  for (const { date, amount } of input.daily) {
    if (!date.startsWith(`${input.month}-`)) continue;
    const day = Number(date.slice(8, 10));
    if (day > daysElapsed) continue;
    toDate = toDate.plus(amount);
    if (day >= firstRecentDay) recent = recent.plus(amount);
  }
  const runRate = recent.div(daysElapsed - firstRecentDay + 1);
  return { toDate, forecast: toDate.plus(runRate.times(daysInMonth - daysElapsed)), daysElapsed, daysInMonth };
}
