import { addDays, tokyoDateOf } from './calendar-date.ts';
import { companyCalendar, isBusinessDay, type BusinessCalendar } from './business-calendar.ts';

/**
 * The reseller's service hours (seed 004 §3.1, §3.2, §3.3; SPEC §8): weekdays 10:00–19:00 in Japan,
 * national holidays (substitute and citizens' holidays included) excluded. No year-end closure: the
 * seed names none for the service. Pure; every instant is placed on the Japanese clock (UTC+9, no
 * daylight saving), never on the server's zone.
 */
export const SERVICE_OPENS_AT_JST_HOUR = 10;
export const SERVICE_CLOSES_AT_JST_HOUR = 19;
/** Weekends and national holidays only. */
export const SERVICE_CALENDAR: BusinessCalendar = companyCalendar({ yearly: [], dates: [] });

const JST_OFFSET_MS = 9 * 3_600_000;
const MINUTE_MS = 60_000;

/** The service window of a Japanese calendar day as UTC instants [opens, closes). */
function windowOf(date: string): { opens: number; closes: number } {
  const midnightJst = Date.parse(`${date}T00:00:00Z`) - JST_OFFSET_MS;
  return { opens: midnightJst + SERVICE_OPENS_AT_JST_HOUR * 3_600_000, closes: midnightJst + SERVICE_CLOSES_AT_JST_HOUR * 3_600_000 };
}

export function isServiceDay(date: string): boolean {
  return isBusinessDay(date, SERVICE_CALENDAR);
}

/**
 * Whole minutes of service hours between two instants (0 when `to` is not after `from`): an inquiry
 * opened on Friday at 18:30 and answered on Monday at 10:15 waited 45 minutes. Seconds are summed
 * first, then rounded down to the minute.
 */
export function serviceHoursBetween(from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return 0;
  let total = 0;
  const last = tokyoDateOf(to);
  for (let day = tokyoDateOf(from); day <= last; day = addDays(day, 1)) {
    if (!isServiceDay(day)) continue;
    const { opens, closes } = windowOf(day);
    const overlap = Math.min(end, closes) - Math.max(start, opens);
    if (overlap > 0) total += overlap;
  }
  return Math.floor(total / MINUTE_MS);
}
