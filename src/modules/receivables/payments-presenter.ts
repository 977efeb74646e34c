import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import { tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { can, type Actor } from '../identity/rules/roles.ts';
import { invoiceStatusOn, paymentBalance } from '../invoicing/rules/invoice-status.ts';

export const PaymentView = z.object({
  id: z.string(),
  receivedOn: z.string(),
  amountJpy: z.number().int(),
  method: z.enum(['bank-transfer', 'other']),
  note: z.string().nullable(),
  /** Who recorded it; staff only (null for customers). */
  recordedBy: z.string().nullable(),
  createdAt: z.date(),
});
export type PaymentView = z.infer<typeof PaymentView>;

/** An invoice's payments and where it stands. Yen are integers (exact far beyond any invoice: 2^53). */
export const InvoicePaymentsView = z.object({
  invoiceId: z.string(),
  number: z.string().nullable(),
  companyId: z.string(),
  billingMonth: z.string(),
  totalJpy: z.number().int(),
  dueDate: z.string().nullable(),
  sentAt: z.date().nullable(),
  /** The invoice's lifecycle: draft, finalized, sent, void. */
  lifecycleStatus: z.enum(['draft', 'finalized', 'sent', 'void']),
  /** Lifecycle and payments together, on today's date in Japan (未入金 / 一部入金 / 入金済 / 期限超過). */
  status: z.enum(['draft', 'finalized', 'sent', 'partially-paid', 'paid', 'overdue', 'void']),
  paidJpy: z.number().int(),
  /** What is still owed; negative when over-paid. */
  balanceJpy: z.number().int(),
  payments: z.array(PaymentView),
});
export type InvoicePaymentsView = z.infer<typeof InvoicePaymentsView>;

/**
 * The payments of one invoice, oldest first. Staff see any invoice's; a customer only its own
 * company's issued ones (not drafts). Anything else is "not found", so ids of other tenants tell
 * nothing.
 */
export async function listInvoicePayments(ctx: AppContext, actor: Actor, invoiceId: string): Promise<InvoicePaymentsView> {
  const invoice = await ctx.db.selectFrom('invoices').select(['company_id', 'status']).where('id', '=', invoiceId).executeTakeFirst();
  if (!invoice || !can(actor, 'invoices.read', invoice.company_id) || (actor.kind === 'customer' && invoice.status === 'draft')) {
    throw notFound('Invoice');
  }
  const view = await invoicePayments(ctx.db, invoiceId, tokyoDateOf(ctx.now()));
  return actor.kind === 'customer' ? { ...view, payments: view.payments.map((p) => ({ ...p, recordedBy: null })) } : view;
}

/** The view without any access check: for services that have already checked (inside their transaction). */
export async function invoicePayments(db: Queryable, invoiceId: string, today: string): Promise<InvoicePaymentsView> {
  const invoice = await db
    .selectFrom('invoices')
    .select(['id', 'number', 'company_id', 'billing_month', 'total_jpy', 'due_date', 'sent_at', 'status'])
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) throw notFound('Invoice');
  const rows = await db
    .selectFrom('payments')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('received_on')
    .orderBy('created_at')
    .execute();
  const totalJpy = BigInt(invoice.total_jpy);
  const payments = rows.map((r) => ({ amountJpy: BigInt(r.amount_jpy) }));
  const { paidJpy, balanceJpy } = paymentBalance(totalJpy, payments);
  return {
    invoiceId: invoice.id,
    number: invoice.number,
    companyId: invoice.company_id,
    billingMonth: invoice.billing_month,
    totalJpy: Number(totalJpy),
    dueDate: invoice.due_date,
    sentAt: invoice.sent_at,
    lifecycleStatus: invoice.status,
    status: invoiceStatusOn({ status: invoice.status, totalJpy, dueDate: invoice.due_date }, payments, today),
    paidJpy: Number(paidJpy),
    balanceJpy: Number(balanceJpy),
    payments: rows.map((r) => ({
      id: r.id,
      receivedOn: r.received_on,
      amountJpy: Number(r.amount_jpy),
      method: r.method,
      note: r.note,
      recordedBy: r.recorded_by,
      createdAt: r.created_at,
    })),
  };
}
