import holidayJp from '@holiday-jp/holiday_jp';
import { addDays, dayOfWeek, isCalendarDate } from './calendar-date.ts';

/**
 * Japanese business days (SPEC §6b). Holidays come from @holiday-jp/holiday_jp's table, looked up by
 * the `YYYY-MM-DD` key (its Date-taking helpers read the process's local time zone, so they are not
 * used). The table covers national holidays, substitute holidays (振替休日) and citizens' holidays.
 *
 * - bank calendar: weekends, national holidays and the banks' year-end closure December 31 – January 3;
 * - company calendar: weekends, national holidays and the company's own closures (a setting; by
 *   default December 29 – January 3).
 */

type HolidayEntry = { name: string; name_en: string };
const HOLIDAYS = holidayJp.holidays as unknown as Readonly<Record<string, HolidayEntry>>;
const HOLIDAY_YEARS = Object.keys(HOLIDAYS).map((d) => Number(d.slice(0, 4)));
/** The years the holiday table covers; outside them a business day cannot be told. */
export const CALENDAR_YEARS = { first: Math.min(...HOLIDAY_YEARS), last: Math.max(...HOLIDAY_YEARS) } as const;

/** A yearly closure from one month-day to another (`12-29` … `01-03` crosses the new year). */
export type YearlyClosure = { from: string; to: string };
export type CompanyClosures = { yearly: YearlyClosure[]; dates: string[] };

export type BusinessCalendar = { kind: 'bank' } | { kind: 'company'; closures: CompanyClosures };

export const BANK_YEAR_END: YearlyClosure = { from: '12-31', to: '01-03' };
export const DEFAULT_COMPANY_CLOSURES: CompanyClosures = { yearly: [{ from: '12-29', to: '01-03' }], dates: [] };

export const BANK_CALENDAR: BusinessCalendar = { kind: 'bank' };
export function companyCalendar(closures: CompanyClosures = DEFAULT_COMPANY_CLOSURES): BusinessCalendar {
  return { kind: 'company', closures };
}

/** Why a day is not a business day. */
export type ClosureReason =
  | { kind: 'weekend'; day: 'Saturday' | 'Sunday' }
  | { kind: 'national-holiday'; name: string; nameEn: string }
  | { kind: 'bank-year-end' }
  | { kind: 'company-closure' };

function inYearlyClosure(date: string, closure: YearlyClosure): boolean {
  const md = date.slice(5);
  return closure.from <= closure.to ? md >= closure.from && md <= closure.to : md >= closure.from || md <= closure.to;
}

/** True for a calendar date in the years the holiday table covers. */
export function isWithinCalendar(date: string): boolean {
  const year = Number(date.slice(0, 4));
  return isCalendarDate(date) && year >= CALENDAR_YEARS.first && year <= CALENDAR_YEARS.last;
}

function checkedDate(date: string): string {
  if (!isCalendarDate(date)) throw new RangeError(`"${date}" is not a calendar date (YYYY-MM-DD)`);
  if (!isWithinCalendar(date))
    throw new RangeError(`${date} is outside the holiday calendar (${CALENDAR_YEARS.first}–${CALENDAR_YEARS.last})`);
  return date;
}

export function nationalHoliday(date: string): { name: string; nameEn: string } | null {
  const entry = HOLIDAYS[checkedDate(date)];
  return entry ? { name: entry.name, nameEn: entry.name_en } : null;
}

/** Every reason `date` is closed on `calendar` (a holiday can fall on a Sunday); empty on a business day. */
export function closureReasons(date: string, calendar: BusinessCalendar = BANK_CALENDAR): ClosureReason[] {
  const reasons: ClosureReason[] = [];
  const weekday = dayOfWeek(checkedDate(date));
  if (weekday === 0) reasons.push({ kind: 'weekend', day: 'Sunday' });
  if (weekday === 6) reasons.push({ kind: 'weekend', day: 'Saturday' });
  const holiday = nationalHoliday(date);
  if (holiday) reasons.push({ kind: 'national-holiday', ...holiday });
  if (calendar.kind === 'bank') {
    if (inYearlyClosure(date, BANK_YEAR_END)) reasons.push({ kind: 'bank-year-end' });
  } else if (calendar.closures.dates.includes(date) || calendar.closures.yearly.some((c) => inYearlyClosure(date, c))) {
    reasons.push({ kind: 'company-closure' });
  }
  return reasons;
}

/** A day the banks are closed: weekend, national holiday, or December 31 – January 3. */
export function isBankHoliday(date: string): boolean {
  return closureReasons(date, BANK_CALENDAR).length > 0;
}

export function isBusinessDay(date: string, calendar: BusinessCalendar = BANK_CALENDAR): boolean {
  return closureReasons(date, calendar).length === 0;
}

/**
 * The business day `count` business days after `date` (before it when negative); `date` itself is
 * never counted. With 0, `date` is returned as it is.
 */
export function addBusinessDays(date: string, count: number, calendar: BusinessCalendar = BANK_CALENDAR): string {
  if (!Number.isInteger(count)) throw new RangeError(`business days must be a whole number, got ${count}`);
  const step = count < 0 ? -1 : 1;
  let day = checkedDate(date);
  for (let left = Math.abs(count); left > 0;) {
    day = addDays(day, step);
    if (isBusinessDay(day, calendar)) left -= 1;
  }
  return day;
}

/** `date` when it is a business day, else the nearest business day in `direction`. */
export function nearestBusinessDay(date: string, direction: 'preceding' | 'following', calendar: BusinessCalendar = BANK_CALENDAR): string {
  return isBusinessDay(date, calendar) ? date : addBusinessDays(date, direction === 'preceding' ? -1 : 1, calendar);
}

/** The reasons in words, for messages and the CLI: "Sunday, 文化の日 (National Culture Day)". */
export function describeClosure(reasons: readonly ClosureReason[]): string {
  return reasons.map(describeReason).join(', ');
}

function describeReason(reason: ClosureReason): string {
  switch (reason.kind) {
    case 'weekend':
      return reason.day;
    case 'national-holiday':
      return `${reason.name} (${reason.nameEn})`;
    case 'bank-year-end':
      return 'bank holiday (December 31 – January 3)';
    case 'company-closure':
      return 'company closure';
  }
}
