import { readCsvTable, type ImportError } from '../../companies/rules/csv-table.ts';

/**
 * The imported yearly totals file: `company_code,calendar_year,total_jpy` (integer yen; commas and
 * a ¥ sign as Excel writes them are accepted). Pure: text in, rows and every error by line out.
 */
export function parseYearlyTotalsCsv(text: string): {
  rows: { companyCode: string; calendarYear: number; totalJpy: string }[];
  errors: ImportError[];
} {
  const table = readCsvTable(text, { required: ['company_code', 'calendar_year', 'total_jpy'], optional: [] });
  const errors = [...table.errors];
  const rows = [];
  const seen = new Set<string>();
  for (const row of table.rows) {
    const code = row.cells.company_code!;
    const year = Number(row.cells.calendar_year);
    const total = row.cells.total_jpy!.replace(/[¥￥,\s]/g, '');
    if (!code) errors.push({ line: row.line, column: 'company_code', message: 'required' });
    if (!/^\d{4}$/.test(row.cells.calendar_year!) || year < 2000 || year > 2100)
      errors.push({ line: row.line, column: 'calendar_year', message: 'a year, e.g. 2025' });
    if (!/^\d{1,15}$/.test(total)) errors.push({ line: row.line, column: 'total_jpy', message: 'integer yen, e.g. 12000000' });
    const key = `${code}|${year}`;
    if (seen.has(key)) errors.push({ line: row.line, column: 'company_code', message: `${code} ${year} appears twice` });
    seen.add(key);
    rows.push({ companyCode: code, calendarYear: year, totalJpy: total });
  }
  return { rows, errors };
}
