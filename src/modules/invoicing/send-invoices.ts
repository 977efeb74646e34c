import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AppContext, Caller } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { conflict, DomainError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { isCalendarMonth, tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { can } from '../identity/rules/roles.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';
import type { Issuer } from './document/invoice-document.ts';
import { invoiceMail, invoicePdfFilename } from './invoice-mail.ts';
import { loadIssuer } from './issuer-settings-presenter.ts';
import { invoiceDueDate } from './rules/invoice-due-date.ts';

export const SendInvoicesInput = z.object({
  month: z.string().refine(isCalendarMonth, 'a month YYYY-MM'),
  companyCode: z.string().trim().min(1).max(40).optional(),
});
export type SendInvoicesInput = z.input<typeof SendInvoicesInput>;

export const SendInvoicesSummary = z.object({
  month: z.string(),
  /** The day the invoices were sent (Asia/Tokyo): the customer's receipt date. */
  receiptDate: z.string(),
  sent: z.array(
    z.object({
      invoiceId: z.string(),
      number: z.string(),
      companyCode: z.string(),
      to: z.string(),
      totalJpy: z.number().int(),
      dueDate: z.string(),
      outboxId: z.string(),
    }),
  ),
  /** Invoices of the month sent before: never sent twice. */
  alreadySent: z.number().int(),
  /** Invoices of the month still drafts: finalize them first. */
  notFinalized: z.number().int(),
  /** Invoices left unsent, and why (e.g. no billing e-mail): fix and send again. */
  errors: z.array(z.object({ invoiceId: z.string(), number: z.string(), companyCode: z.string(), message: z.string() })),
});
export type SendInvoicesSummary = z.infer<typeof SendInvoicesSummary>;

/**
 * Sends the month's finalized invoices (SPEC §4 "then send"): each one, in its own transaction
 * with its audit row, becomes `sent`, gets its due date from the receipt date (the day it is sent,
 * in Japan) unless finalization already fixed one, and its PDF goes to the company's billing
 * e-mail through the outbox. Idempotent: a sent invoice is never sent again. An invoice that cannot
 * go (no billing e-mail) is reported and left finalized; the others go.
 */
export async function sendInvoices(ctx: AppContext, caller: Caller, rawInput: SendInvoicesInput): Promise<SendInvoicesSummary> {
  const parsed = SendInvoicesInput.safeParse(rawInput);
  if (!parsed.success)
    throw invalid(`Invalid input for invoice.send: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { month, companyCode } = parsed.data;
  if (!can(caller.actor, 'invoices.manage')) throw forbidden();
  if (companyCode !== undefined) {
    const company = await ctx.db.selectFrom('companies').select('id').where('code', '=', companyCode).executeTakeFirst();
    if (!company) throw notFound(`Company ${companyCode}`);
  }

  let query = ctx.db
    .selectFrom('invoices')
    .innerJoin('companies', 'companies.id', 'invoices.company_id')
    .select(['invoices.id', 'invoices.number', 'invoices.status', 'companies.code'])
    .where('invoices.billing_month', '=', month)
    .where('invoices.kind', '=', 'invoice')
    .where('invoices.status', 'in', ['draft', 'finalized', 'sent']);
  if (companyCode !== undefined) query = query.where('companies.code', '=', companyCode);
  const invoices = await query.orderBy('invoices.number').orderBy('companies.code').execute();
  const toSend = invoices.filter((i) => i.status === 'finalized');

  const receiptDate = tokyoDateOf(ctx.now());
  const summary: SendInvoicesSummary = {
    month,
    receiptDate,
    sent: [],
    alreadySent: invoices.filter((i) => i.status === 'sent').length,
    notFinalized: invoices.filter((i) => i.status === 'draft').length,
    errors: [],
  };
  if (toSend.length === 0) return summary;
  const { issuer } = await loadIssuer(ctx.db);

  for (const invoice of toSend) {
    try {
      const outcome = await ctx.db.transaction().execute((tx) => sendOne(tx, ctx, caller, invoice.id, receiptDate, issuer));
      if (outcome === 'already-sent') summary.alreadySent++;
      else if (outcome !== 'not-finalized') summary.sent.push(outcome);
    } catch (error) {
      // A refusal (no billing e-mail, a damaged PDF) keeps this invoice back only; anything else stops the run.
      if (!(error instanceof DomainError)) throw error;
      summary.errors.push({ invoiceId: invoice.id, number: invoice.number ?? '', companyCode: invoice.code, message: error.message });
    }
  }
  return summary;
}

async function sendOne(tx: Tx, ctx: AppContext, caller: Caller, invoiceId: string, receiptDate: string, issuer: Issuer) {
  // Under the row's lock: two senders at once send it once.
  const invoice = await tx.selectFrom('invoices').selectAll().where('id', '=', invoiceId).forUpdate().executeTakeFirstOrThrow();
  if (invoice.status === 'sent') return 'already-sent' as const;
  if (invoice.status !== 'finalized') return 'not-finalized' as const;
  const number = invoice.number as string;
  const company = await tx
    .selectFrom('companies')
    .select(['code', 'name', 'billing_email', 'invoice_addressee'])
    .where('id', '=', invoice.company_id)
    .executeTakeFirstOrThrow();
  if (!company.billing_email)
    throw conflict(
      'no_billing_email',
      `${company.code} has no billing e-mail (請求先メールアドレス): invoice ${number} was not sent. Set the company's billing e-mail, then send again.`,
    );
  const stored = await tx.selectFrom('invoice_pdfs').select(['pdf', 'sha256']).where('invoice_id', '=', invoice.id).executeTakeFirst();
  if (!stored) throw conflict('invoice_pdf_missing', `Invoice ${number} has no stored PDF: it was not sent.`);
  // The customer receives exactly the document that was finalized, or nothing.
  const sha256 = createHash('sha256').update(stored.pdf).digest('hex');
  if (sha256 !== stored.sha256 || (invoice.pdf_sha256 !== null && sha256 !== invoice.pdf_sha256))
    throw conflict('invoice_pdf_damaged', `The stored PDF of invoice ${number} does not match its SHA-256: it was not sent.`);

  // Finalization may already have fixed the due date (the database keeps it then); otherwise it
  // runs from today's receipt.
  const dueDate = invoice.due_date ?? invoiceDueDate(receiptDate);
  const sentAt = ctx.now();
  await tx.updateTable('invoices').set({ status: 'sent', sent_at: sentAt, due_date: dueDate }).where('id', '=', invoice.id).execute();
  const mail = invoiceMail({
    companyName: company.name,
    addressee: company.invoice_addressee,
    number,
    billingMonth: invoice.billing_month,
    totalJpy: String(invoice.total_jpy),
    dueDate,
    issuer,
  });
  const outboxId = await enqueueMail(tx, {
    purpose: 'invoice.sent',
    to: company.billing_email,
    subject: mail.subject,
    text: mail.text,
    companyId: invoice.company_id,
    attachments: [{ filename: invoicePdfFilename(number), contentType: 'application/pdf', content: stored.pdf }],
  });
  await recordAudit(
    tx,
    caller.actor,
    [
      {
        action: 'invoice.sent',
        entityType: 'invoice',
        entityId: invoice.id,
        companyId: invoice.company_id,
        before: { status: 'finalized', dueDate: invoice.due_date },
        after: { status: 'sent', number, receiptDate, dueDate, to: company.billing_email, outboxId },
      },
    ],
    caller.ip,
  );
  return {
    invoiceId: invoice.id,
    number,
    companyCode: company.code,
    to: company.billing_email,
    totalJpy: Number(invoice.total_jpy),
    dueDate,
    outboxId,
  };
}
