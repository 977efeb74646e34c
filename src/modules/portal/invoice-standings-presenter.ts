import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { invoiceStatusOn, paymentBalance } from '../invoicing/rules/invoice-status.ts';
import { assertPortalReader } from './portal-scope.ts';

export const InvoiceStandingView = z.object({
  invoiceId: z.string(),
  number: z.string().nullable(),
  billingMonth: z.string(),
  issueDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  subtotalJpy: z.string(),
  totalJpy: z.string(),
  paidJpy: z.string(),
  balanceJpy: z.string(),
  /** Lifecycle and payments together on today's date in Japan: sent, paid, partially-paid, overdue, … */
  status: z.enum(['draft', 'finalized', 'sent', 'partially-paid', 'paid', 'overdue', 'void']),
});
export type InvoiceStandingView = z.infer<typeof InvoiceStandingView>;

/** Every issued invoice of a company (never drafts) with what was paid and where it stands, newest month first. */
export async function invoiceStandings(db: Queryable, companyId: string, today: string): Promise<InvoiceStandingView[]> {
  const rows = await db
    .selectFrom('invoices as i')
    .leftJoin('payments as p', 'p.invoice_id', 'i.id')
    .select([
      'i.id',
      'i.number',
      'i.billing_month',
      'i.status',
      'i.subtotal_jpy',
      'i.total_jpy',
      sql<string | null>`i.issue_date::text`.as('issue_date'),
      sql<string | null>`i.due_date::text`.as('due_date'),
      sql<string>`coalesce(sum(p.amount_jpy), 0)::text`.as('paid_jpy'),
    ])
    .where('i.company_id', '=', companyId)
    .where('i.kind', '=', 'invoice')
    .where('i.status', '<>', 'draft')
    .groupBy('i.id')
    .orderBy('i.billing_month', 'desc')
    .orderBy('i.number', 'desc')
    .execute();
  return rows.map((r) => {
    const totalJpy = BigInt(r.total_jpy);
    const payments = [{ amountJpy: BigInt(r.paid_jpy) }].filter((p) => p.amountJpy !== 0n);
    const { paidJpy, balanceJpy } = paymentBalance(totalJpy, payments);
    return {
      invoiceId: r.id,
      number: r.number,
      billingMonth: r.billing_month,
      issueDate: r.issue_date,
      dueDate: r.due_date,
      subtotalJpy: String(r.subtotal_jpy),
      totalJpy: totalJpy.toString(),
      paidJpy: paidJpy.toString(),
      balanceJpy: balanceJpy.toString(),
      status: invoiceStatusOn({ status: r.status, totalJpy, dueDate: r.due_date }, payments, today),
    };
  });
}

/** The company's issued invoices with their standing (請求書一覧の状態). */
export async function listInvoiceStandings(ctx: AppContext, actor: Actor, companyId: string): Promise<InvoiceStandingView[]> {
  await assertPortalReader(ctx, actor, companyId);
  return invoiceStandings(ctx.db, companyId, tokyoDateOf(ctx.now()));
}
