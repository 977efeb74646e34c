import { addDays, isCalendarDate, isCalendarMonth, nextMonth } from '../../calendar/rules/calendar-date.ts';
import {
  BANK_CALENDAR,
  CALENDAR_YEARS,
  closureReasons,
  describeClosure,
  isWithinCalendar,
  nearestBusinessDay,
  type ClosureReason,
} from '../../calendar/rules/business-calendar.ts';
import { DomainError, invalid } from '../../../platform/errors.ts';
import type { FxSettings } from './fx-settings.ts';

/**
 * Which published USD→JPY rate converts what (SPEC §3), over rates already in memory (no I/O):
 * - usage of month M: the rate of day `usageRateDay` (default the 3rd) of month M+1;
 * - an upfront purchase: the rate of the purchase date.
 * A day without a rate that is not a bank business day (weekend, holiday, Dec 31 – Jan 3) falls back
 * to the nearest day in the configured direction that has one. A bank business day always has a TTM,
 * so a business day without a rate is a gap in the table and stops the run, naming the day; so does
 * a fallback longer than `maxFallbackDays`. Never 0, never "some rate".
 */
export type PublishedRate = { date: string; usdJpy: string; source: string };

export type FxRateTable = { rateOn(source: string, date: string): PublishedRate | undefined };

export function fxRateTable(rates: Iterable<PublishedRate>): FxRateTable {
  const byKey = new Map<string, PublishedRate>();
  for (const rate of rates) byKey.set(`${rate.source}|${rate.date}`, rate);
  return { rateOn: (source, date) => byKey.get(`${source}|${date}`) };
}

export type FxRateBasis = { kind: 'usage-month'; month: string } | { kind: 'purchase-date'; date: string };

export type ChosenFxRate = {
  basis: FxRateBasis;
  /** The day the rule asks for: the 3rd of the next month, or the purchase date. */
  requestedDate: string;
  /** The day whose rate is used; differs from requestedDate when `fallback`. */
  rateDate: string;
  usdJpy: string;
  source: string;
  fallback: boolean;
  /** The days passed over on the way to rateDate, each with why it has no rate. */
  skipped: { date: string; reasons: ClosureReason[] }[];
};

export type FxRateRule = Pick<FxSettings, 'source' | 'usageRateDay' | 'fallback' | 'maxFallbackDays'>;

export class MissingFxRateError extends DomainError {
  constructor(
    readonly neededDate: string,
    readonly source: string,
    readonly basis: FxRateBasis,
    readonly requestedDate: string,
    why: string,
  ) {
    super(
      'fx_rate_missing',
      `missing FX rate: needs the USD/JPY rate of ${neededDate} (source ${source}) for ${describeBasis(basis)}; ${why}.`,
      409,
      {
        neededDate,
        source,
        requestedDate,
      },
    );
    this.name = 'MissingFxRateError';
  }
}

export function describeBasis(basis: FxRateBasis): string {
  return basis.kind === 'usage-month' ? `usage month ${basis.month}` : `the purchase on ${basis.date}`;
}

/** The date whose rate converts usage of `month` (YYYY-MM): day `usageRateDay` of the next month. */
export function usageRateDate(month: string, usageRateDay: number): string {
  if (!isCalendarMonth(month)) throw invalid(`"${month}" is not a month (YYYY-MM)`);
  return `${nextMonth(month)}-${String(usageRateDay).padStart(2, '0')}`;
}

export function rateForUsageMonth(month: string, table: FxRateTable, rule: FxRateRule): ChosenFxRate {
  return chooseRate(usageRateDate(month, rule.usageRateDay), { kind: 'usage-month', month }, table, rule);
}

export function rateForPurchase(date: string, table: FxRateTable, rule: FxRateRule): ChosenFxRate {
  if (!isCalendarDate(date)) throw invalid(`"${date}" is not a date (YYYY-MM-DD)`);
  return chooseRate(date, { kind: 'purchase-date', date }, table, rule);
}

function chooseRate(requestedDate: string, basis: FxRateBasis, table: FxRateTable, rule: FxRateRule): ChosenFxRate {
  if (!isWithinCalendar(requestedDate))
    throw invalid(`${requestedDate} is outside the business calendar (${CALENDAR_YEARS.first}–${CALENDAR_YEARS.last})`);
  const step = rule.fallback === 'preceding' ? -1 : 1;
  const skipped: ChosenFxRate['skipped'] = [];
  for (let offset = 0; offset <= rule.maxFallbackDays; offset++) {
    const day = addDays(requestedDate, offset * step);
    const rate = table.rateOn(rule.source, day);
    if (rate) return { basis, requestedDate, rateDate: day, usdJpy: rate.usdJpy, source: rate.source, fallback: offset > 0, skipped };
    const reasons = closureReasons(day, BANK_CALENDAR);
    if (reasons.length === 0) {
      const why =
        offset === 0
          ? `${day} is a bank business day`
          : `${requestedDate} has no rate (${describeSkipped(skipped)}) and ${day} is a bank business day`;
      throw new MissingFxRateError(day, rule.source, basis, requestedDate, `${why} without a rate in the table`);
    }
    skipped.push({ date: day, reasons });
  }
  const needed = nearestBusinessDay(requestedDate, rule.fallback, BANK_CALENDAR);
  throw new MissingFxRateError(
    needed,
    rule.source,
    basis,
    requestedDate,
    `${requestedDate} has no rate and the fallback may go at most ${rule.maxFallbackDays} day(s) ${rule.fallback === 'preceding' ? 'back' : 'forward'}`,
  );
}

function describeSkipped(skipped: ChosenFxRate['skipped']): string {
  return skipped.map((s) => `${s.date} ${describeClosure(s.reasons)}`).join('; ');
}

/** Why this rate, in one line (CLI, logs): "2024-11-03 is Sunday, 文化の日 …; 2024-11-02 Saturday → 2024-11-01". */
export function explainChoice(choice: ChosenFxRate): string {
  const asked = `${describeBasis(choice.basis)} converts at the rate of ${choice.requestedDate}`;
  if (!choice.fallback) return `${asked}, published.`;
  return `${asked}; no rate on ${describeSkipped(choice.skipped)}; the nearest ${choice.rateDate < choice.requestedDate ? 'preceding' : 'following'} day with a rate is ${choice.rateDate}.`;
}
