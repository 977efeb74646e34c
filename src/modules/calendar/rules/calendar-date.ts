/**
 * Calendar dates as `YYYY-MM-DD` strings: a business day, a rate's day or a purchase day is a day on
 * the Japanese calendar, not an instant, so nothing here reads the process's time zone. Arithmetic
 * goes through UTC midnight, where every day is 24 hours long.
 */
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY_MS = 86_400_000;

/** True for a real date written `YYYY-MM-DD` (2024-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return utc.toISOString().slice(0, 10) === value;
}

export function isCalendarMonth(value: string): boolean {
  return MONTH_PATTERN.test(value);
}

function utcMidnight(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`"${date}" is not a calendar date (YYYY-MM-DD)`);
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

/** The month after a `YYYY-MM` month. */
export function nextMonth(month: string): string {
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new RangeError(`"${month}" is not a month (YYYY-MM)`);
  const year = Number(m[1]);
  const index = Number(m[2]); // 1-based, so it is already the next month's 0-based index
  return index === 12 ? `${year + 1}-01` : `${year}-${String(index + 1).padStart(2, '0')}`;
}

/** The month before a `YYYY-MM` month. */
export function previousMonth(month: string): string {
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new RangeError(`"${month}" is not a month (YYYY-MM)`);
  const year = Number(m[1]);
  const index = Number(m[2]);
  return index === 1 ? `${year - 1}-12` : `${year}-${String(index - 1).padStart(2, '0')}`;
}

const tokyoDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The date an instant falls on in Japan (Asia/Tokyo), whatever the server's own zone. */
export function tokyoDateOf(instant: Date): string {
  return tokyoDate.format(instant);
}
