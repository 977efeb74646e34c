import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { invalid, type DomainError } from '../../../platform/errors.ts';

/**
 * Reading the onboarding CSV files (companies, AWS accounts) into rows the import rules validate.
 * Pure: text in, rows and errors out. Line numbers are the file's own (header = line 1) so the
 * person fixing the file in Excel finds the row.
 */
export type ImportError = { line: number; column: string; message: string };
export type CsvRow = { line: number; cells: Record<string, string> };
export type CsvTable = { columns: string[]; rows: CsvRow[]; errors: ImportError[] };

type Parsed = { record: string[]; raw: string; line: number };

const LINE_BREAK = /\r\n|\r|\n/g;

export function readCsvTable(text: string, spec: { required: readonly string[]; optional: readonly string[] }): CsvTable {
  let records: Omit<Parsed, 'line'>[];
  try {
    records = parse(text, { bom: true, raw: true, relax_column_count: true }) as unknown as Omit<Parsed, 'line'>[];
  } catch (error) {
    if (error instanceof CsvError)
      return {
        columns: [],
        rows: [],
        errors: [{ line: (error as CsvError & { lines?: number }).lines ?? 1, column: '', message: error.message }],
      };
    throw error;
  }
  // csv-parse's own line count drifts on CRLF inside quotes; counting breaks in the raw text does not.
  const parsed: Parsed[] = [];
  let nextLine = 1;
  for (const r of records) {
    // Skipped: empty lines, and the rows of bare separators Excel leaves below the data.
    if (r.record.some((value) => value.trim() !== '')) parsed.push({ ...r, line: nextLine });
    nextLine += r.raw.match(LINE_BREAK)?.length ?? 0;
  }

  const [header, ...dataRecords] = parsed;
  if (!header)
    return {
      columns: [],
      rows: [],
      errors: [{ line: 1, column: '', message: `the file is empty; expected a header line with ${spec.required.join(',')}` }],
    };
  const headerLine = header.line;
  const columns = header.record.map((name) => name.trim().toLowerCase());
  // Spreadsheets often export a few nameless columns at the right edge; their cells must stay empty.
  while (columns.at(-1) === '') columns.pop();
  const errors: ImportError[] = [];
  const known = new Set([...spec.required, ...spec.optional]);
  columns.forEach((name, i) => {
    if (!known.has(name))
      errors.push({
        line: headerLine,
        column: name || String(i + 1),
        message: `unknown column (expected ${[...spec.required, ...spec.optional].join(', ')})`,
      });
    else if (columns.indexOf(name) !== i) errors.push({ line: headerLine, column: name, message: 'column appears twice' });
  });
  for (const name of spec.required) {
    if (!columns.includes(name)) errors.push({ line: headerLine, column: name, message: 'required column is missing from the header' });
  }
  // With a broken header every row would only repeat the same problem.
  if (errors.length > 0) return { columns, rows: [], errors };

  const rows: CsvRow[] = [];
  for (const { record, line } of dataRecords) {
    if (record.length < columns.length) {
      errors.push({
        line,
        column: columns[record.length]!,
        message: `missing value: the row has ${record.length} fields, the header ${columns.length}`,
      });
      continue;
    }
    if (record.slice(columns.length).some((value) => value.trim() !== '')) {
      errors.push({ line, column: String(columns.length + 1), message: `unexpected value: the header has only ${columns.length} columns` });
      continue;
    }
    rows.push({ line, cells: Object.fromEntries(columns.map((name, i) => [name, record[i]!.trim()])) });
  }
  return { columns, rows, errors };
}

const FLAGS: Record<string, boolean> = { yes: true, no: false, true: true, false: false, '1': true, '0': false, はい: true, いいえ: false };
export const FLAG_HINT = 'yes/no, true/false, 1/0 or はい/いいえ';

/** A yes/no cell as people type it; null when it is neither. */
export function parseFlag(value: string): boolean | null {
  return FLAGS[value.trim().toLowerCase()] ?? null;
}

const Email = z.string().email().max(254);
export const isEmail = (value: string) => Email.safeParse(value).success;

export function formatImportErrors(errors: readonly ImportError[]): string {
  return errors.map((e) => (e.column ? `line ${e.line}, column ${e.column}: ${e.message}` : `line ${e.line}: ${e.message}`)).join('\n');
}

/** The error an import throws when any row is bad: every problem listed, nothing written. */
export function importRefused(errors: readonly ImportError[]): DomainError {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  return invalid(
    `The file has ${sorted.length} error${sorted.length === 1 ? '' : 's'}; nothing was imported.\n${formatImportErrors(sorted)}`,
    sorted,
  );
}
