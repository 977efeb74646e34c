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

/**
 * The value that stands for "the line has no such tag" in a tag filter and as a group key (stored as
 * ''). AWS tag values cannot hold parentheses or commas, so it never collides with a real value.
 */
export const UNTAGGED = '(untagged)';

/** A cost-allocation tag key as stored (`user:Environment`, `aws:createdBy`: costs/readers/tag-columns.ts). */
const TagKey = z.string().trim().min(1).max(300);

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
    groupBy: z.enum(['account', 'service', 'region', 'usageType', 'chargeType', 'tag']).default('service'),
    currency: z.enum(['USD', 'JPY']).default('USD'),
    account: FilterValues,
    service: FilterValues,
    region: FilterValues,
    usageType: FilterValues,
    chargeType: FilterValues,
    /** The one tag key a view groups (`groupBy=tag`) or filters (`tag`) by: tag facts exist per key. */
    tagKey: TagKey.optional(),
    /** Values of `tagKey` to keep; UNTAGGED for the lines without it. */
    tag: FilterValues,
  })
  .refine((q) => q.tagKey !== undefined || (q.groupBy !== 'tag' && (q.tag?.length ?? 0) === 0), {
    message: 'grouping or filtering by a tag needs "tagKey"',
    path: ['tagKey'],
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

/** The tag key whose tag facts the query reads, or null when it reads cost facts (no tag grouping or filter). */
export function tagKeyOf(q: Pick<ExplorerQuery, 'groupBy' | 'tagKey' | 'tag'>): string | null {
  return q.tagKey !== undefined && (q.groupBy === 'tag' || (q.tag?.length ?? 0) > 0) ? q.tagKey : null;
}

/** A stored tag value as the explorer shows it (group key, filter value). */
export const shownTagValue = (value: string): string => (value === '' ? UNTAGGED : value);

/** The range of the tag-keys list: the explorer's, without grouping. */
export const TagKeysQuery = z
  .object({ from: Day, to: Day })
  .refine((q) => !isCalendarDate(q.from) || !isCalendarDate(q.to) || q.from <= q.to, {
    message: '"from" must not be after "to"',
    path: ['from'],
  })
  .refine((q) => !isCalendarDate(q.from) || !isCalendarDate(q.to) || q.from > q.to || daysBetween(q.from, q.to) < MAX_RANGE_DAYS, {
    message: `a range of at most ${MAX_RANGE_DAYS} days`,
    path: ['to'],
  });

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
