import { describe, expect, it } from 'vitest';
import { readCsvTable } from '../../src/modules/companies/rules/csv-table.ts';
import { canonicalUsdJpy, FX_RATE_COLUMNS, planFxRates, validateFxRateRows } from '../../src/modules/fx/rules/fx-rate-rows.ts';

const read = (text: string) => {
  const table = readCsvTable(text, FX_RATE_COLUMNS);
  const { rows, errors } = validateFxRateRows(table, 'MUFG');
  return { rows, errors: [...table.errors, ...errors] };
};

describe('the rate file', () => {
  it('reads dates as Excel writes them, rates with their decimals, sources in upper case', () => {
    const { rows, errors } = read(
      '\uFEFFdate,usd_jpy,source\r\n2024-11-01,152.41,\r\n2024/11/5,152.3,smbc\r\n2024-11-08,153.0625,MUFG\r\n',
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, date: '2024-11-01', usdJpy: '152.41', source: 'MUFG' },
      { line: 3, date: '2024-11-05', usdJpy: '152.30', source: 'SMBC' },
      { line: 4, date: '2024-11-08', usdJpy: '153.0625', source: 'MUFG' },
    ]);
  });

  it('keeps a published rate as given, with at least 2 decimals', () => {
    expect(canonicalUsdJpy('151')).toBe('151.00');
    expect(canonicalUsdJpy('151.2000')).toBe('151.20');
    expect(canonicalUsdJpy('151.2345')).toBe('151.2345');
    expect(canonicalUsdJpy('0')).toBeNull();
    expect(canonicalUsdJpy('151.23456')).toBeNull();
    expect(canonicalUsdJpy('1,151.23')).toBeNull();
    expect(canonicalUsdJpy('-151')).toBeNull();
  });

  it('reports every bad cell by line and column', () => {
    const { rows, errors } = read(
      [
        'date,usd_jpy',
        '2024-11-01,152.41',
        '2024-02-30,150',
        '2024-11-05,-1',
        '2024-11-06,151.23456',
        ',152',
        '2024-11-01,152.50',
        '2024-11-07,',
        '2051-01-04,150',
      ].join('\n'),
    );
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(errors).toEqual([
      { line: 3, column: 'date', message: '"2024-02-30" is not a date (YYYY-MM-DD)' },
      { line: 4, column: 'usd_jpy', message: '"-1" is not a positive rate with at most 4 decimals (e.g. 151.23)' },
      { line: 5, column: 'usd_jpy', message: '"151.23456" is not a positive rate with at most 4 decimals (e.g. 151.23)' },
      { line: 6, column: 'date', message: 'required' },
      { line: 7, column: 'date', message: 'the rate of 2024-11-01 (source MUFG) already appears on line 2' },
      { line: 8, column: 'usd_jpy', message: 'required' },
      { line: 9, column: 'date', message: '2051-01-04 is outside the business calendar (1970–2050)' },
    ]);
  });

  it('allows the same day once per source, and refuses a bad source name', () => {
    const { rows, errors } = read('date,usd_jpy,source\n2024-11-01,152.41,MUFG\n2024-11-01,152.45,SMBC\n2024-11-01,152.40,bad source!\n');
    expect(rows.map((r) => r.source)).toEqual(['MUFG', 'SMBC']);
    expect(errors).toEqual([
      { line: 4, column: 'source', message: '"BAD SOURCE!" is not a source name (letters, digits, ".", "_", "-"; at most 32)' },
    ]);
  });

  it('refuses a header without the required columns', () => {
    expect(read('day,rate\n2024-11-01,152.41\n').errors.map((e) => `${e.line}:${e.column}`)).toEqual([
      '1:day',
      '1:rate',
      '1:date',
      '1:usd_jpy',
    ]);
  });
});

describe('storing valid rows', () => {
  it('creates new days, updates changed values, leaves equal ones (151.2 = 151.20)', () => {
    const stored = new Map([
      ['MUFG|2024-11-01', '152.41'],
      ['MUFG|2024-11-05', '152.20'],
    ]);
    const plan = planFxRates(stored, [
      { line: 2, date: '2024-11-01', usdJpy: '152.41', source: 'MUFG' },
      { line: 3, date: '2024-11-05', usdJpy: '152.30', source: 'MUFG' },
      { line: 4, date: '2024-11-05', usdJpy: '152.2', source: 'SMBC' },
      { line: 5, date: '2024-11-08', usdJpy: '153.06', source: 'MUFG' },
    ]);
    expect(plan.unchanged).toBe(1);
    expect(plan.update).toEqual([{ line: 3, date: '2024-11-05', usdJpy: '152.30', source: 'MUFG', before: '152.20' }]);
    expect(plan.create.map((r) => `${r.source} ${r.date}`)).toEqual(['SMBC 2024-11-05', 'MUFG 2024-11-08']);
    expect(
      planFxRates(new Map([['MUFG|2024-11-05', '152.2']]), [{ line: 2, date: '2024-11-05', usdJpy: '152.20', source: 'MUFG' }]).unchanged,
    ).toBe(1);
  });
});
