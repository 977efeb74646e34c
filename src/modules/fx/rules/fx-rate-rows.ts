import { Decimal } from 'decimal.js';
import { CALENDAR_YEARS, isWithinCalendar } from '../../calendar/rules/business-calendar.ts';
import { isCalendarDate } from '../../calendar/rules/calendar-date.ts';
import type { CsvTable, ImportError } from '../../companies/rules/csv-table.ts';
import { FX_SOURCE_PATTERN } from './fx-settings.ts';

/**
 * The rate file (`date,usd_jpy` + optional `source`), from an import or a bank feed. Pure: cells in,
 * rows and every problem out (by line and column), so a bad file is refused whole.
 */
export const FX_RATE_COLUMNS = { required: ['date', 'usd_jpy'], optional: ['source'] } as const;

export type FxRateRow = { line: number; date: string; usdJpy: string; source: string };

// Japanese Excel re-saves ISO dates as 2024/11/1; both are read, stored as YYYY-MM-DD.
const DATE_CELL = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;
const RATE_CELL = /^\d{1,6}(\.\d{1,4})?$/;

export function parseRateDate(cell: string): string | null {
  const m = DATE_CELL.exec(cell);
  if (!m) return null;
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isCalendarDate(date) ? date : null;
}

/** A TTM as stored: the digits given, with at least 2 decimals (151.2 → 151.20), or null when not a positive decimal of ≤ 4 decimals. */
export function canonicalUsdJpy(cell: string): string | null {
  if (!RATE_CELL.test(cell)) return null;
  const value = new Decimal(cell);
  if (value.lte(0)) return null;
  return value.toFixed(Math.max(2, value.decimalPlaces()));
}

export function validateFxRateRows(table: CsvTable, defaultSource: string): { rows: FxRateRow[]; errors: ImportError[] } {
  const rows: FxRateRow[] = [];
  const errors: ImportError[] = [];
  const lineOfKey = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const before = errors.length;
    const fail = (column: string, message: string) => errors.push({ line, column, message });

    const dateCell = cells.date ?? '';
    const date = parseRateDate(dateCell);
    if (dateCell === '') fail('date', 'required');
    else if (!date) fail('date', `"${dateCell}" is not a date (YYYY-MM-DD)`);
    else if (!isWithinCalendar(date))
      fail('date', `${date} is outside the business calendar (${CALENDAR_YEARS.first}–${CALENDAR_YEARS.last})`);

    const rateCell = cells.usd_jpy ?? '';
    const usdJpy = canonicalUsdJpy(rateCell);
    if (rateCell === '') fail('usd_jpy', 'required');
    else if (!usdJpy) fail('usd_jpy', `"${rateCell}" is not a positive rate with at most 4 decimals (e.g. 151.23)`);

    const source = (cells.source ?? '').trim().toUpperCase() || defaultSource;
    if (!FX_SOURCE_PATTERN.test(source)) fail('source', `"${source}" is not a source name (letters, digits, ".", "_", "-"; at most 32)`);

    if (date && FX_SOURCE_PATTERN.test(source)) {
      const key = `${source}|${date}`;
      const first = lineOfKey.get(key);
      if (first !== undefined) fail('date', `the rate of ${date} (source ${source}) already appears on line ${first}`);
      else lineOfKey.set(key, line);
    }
    if (errors.length === before) rows.push({ line, date: date!, usdJpy: usdJpy!, source });
  }
  return { rows, errors };
}

export type FxRateChange = { date: string; source: string; before: string; after: string };
export type FxRatePlan = { create: FxRateRow[]; update: (FxRateRow & { before: string })[]; unchanged: number };

/** What storing valid rows does, given the rates stored under the same (source, date): `source|date` → usd_jpy. */
export function planFxRates(stored: ReadonlyMap<string, string>, rows: readonly FxRateRow[]): FxRatePlan {
  const plan: FxRatePlan = { create: [], update: [], unchanged: 0 };
  for (const row of rows) {
    const before = stored.get(`${row.source}|${row.date}`);
    if (before === undefined) plan.create.push(row);
    else if (!new Decimal(before).eq(row.usdJpy)) plan.update.push({ ...row, before });
    else plan.unchanged += 1;
  }
  return plan;
}
