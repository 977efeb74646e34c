import { describe, expect, it } from 'vitest';
import type { CompanyFields } from '../../src/modules/companies/rules/company-fields.ts';
import { COMPANY_COLUMNS, planCompanyRow, validateCompanyRows } from '../../src/modules/companies/rules/company-rows.ts';
import { formatImportErrors, parseFlag, readCsvTable } from '../../src/modules/companies/rules/csv-table.ts';
import { NO_EXCLUSIONS } from '../../src/modules/companies/rules/membership-eligibility.ts';

const HEADER = 'code,name,name_kana,billing_agency,billing_email';
const read = (text: string) => readCsvTable(text, COMPANY_COLUMNS);

describe('reading a CSV file', () => {
  it('drops the BOM Excel writes, and numbers lines as the file does, quoted line breaks included', () => {
    const table = read(`\uFEFF${HEADER}\r\nA1,"Alpha\r\nInc",アルファ,yes,a@a.test\r\n\r\nB2,Beta,ベータ,no,\r\n,,,,\r\n`);
    expect(table.errors).toEqual([]);
    expect(table.columns[0]).toBe('code');
    expect(table.rows.map((r) => [r.line, r.cells.code, r.cells.name])).toEqual([
      [2, 'A1', 'Alpha\r\nInc'],
      [5, 'B2', 'Beta'],
    ]);
  });

  it('reports header problems once, on line 1, and no rows', () => {
    const table = read('code,name,name_kana,billing_agency,nickname,code\nA,B,C,yes,x,y\n');
    expect(table.rows).toEqual([]);
    expect(formatImportErrors(table.errors)).toBe(
      [
        'line 1, column nickname: unknown column (expected ' + [...COMPANY_COLUMNS.required, ...COMPANY_COLUMNS.optional].join(', ') + ')',
        'line 1, column code: column appears twice',
        'line 1, column billing_email: required column is missing from the header',
      ].join('\n'),
    );
  });

  it('reports rows with too few or too many fields, and an unclosed quote', () => {
    expect(read(`${HEADER}\nA,B,C,yes\nD,E,F,no,,extra\nG,H,I,no,,,\n`).errors).toEqual([
      { line: 2, column: 'billing_email', message: 'missing value: the row has 4 fields, the header 5' },
      { line: 3, column: '6', message: 'unexpected value: the header has only 5 columns' },
    ]);
    expect(read(`${HEADER}\nA,"B,C,yes,x\n`).errors[0]).toMatchObject({
      line: expect.any(Number),
      column: '',
      message: expect.stringContaining('Quote'),
    });
  });

  it('ignores nameless columns at the right edge, as long as their cells are empty', () => {
    const table = read(`${HEADER},,\nA,B,C,yes,,,\nD,E,F,no,,,oops\n`);
    expect(table.columns).toEqual(COMPANY_COLUMNS.required);
    expect(table.rows.map((r) => r.line)).toEqual([2]);
    expect(table.errors).toEqual([{ line: 3, column: '6', message: 'unexpected value: the header has only 5 columns' }]);
  });

  it('reads yes/no the ways people write it', () => {
    for (const yes of ['yes', 'YES', 'true', '1', 'はい']) expect(parseFlag(yes)).toBe(true);
    for (const no of ['no', 'False', '0', 'いいえ']) expect(parseFlag(no)).toBe(false);
    expect(parseFlag('maybe')).toBeNull();
  });
});

describe('company rows', () => {
  it('turns cells into fields; optional columns absent from the file stay undefined', () => {
    const { rows, errors } = validateCompanyRows(read(`${HEADER}\nACME,ACME 株式会社,アクメ,はい,Billing@Acme.test\n`));
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        code: 'ACME',
        changes: { code: 'ACME', name: 'ACME 株式会社', nameKana: 'アクメ', billingAgency: true, billingEmail: 'billing@acme.test' },
      },
    ]);
  });

  it('reads the optional columns: addresses, payer names split on |, exclusion flags', () => {
    const header = `${HEADER},invoice_addressee,postal_address,payer_kana_names,excl_public_sector,excl_partner`;
    const { rows, errors } = validateCompanyRows(read(`${header}\nCITY,市役所,シヤクシヨ,yes,,市長,東京都,ｼﾔｸｼﾖ| ﾄｳｷﾖｳﾄ ,yes,\n`));
    expect(errors).toEqual([]);
    expect(rows[0]!.changes).toMatchObject({
      billingEmail: null,
      invoiceAddressee: '市長',
      postalAddress: '東京都',
      payerKanaNames: ['ｼﾔｸｼﾖ', 'ﾄｳｷﾖｳﾄ'],
      exclusions: { publicSector: true, partner: false },
    });
  });

  it('reads an optional corporate number, empty meaning none, and refuses one whose check digit fails', () => {
    const header = `${HEADER},corporate_number`;
    // 5010401067252: check digit of 010401067252 is 5 (see corporate-number.unit.test.ts); 6… is off by one.
    const { rows, errors } = validateCompanyRows(
      read(`${header}\nSONY,ソニー,,yes,,5010401067252\nNONE,無し,,yes,,\nBAD,誤り,,yes,,6010401067252\nSHORT,短い,,yes,,501040106725\n`),
    );
    expect(rows.map((r) => [r.code, r.changes.corporateNumber])).toEqual([
      ['SONY', '5010401067252'],
      ['NONE', null],
    ]);
    expect(formatImportErrors(errors)).toBe(
      [
        'line 4, column corporate_number: "6010401067252" is not a corporate number: 13 digits, the first being the check digit of the other twelve (法人番号)',
        'line 5, column corporate_number: "501040106725" is not a corporate number: 13 digits, the first being the check digit of the other twelve (法人番号)',
      ].join('\n'),
    );
    // A file without the column leaves the stored number alone.
    expect(validateCompanyRows(read(`${HEADER}\nSONY,ソニー,,yes,\n`)).rows[0]!.changes).not.toHaveProperty('corporateNumber');
  });

  it('reports every bad cell of every row, with its line and column', () => {
    const { rows, errors } = validateCompanyRows(
      read(`${HEADER},excl_cdn_only\nOK1,Fine,,yes,,\nbad code!,,,maybe,not-an-email,perhaps\nOK1,Dup,,no,,\n`),
    );
    expect(rows.map((r) => r.code)).toEqual(['OK1']);
    expect(formatImportErrors(errors)).toBe(
      [
        'line 3, column code: "bad code!" is not a valid code (letters, digits, - and _, at most 32, starting with a letter or digit)',
        'line 3, column billing_email: "not-an-email" is not an e-mail address',
        'line 3, column name: required',
        'line 3, column billing_agency: "maybe" is not yes/no, true/false, 1/0 or はい/いいえ',
        'line 3, column excl_cdn_only: "perhaps" is not yes/no, true/false, 1/0 or はい/いいえ',
        'line 4, column code: OK1 already appears on line 2',
      ].join('\n'),
    );
  });
});

describe('planning a company row', () => {
  const stored: CompanyFields = {
    code: 'ACME',
    name: 'ACME 株式会社',
    nameKana: 'アクメ',
    billingAgency: true,
    billingEmail: 'b@acme.test',
    invoiceAddressee: '経理部',
    postalAddress: null,
    corporateNumber: null,
    payerKanaNames: ['ｱｸﾒ'],
    exclusions: NO_EXCLUSIONS,
  };
  const row = (changes: object) => ({
    line: 2,
    code: 'ACME',
    changes: { code: 'ACME', name: 'ACME 株式会社', nameKana: 'アクメ', billingAgency: true, billingEmail: 'b@acme.test', ...changes },
  });

  it('creates an unknown code with defaults for what the file leaves out', () => {
    expect(planCompanyRow(undefined, row({}))).toEqual({
      kind: 'create',
      fields: { ...stored, invoiceAddressee: null, payerKanaNames: [] },
    });
  });

  it('leaves a company alone when the row says what is stored, and keeps columns the file lacks', () => {
    expect(planCompanyRow(stored, row({}))).toEqual({ kind: 'unchanged' });
  });

  it('updates what differs', () => {
    expect(planCompanyRow(stored, row({ name: 'ACME ホールディングス', exclusions: { partner: true } }))).toEqual({
      kind: 'update',
      fields: { ...stored, name: 'ACME ホールディングス', exclusions: { ...NO_EXCLUSIONS, partner: true } },
    });
    expect(planCompanyRow(stored, row({ payerKanaNames: ['ｱｸﾒ', 'ｱｸﾒHD'] })).kind).toBe('update');
  });
});
