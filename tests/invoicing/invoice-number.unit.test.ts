import { describe, expect, it } from 'vitest';
import {
  formatInvoiceNumber,
  invoiceNumberFormatProblem,
  parseInvoiceNumberFormat,
  sequenceKeyOf,
} from '../../src/modules/invoicing/rules/invoice-number.ts';

const MARCH = { issueDate: '2026-03-04', billingMonth: '2026-02' };

describe('formatInvoiceNumber', () => {
  it('fills the issue date and pads the sequence', () => {
    expect(formatInvoiceNumber('{YYYY}{MM}-{SEQ:5}', { ...MARCH, sequence: 7 })).toBe('202603-00007');
    expect(formatInvoiceNumber('INV-{YY}{MM}{DD}-{SEQ:3}', { ...MARCH, sequence: 42 })).toBe('INV-260304-042');
  });

  it('fills the billing month, which differs from the issue month', () => {
    expect(formatInvoiceNumber('{BYYYY}{BMM}-{SEQ:4}', { ...MARCH, sequence: 1 })).toBe('202602-0001');
    expect(formatInvoiceNumber('D{BYY}.{BMM}/{SEQ}', { issueDate: '2027-01-05', billingMonth: '2026-12', sequence: 12 })).toBe('D26.12/12');
  });

  it('lets the sequence grow past its width rather than stop invoicing', () => {
    expect(formatInvoiceNumber('{SEQ:2}', { ...MARCH, sequence: 99 })).toBe('99');
    expect(formatInvoiceNumber('{SEQ:2}', { ...MARCH, sequence: 100 })).toBe('100');
  });

  it('refuses a sequence that is not a positive integer and malformed dates', () => {
    expect(() => formatInvoiceNumber('{SEQ}', { ...MARCH, sequence: 0 })).toThrow(/positive integer/);
    expect(() => formatInvoiceNumber('{SEQ}', { ...MARCH, sequence: 1.5 })).toThrow(/positive integer/);
    expect(() => formatInvoiceNumber('{SEQ}', { ...MARCH, issueDate: '2026/03/04', sequence: 1 })).toThrow(/YYYY-MM-DD/);
    expect(() => formatInvoiceNumber('{SEQ}', { ...MARCH, billingMonth: '2026-2', sequence: 1 })).toThrow(/YYYY-MM/);
  });
});

describe('parseInvoiceNumberFormat', () => {
  it.each([
    ['', /empty/],
    ['{YYYY}{MM}', /exactly one \{SEQ\}/],
    ['{SEQ}-{SEQ}', /exactly one \{SEQ\} or \{SEQ:n\} \(found 2\)/],
    ['{SEQ:0}', /Unknown token \{SEQ:0\}/],
    ['{SEQ:10}', /Unknown token \{SEQ:10\}/],
    ['{YYYYY}-{SEQ}', /Unknown token \{YYYYY\}/],
    ['{yyyy}-{SEQ}', /Unknown token \{yyyy\}/],
    ['{YYYY-{SEQ}', /Unknown token \{YYYY-\{SEQ\}/],
    ['{YYYY}-{SEQ', /Unclosed '\{'/],
    ['YYYY}-{SEQ}', /Unmatched '\}'/],
    ['請求-{SEQ}', /characters other than/],
    ['A B-{SEQ}', /characters other than/],
    [`${'X'.repeat(40)}{SEQ}`, /longer than 40/],
  ])('refuses %j', (format, message) => {
    expect(() => parseInvoiceNumberFormat(format)).toThrow(message);
  });

  it('reads literals, date tokens and the sequence width', () => {
    expect(parseInvoiceNumberFormat('CN{YYYY}-{SEQ:5}')).toEqual([
      { kind: 'literal', text: 'CN' },
      { kind: 'date', name: 'YYYY' },
      { kind: 'literal', text: '-' },
      { kind: 'sequence', width: 5 },
    ]);
  });
});

describe('invoiceNumberFormatProblem', () => {
  it('accepts any valid format for a continuous sequence', () => {
    expect(invoiceNumberFormatProblem('{SEQ:6}', 'continuous')).toBeNull();
  });

  it('needs the year for a yearly sequence, the year and month for a monthly one', () => {
    expect(invoiceNumberFormatProblem('{YY}-{SEQ:4}', 'issue-year')).toBeNull();
    expect(invoiceNumberFormatProblem('{MM}-{SEQ:4}', 'issue-year')).toMatch(/issue year/);
    expect(invoiceNumberFormatProblem('{YYYY}{MM}-{SEQ:5}', 'issue-month')).toBeNull();
    expect(invoiceNumberFormatProblem('{YYYY}-{SEQ:5}', 'issue-month')).toMatch(/issue year and month/);
    // The billing month does not make an issue-month sequence unique: March can bill February and March.
    expect(invoiceNumberFormatProblem('{BYYYY}{BMM}-{SEQ:5}', 'issue-month')).toMatch(/issue year and month/);
    expect(invoiceNumberFormatProblem('{BYYYY}{BMM}-{SEQ:5}', 'billing-month')).toBeNull();
    expect(invoiceNumberFormatProblem('{YYYY}{MM}-{SEQ:5}', 'billing-month')).toMatch(/billing year and month/);
  });

  it('reports a format that does not parse', () => {
    expect(invoiceNumberFormatProblem('{YYYY}', 'continuous')).toMatch(/exactly one/);
  });
});

describe('sequenceKeyOf', () => {
  it('separates invoices from credit notes and restarts per scope period', () => {
    expect(sequenceKeyOf('continuous', 'invoice', MARCH)).toBe('invoice');
    expect(sequenceKeyOf('issue-year', 'invoice', MARCH)).toBe('invoice:2026');
    expect(sequenceKeyOf('issue-month', 'credit-note', MARCH)).toBe('credit-note:2026-03');
    expect(sequenceKeyOf('billing-month', 'invoice', MARCH)).toBe('invoice:2026-02');
  });
});
