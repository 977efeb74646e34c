import { describe, expect, it } from 'vitest';
import { invoiceDueDate } from '../../src/modules/invoicing/rules/invoice-due-date.ts';

describe('invoiceDueDate: the last day of the month after the receipt', () => {
  it('takes the end of the next month, whatever the day of receipt', () => {
    expect(invoiceDueDate('2026-11-05')).toBe('2026-12-31');
    expect(invoiceDueDate('2026-11-01')).toBe('2026-12-31');
    expect(invoiceDueDate('2026-11-30')).toBe('2026-12-31');
    expect(invoiceDueDate('2026-03-04')).toBe('2026-04-30');
  });

  it('lands on February 28, or 29 in a leap year', () => {
    expect(invoiceDueDate('2026-01-31')).toBe('2026-02-28');
    expect(invoiceDueDate('2024-01-15')).toBe('2024-02-29');
    expect(invoiceDueDate('2100-01-10')).toBe('2100-02-28'); // not a leap year (divisible by 100)
    expect(invoiceDueDate('2000-01-10')).toBe('2000-02-29'); // a leap year (divisible by 400)
  });

  it('crosses the year from December', () => {
    expect(invoiceDueDate('2026-12-25')).toBe('2027-01-31');
    expect(invoiceDueDate('2026-12-01')).toBe('2027-01-31');
  });

  it('keeps a due date that falls on a weekend (a calendar date, not a business day)', () => {
    // 2026-05-31 is a Sunday.
    expect(invoiceDueDate('2026-04-10')).toBe('2026-05-31');
  });

  it('refuses what is not a calendar date', () => {
    expect(() => invoiceDueDate('2026-02-30')).toThrow(RangeError);
    expect(() => invoiceDueDate('2026-11')).toThrow(RangeError);
  });
});
