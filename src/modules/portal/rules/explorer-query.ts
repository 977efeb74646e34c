import { z } from 'zod';
import { daysBetween, isCalendarDate } from '../../calendar/rules/calendar-date.ts';

/** What the explorer can group and filter by: the cost_facts column behind each dimension. */
export const DIMENSIONS = {
  account: 'usage_account_id',
  service: 'service_code',
  region: 'region',
  usageType: 'usage_type',
  chargeType: 'line_item_type',
} as const;
export type Dimension = keyof typeof DIMENSIONS;
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];

/** The longest range one request may ask for: a little over three years of days. */
export const MAX_RANGE_DAYS = 1100;

const Day = z.string().refine(isCalendarDate, 'a date YYYY-MM-DD (UTC)');
/** A filter: one value or several separated by commas (an account id, a service code, …). */
const FilterValues = z
  .string()
  .max(2000)
  .transform((s) => [
    ...new Set(
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ])
  .optional();

export const ExplorerQuery = z
  .object({
    from: Day,
    to: Day,
    granularity: z.enum(['daily', 'monthly']).default('daily'),
    groupBy: z.enum(['account', 'service', 'region', 'usageType', 'chargeType']).default('service'),
    currency: z.enum(['USD', 'JPY']).default('USD'),
    account: FilterValues,
    service: FilterValues,
    region: FilterValues,
    usageType: FilterValues,
    chargeType: FilterValues,
  })
  // Refinements run even when a field failed: check the days again before measuring the range.
  .refine((q) => !isCalendarDate(q.from) || !isCalendarDate(q.to) || q.from <= q.to, {
    message: '"from" must not be after "to"',
    path: ['from'],
  })
  .refine((q) => !isCalendarDate(q.from) || !isCalendarDate(q.to) || q.from > q.to || daysBetween(q.from, q.to) < MAX_RANGE_DAYS, {
    message: `a range of at most ${MAX_RANGE_DAYS} days`,
    path: ['to'],
  });
export type ExplorerQuery = z.output<typeof ExplorerQuery>;

/** The period a day falls in: the day itself, or its UTC month (YYYY-MM) — AWS bills by UTC day and month. */
export function periodOf(day: string, granularity: ExplorerQuery['granularity']): string {
  return granularity === 'daily' ? day : day.slice(0, 7);
}

/** The months [from, to] touches, in order. */
export function monthsOfRange(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= last) return months;
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
}
