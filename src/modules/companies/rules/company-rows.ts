import {
  applyCompanyChanges,
  COMPANY_CODE_PATTERN,
  EXCLUSION_COLUMNS,
  sameCompanyFields,
  type CompanyChanges,
  type CompanyFields,
} from './company-fields.ts';
import { CORPORATE_NUMBER_RULE, corporateNumberProblem } from './corporate-number.ts';
import { FLAG_HINT, isEmail, parseFlag, type CsvTable, type ImportError } from './csv-table.ts';
import { EXCLUSION_KEYS, NO_EXCLUSIONS } from './membership-eligibility.ts';

/** The companies onboarding file. Optional columns left out of the file leave stored values alone. */
export const COMPANY_COLUMNS = {
  required: ['code', 'name', 'name_kana', 'billing_agency', 'billing_email'],
  optional: ['invoice_addressee', 'postal_address', 'corporate_number', 'payer_kana_names', ...Object.values(EXCLUSION_COLUMNS)],
} as const;

export type CompanyRow = { line: number; code: string; changes: CompanyChanges };

/** Checks every row of the file (nothing is skipped at the first problem) and turns cells into fields. */
export function validateCompanyRows(table: CsvTable): { rows: CompanyRow[]; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const rows: CompanyRow[] = [];
  const lineOfCode = new Map<string, number>();
  const has = (column: string) => table.columns.includes(column);

  for (const { line, cells } of table.rows) {
    const before = errors.length;
    const fail = (column: string, message: string) => errors.push({ line, column, message });
    const text = (column: string, max: number, required = false) => {
      const value = cells[column] ?? '';
      if (required && value === '') fail(column, 'required');
      else if (value.length > max) fail(column, `longer than ${max} characters`);
      return value;
    };
    const flag = (column: string, required: boolean) => {
      const value = cells[column] ?? '';
      if (value === '') {
        if (required) fail(column, `required (${FLAG_HINT})`);
        return false;
      }
      const parsed = parseFlag(value);
      if (parsed === null) fail(column, `"${value}" is not ${FLAG_HINT}`);
      return parsed ?? false;
    };

    const code = cells.code ?? '';
    if (code === '') fail('code', 'required');
    else if (!COMPANY_CODE_PATTERN.test(code))
      fail('code', `"${code}" is not a valid code (letters, digits, - and _, at most 32, starting with a letter or digit)`);
    else if (lineOfCode.has(code)) fail('code', `${code} already appears on line ${lineOfCode.get(code)}`);
    else lineOfCode.set(code, line);

    const billingEmail = (cells.billing_email ?? '').toLowerCase();
    if (billingEmail !== '' && !isEmail(billingEmail)) fail('billing_email', `"${billingEmail}" is not an e-mail address`);

    const changes: CompanyChanges = {
      code,
      name: text('name', 200, true),
      nameKana: text('name_kana', 200),
      billingAgency: flag('billing_agency', true),
      billingEmail: billingEmail || null,
    };
    if (has('invoice_addressee')) changes.invoiceAddressee = text('invoice_addressee', 200) || null;
    if (has('postal_address')) changes.postalAddress = text('postal_address', 500) || null;
    if (has('corporate_number')) {
      const value = cells.corporate_number ?? '';
      const problem = value === '' ? null : corporateNumberProblem(value);
      if (problem) fail('corporate_number', `"${value}" is not a corporate number: ${CORPORATE_NUMBER_RULE}`);
      changes.corporateNumber = value || null;
    }
    if (has('payer_kana_names')) {
      const names = (cells.payer_kana_names ?? '')
        .split('|')
        .map((n) => n.trim())
        .filter(Boolean);
      if (names.some((n) => n.length > 100)) fail('payer_kana_names', 'a name is longer than 100 characters');
      changes.payerKanaNames = names;
    }
    for (const key of EXCLUSION_KEYS) {
      const column = EXCLUSION_COLUMNS[key];
      if (has(column)) changes.exclusions = { ...changes.exclusions, [key]: flag(column, false) };
    }
    if (errors.length === before) rows.push({ line, code, changes });
  }
  return { rows, errors };
}

export type CompanyRowPlan = { kind: 'create'; fields: CompanyFields } | { kind: 'update'; fields: CompanyFields } | { kind: 'unchanged' };

/** What importing a valid row does to the company stored under its code (if any). */
export function planCompanyRow(stored: CompanyFields | undefined, row: CompanyRow): CompanyRowPlan {
  if (!stored) {
    const blank: CompanyFields = {
      code: row.code,
      name: '',
      nameKana: '',
      billingAgency: false,
      billingEmail: null,
      invoiceAddressee: null,
      postalAddress: null,
      corporateNumber: null,
      payerKanaNames: [],
      exclusions: NO_EXCLUSIONS,
    };
    return { kind: 'create', fields: applyCompanyChanges(blank, row.changes) };
  }
  const fields = applyCompanyChanges(stored, row.changes);
  return sameCompanyFields(stored, fields) ? { kind: 'unchanged' } : { kind: 'update', fields };
}
