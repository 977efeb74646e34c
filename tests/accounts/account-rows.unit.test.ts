import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_COLUMNS,
  planAccountImport,
  validateAccountRows,
  type AccountRow,
  type StoredAssignment,
} from '../../src/modules/accounts/rules/account-rows.ts';
import { formatImportErrors, readCsvTable } from '../../src/modules/companies/rules/csv-table.ts';

const HEADER = 'account_id,company_code,name,from,to';
const COMPANIES = new Set(['ALPHA', 'BETA']);
const validate = (text: string) => validateAccountRows(readCsvTable(text, ACCOUNT_COLUMNS), COMPANIES);

describe('account rows', () => {
  it('keeps account ids as text, leading zeros included, and reads open ends', () => {
    const { rows, errors } = validate(`${HEADER},root_email\n012345678901,ALPHA,prod,2025-01-01,,Root@Alpha.test\n`);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        accountId: '012345678901',
        companyCode: 'ALPHA',
        name: 'prod',
        rootEmail: 'root@alpha.test',
        window: { validFrom: '2025-01-01', validTo: null },
      },
    ]);
    expect(validate(`${HEADER}\n012345678901,ALPHA,prod,2025-01-01,\n`).rows[0]!.rootEmail).toBeUndefined();
  });

  it('accepts an account moved mid-month as two rows', () => {
    const { rows, errors } = validate(`${HEADER}\n012345678901,ALPHA,prod,2025-01-01,2025-03-15\n012345678901,BETA,prod,2025-03-15,\n`);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(2);
  });

  it('reports every problem of every row, never padding or truncating ids', () => {
    const { rows, errors } = validate(
      [
        HEADER,
        '12345678901,ALPHA,short id,2025-01-01,',
        '1234567890123,ALPHA,long id,2025-01-01,',
        '1.23457E+11,GAMMA,,2025-02-30,2025-01-01',
        '111111111111,ALPHA,ok,2025-03-01,2025-02-01',
        '222222222222,ALPHA,first,2025-01-01,2025-06-01',
        '222222222222,BETA,renamed,2025-05-01,',
      ].join('\n'),
    );
    expect(rows.map((r) => r.line)).toEqual([6]);
    expect(formatImportErrors(errors).split('\n')).toEqual([
      'line 2, column account_id: "12345678901" is not an AWS account id: exactly 12 digits (leading zeros lost? format the column as text)',
      'line 3, column account_id: "1234567890123" is not an AWS account id: exactly 12 digits',
      'line 4, column account_id: "1.23457E+11" is not an AWS account id: exactly 12 digits',
      'line 4, column company_code: no company with the code GAMMA',
      'line 4, column name: required',
      'line 4, column from: "2025-02-30" is not a date (YYYY-MM-DD)',
      'line 5, column to: 2025-02-01 is not after from (2025-03-01); to is the first day no longer owned',
      'line 7, column name: differs from line 6 ("first") for the same account',
      'line 7, column from: 2025-05-01 – open end overlaps 2025-01-01 – 2025-06-01 on line 6 for the same account',
    ]);
  });
});

describe('planning an accounts import against the registry', () => {
  const row = (line: number, companyCode: string, validFrom: string, validTo: string | null, accountId = '012345678901'): AccountRow => ({
    line,
    accountId,
    companyCode,
    name: 'prod',
    rootEmail: undefined,
    window: { validFrom, validTo },
  });
  const stored = (id: string, companyCode: string, validFrom: string, validTo: string | null): StoredAssignment => ({
    id,
    accountId: '012345678901',
    companyCode,
    validFrom,
    validTo,
  });
  const account = { accountId: '012345678901', name: 'prod', rootEmail: 'root@alpha.test' };

  it('creates what is new', () => {
    const { plan, errors } = planAccountImport([row(2, 'ALPHA', '2025-01-01', '2025-03-15'), row(3, 'BETA', '2025-03-15', null)], {
      accounts: [],
      assignments: [],
    });
    expect(errors).toEqual([]);
    expect(plan.createAccounts).toEqual([{ accountId: '012345678901', name: 'prod', rootEmail: null }]);
    expect(plan.createAssignments.map((a) => a.companyCode)).toEqual(['ALPHA', 'BETA']);
    expect(plan.counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
  });

  it('changes nothing for what is already stored (root e-mail kept when the file has no such column)', () => {
    const { plan, errors } = planAccountImport([row(2, 'ALPHA', '2025-01-01', null)], {
      accounts: [account],
      assignments: [stored('a1', 'ALPHA', '2025-01-01', null)],
    });
    expect(errors).toEqual([]);
    expect(plan).toMatchObject({
      createAccounts: [],
      updateAccounts: [],
      createAssignments: [],
      updateAssignments: [],
      counts: { created: 0, updated: 0, unchanged: 1 },
    });
  });

  it('closes the stored open window when the file records a move, and adds the new owner', () => {
    const { plan, errors } = planAccountImport([row(2, 'ALPHA', '2025-01-01', '2025-03-15'), row(3, 'BETA', '2025-03-15', null)], {
      accounts: [account],
      assignments: [stored('a1', 'ALPHA', '2025-01-01', null)],
    });
    expect(errors).toEqual([]);
    expect(plan.updateAssignments).toEqual([
      { before: stored('a1', 'ALPHA', '2025-01-01', null), window: { validFrom: '2025-01-01', validTo: '2025-03-15' } },
    ]);
    expect(plan.createAssignments).toEqual([
      { accountId: '012345678901', companyCode: 'BETA', window: { validFrom: '2025-03-15', validTo: null } },
    ]);
    expect(plan.counts).toEqual({ created: 1, updated: 1, unchanged: 0 });
  });

  it('refuses a window overlapping a stored window of another company the file does not mention', () => {
    const { errors } = planAccountImport([row(2, 'BETA', '2025-03-15', null)], {
      accounts: [account],
      assignments: [stored('a1', 'ALPHA', '2025-01-01', null)],
    });
    expect(errors).toEqual([
      {
        line: 2,
        column: 'from',
        message:
          '2025-03-15 – open end overlaps the stored window 2025-01-01 – open end of ALPHA for account 012345678901; add that window to the file with its new dates (e.g. closed on the move date)',
      },
    ]);
  });

  it('refuses a row that would swallow two stored windows of its company', () => {
    const { errors } = planAccountImport([row(2, 'ALPHA', '2024-01-01', null)], {
      accounts: [account],
      assignments: [stored('a1', 'ALPHA', '2024-06-01', '2024-09-01'), stored('a2', 'ALPHA', '2025-01-01', null)],
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('overlaps 2 stored windows of ALPHA');
  });

  it('counts an account whose name changed as updated', () => {
    const { plan } = planAccountImport([{ ...row(2, 'ALPHA', '2025-01-01', null), name: 'production' }], {
      accounts: [account],
      assignments: [stored('a1', 'ALPHA', '2025-01-01', null)],
    });
    expect(plan.updateAccounts).toEqual([{ before: account, after: { ...account, name: 'production' } }]);
    expect(plan.counts).toEqual({ created: 0, updated: 1, unchanged: 0 });
  });
});
