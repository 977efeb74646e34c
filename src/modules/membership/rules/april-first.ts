/**
 * When the yearly April 1 job runs: at 00:05 on April 1 in Japan (JST is UTC+9 all year, no
 * daylight saving), i.e. 15:05 UTC on March 31. Pure.
 */
import { tokyoDateOf } from '../../calendar/rules/calendar-date.ts';
import { fiscalYearOf } from './rank.ts';

/** The same moment as pg-boss's cron sees it: minute 5, hour 0, day 1, month 4, in Asia/Tokyo. */
export const APRIL_FIRST_CRON = '5 0 1 4 *';
export const APRIL_FIRST_TZ = 'Asia/Tokyo';

/** The instant the job opens `fiscalYear`: April 1 00:05 JST. */
export function aprilFirstRunAt(fiscalYear: number): Date {
  return new Date(Date.UTC(fiscalYear, 2, 31, 15, 5));
}

/** The latest fiscal year whose run time has come by `now` (before 00:05 on April 1 JST, the year before). */
export function dueFiscalYear(now: Date): number {
  const current = fiscalYearOf(tokyoDateOf(now));
  return now >= aprilFirstRunAt(current) ? current : current - 1;
}

/** The next run time after `now`. */
export function nextAprilFirstRun(now: Date): Date {
  return aprilFirstRunAt(dueFiscalYear(now) + 1);
}
