import type { InvoiceStatus } from '../tables.ts';

/**
 * Where an invoice stands on a given day, for people: its lifecycle (draft → finalized → sent, or
 * void) combined with what has been paid (未入金 / 一部入金 / 入金済 / 期限超過).
 */
export type InvoiceStanding = 'draft' | 'finalized' | 'sent' | 'partially-paid' | 'paid' | 'overdue' | 'void';

export type InvoiceForStanding = {
  status: InvoiceStatus;
  /** Integer yen, tax included: what the customer owes. */
  totalJpy: bigint;
  /** 'YYYY-MM-DD', set when the invoice is sent. */
  dueDate: string | null;
};

export type PaymentForStanding = { amountJpy: bigint };

/** What has been paid against an invoice, and what is still owed (negative when over-paid). */
export function paymentBalance(totalJpy: bigint, payments: readonly PaymentForStanding[]) {
  const paidJpy = payments.reduce((sum, p) => sum + p.amountJpy, 0n);
  return { paidJpy, balanceJpy: totalJpy - paidJpy };
}

/**
 * - a draft or a void invoice is just that, whatever was paid;
 * - paid: payments cover the total (over-payment included);
 * - overdue: sent, not fully paid, and `today` (Asia/Tokyo) is after the due date — ahead of
 *   partially-paid, since it is what needs chasing;
 * - partially-paid: something was paid, not all;
 * - otherwise its lifecycle status (finalized, sent).
 * An invoice whose total is zero or negative owes nothing: it is never overdue, and it is not
 * "paid" either, as no payment came in.
 */
export function invoiceStatusOn(invoice: InvoiceForStanding, payments: readonly PaymentForStanding[], today: string): InvoiceStanding {
  if (invoice.status === 'draft' || invoice.status === 'void') return invoice.status;
  const { paidJpy, balanceJpy } = paymentBalance(invoice.totalJpy, payments);
  if (paidJpy > 0n && balanceJpy <= 0n) return 'paid';
  if (invoice.status === 'sent' && balanceJpy > 0n && invoice.dueDate !== null && today > invoice.dueDate) return 'overdue';
  if (paidJpy > 0n) return 'partially-paid';
  return invoice.status;
}
