import { describe, expect, it } from 'vitest';
import { invoiceStatusOn, paymentBalance } from '../../src/modules/invoicing/rules/invoice-status.ts';

const sent = { status: 'sent' as const, totalJpy: 110_000n, dueDate: '2026-12-31' };
const paid = (...amounts: bigint[]) => amounts.map((amountJpy) => ({ amountJpy }));

describe('invoiceStatusOn', () => {
  it('leaves drafts and void invoices as they are, whatever was paid', () => {
    expect(invoiceStatusOn({ ...sent, status: 'draft', dueDate: null }, [], '2027-03-01')).toBe('draft');
    expect(invoiceStatusOn({ ...sent, status: 'void' }, paid(110_000n), '2027-03-01')).toBe('void');
  });

  it('is finalized or sent while nothing is paid and the due date has not passed', () => {
    expect(invoiceStatusOn({ ...sent, status: 'finalized', dueDate: null }, [], '2027-03-01')).toBe('finalized');
    expect(invoiceStatusOn(sent, [], '2026-12-01')).toBe('sent');
    // The due date itself is still in time.
    expect(invoiceStatusOn(sent, [], '2026-12-31')).toBe('sent');
  });

  it('is overdue the day after the due date while not fully paid, partly paid or not', () => {
    expect(invoiceStatusOn(sent, [], '2027-01-01')).toBe('overdue');
    expect(invoiceStatusOn(sent, paid(60_000n, 49_999n), '2027-01-01')).toBe('overdue');
  });

  it('is partially paid before the due date', () => {
    expect(invoiceStatusOn(sent, paid(109_999n), '2026-12-31')).toBe('partially-paid');
    expect(invoiceStatusOn({ ...sent, status: 'finalized', dueDate: null }, paid(1n), '2027-03-01')).toBe('partially-paid');
  });

  it('is paid once payments cover the total, over-payment included, even after the due date', () => {
    expect(invoiceStatusOn(sent, paid(60_000n, 50_000n), '2027-02-01')).toBe('paid');
    expect(invoiceStatusOn(sent, paid(120_000n), '2026-12-10')).toBe('paid');
  });

  it('never makes an invoice that owes nothing overdue', () => {
    expect(invoiceStatusOn({ ...sent, totalJpy: 0n }, [], '2027-06-01')).toBe('sent');
    expect(invoiceStatusOn({ ...sent, totalJpy: -5_000n }, [], '2027-06-01')).toBe('sent');
  });
});

describe('paymentBalance', () => {
  it('sums payments exactly and goes negative on over-payment', () => {
    expect(paymentBalance(110_000n, paid(60_000n, 30_000n))).toEqual({ paidJpy: 90_000n, balanceJpy: 20_000n });
    expect(paymentBalance(110_000n, paid(110_001n))).toEqual({ paidJpy: 110_001n, balanceJpy: -1n });
    // Beyond 2^53: still exact.
    expect(paymentBalance(9_007_199_254_740_993n, paid(9_007_199_254_740_992n))).toEqual({
      paidJpy: 9_007_199_254_740_992n,
      balanceJpy: 1n,
    });
  });
});
