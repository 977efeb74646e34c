import type { AppContext } from '../../platform/context.ts';
import { forbidden, invalid, notFound } from '../../platform/errors.ts';
import { isCalendarMonth } from '../calendar/rules/calendar-date.ts';
import { can, type Actor } from '../identity/rules/roles.ts';
import { loadInvoiceLines } from './invoice-document-of.ts';

export type InvoiceListItem = {
  id: string;
  company_code: string;
  company_name: string;
  billing_month: string;
  number: string | null;
  status: string;
  subtotal_jpy: number;
  tax_jpy: number;
  total_jpy: number;
  issue_date: string | null;
  due_date: string | null;
  warnings: string[];
};

/**
 * Invoices of a month. Staff see every customer's, drafts included; a customer sees only its own
 * company's issued invoices. Yen are integers (a yen total fits a JS number exactly far beyond any
 * invoice: 2^53 yen).
 */
export async function listInvoices(ctx: AppContext, actor: Actor, filter: { month?: string; companyId?: string }): Promise<InvoiceListItem[]> {
  if (filter.month !== undefined && !isCalendarMonth(filter.month)) throw invalid(`"${filter.month}" is not a month (YYYY-MM)`);
  const companyId = actor.kind === 'customer' ? actor.companyId : filter.companyId;
  if (!can(actor, 'invoices.read', companyId ?? null)) throw forbidden();
  let query = ctx.db
    .selectFrom('invoices')
    .innerJoin('companies', 'companies.id', 'invoices.company_id')
    .select([
      'invoices.id',
      'companies.code as company_code',
      'companies.name as company_name',
      'invoices.billing_month',
      'invoices.number',
      'invoices.status',
      'invoices.subtotal_jpy',
      'invoices.tax_jpy',
      'invoices.total_jpy',
      'invoices.warnings',
      (eb) => eb.cast<string | null>('invoices.issue_date', 'text').as('issue_date'),
      (eb) => eb.cast<string | null>('invoices.due_date', 'text').as('due_date'),
    ])
    .where('invoices.kind', '=', 'invoice');
  if (filter.month !== undefined) query = query.where('invoices.billing_month', '=', filter.month);
  if (companyId !== undefined) query = query.where('invoices.company_id', '=', companyId);
  if (actor.kind === 'customer') query = query.where('invoices.status', '<>', 'draft');
  const rows = await query.orderBy('invoices.billing_month', 'desc').orderBy('companies.code').execute();
  return rows.map((r) => ({ ...r, subtotal_jpy: Number(r.subtotal_jpy), tax_jpy: Number(r.tax_jpy), total_jpy: Number(r.total_jpy) }));
}

/** One invoice with its lines; customers only their own issued ones. */
export async function getInvoice(ctx: AppContext, actor: Actor, invoiceId: string) {
  const invoice = await ctx.db
    .selectFrom('invoices')
    .innerJoin('companies', 'companies.id', 'invoices.company_id')
    .selectAll('invoices')
    .select(['companies.code as company_code', 'companies.name as company_name'])
    .select((eb) => [eb.cast<string | null>('invoices.issue_date', 'text').as('issue_date'), eb.cast<string | null>('invoices.due_date', 'text').as('due_date')])
    .where('invoices.id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice || !can(actor, 'invoices.read', invoice.company_id) || (actor.kind === 'customer' && invoice.status === 'draft')) throw notFound('Invoice');
  return { invoice, lines: await loadInvoiceLines(ctx.db, invoiceId) };
}

/** The stored PDF of an issued invoice, exactly as issued. */
export async function getInvoicePdf(ctx: AppContext, actor: Actor, invoiceId: string) {
  const { invoice } = await getInvoice(ctx, actor, invoiceId);
  const pdf = await ctx.db.selectFrom('invoice_pdfs').select(['pdf', 'sha256']).where('invoice_id', '=', invoiceId).executeTakeFirst();
  if (!pdf) throw notFound('Invoice PDF');
  return { number: invoice.number as string, pdf: Buffer.from(pdf.pdf), sha256: pdf.sha256 };
}
