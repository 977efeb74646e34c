import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import { tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { can } from '../identity/rules/roles.ts';
import { CUSTOMER_COLUMNS, customerOf, invoiceDocumentOf, loadInvoiceLines } from './invoice-document-of.ts';
import { drawDocumentNumbers, storeDocumentPdf } from './issue-document.ts';
import { loadIssuer } from './issuer-settings-presenter.ts';

export const VoidInvoiceInput = z.object({
  number: z.string().trim().min(1).max(64),
  reason: z.string().trim().min(1).max(500),
});

/**
 * Voids an issued, unpaid invoice: the invoice itself never changes (it only becomes `void`); a
 * credit note (適格返還請求書) of the same lines and amounts is issued against it, numbered from the
 * credit-note sequence, its PDF stored. The month is free for a new invoice from the next run.
 */
export const voidInvoice = defineAction({
  name: 'invoice.void',
  input: VoidInvoiceInput,
  authorize: (_tx, { actor }) => {
    if (!can(actor, 'invoices.manage')) throw forbidden();
  },
  run: async (tx, _caller, { number, reason }, ctx) => {
    const invoice = await tx
      .selectFrom('invoices')
      .selectAll()
      .where('number', '=', number)
      .where('kind', '=', 'invoice')
      .forUpdate()
      .executeTakeFirst();
    if (!invoice) throw notFound(`Invoice ${number}`);
    if (invoice.status !== 'finalized' && invoice.status !== 'sent')
      throw conflict('invoice_not_voidable', `Invoice ${number} is ${invoice.status}: only an issued invoice can be voided.`);
    const paid = await tx.selectFrom('payments').select('id').where('invoice_id', '=', invoice.id).limit(1).executeTakeFirst();
    if (paid)
      throw conflict(
        'invoice_paid',
        `Invoice ${number} has payments recorded: a paid invoice is corrected by a credit note and a new invoice, not voided.`,
      );

    // The credit note names the buyer as the company stands at its own issue, and keeps it.
    const customer = customerOf(
      await tx.selectFrom('companies').select(CUSTOMER_COLUMNS).where('id', '=', invoice.company_id).executeTakeFirstOrThrow(),
    );
    const { issuer, numbering } = await loadIssuer(tx);
    const issueDate = tokyoDateOf(ctx.now());
    const drawn = (await drawDocumentNumbers(tx, 'credit-note', numbering, { issueDate, billingMonth: invoice.billing_month }, 1))[0]!;
    const lines = await loadInvoiceLines(tx, invoice.id);

    // Written as a draft with its lines, then issued: lines may only be added to a draft.
    const { id: creditNoteId } = await tx
      .insertInto('invoices')
      .values({
        company_id: invoice.company_id,
        billing_month: invoice.billing_month,
        kind: 'credit-note',
        status: 'draft',
        credit_note_for: invoice.id,
        policy_id: invoice.policy_id,
        subtotal_jpy: invoice.subtotal_jpy,
        tax_jpy: invoice.tax_jpy,
        total_jpy: invoice.total_jpy,
        tax_rounding: invoice.tax_rounding,
        billed_usd: invoice.billed_usd,
        unblended_usd: invoice.unblended_usd,
        differences: JSON.stringify(invoice.differences),
        cost_versions: JSON.stringify(invoice.cost_versions),
        warnings: JSON.stringify([`Voids invoice ${number}: ${reason}`]),
        created_by: 'void',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('invoice_lines')
      .values(
        lines.map(({ id: _id, invoice_id: _invoice, rate_date, rate_requested_date, ...line }) => ({
          ...line,
          invoice_id: creditNoteId,
          rate_date,
          rate_requested_date,
          source: line.source === null ? null : JSON.stringify(line.source),
        })),
      )
      .execute();
    const document = {
      ...invoiceDocumentOf({ ...invoice, kind: 'credit-note', number: drawn.number, issueDate, dueDate: null }, lines, customer, issuer),
      originalInvoiceNumber: number,
      notes: [reason],
    };
    const sha256 = await storeDocumentPdf(tx, creditNoteId, document);
    const now = ctx.now();
    await tx
      .updateTable('invoices')
      .set({
        status: 'finalized',
        number: drawn.number,
        sequence_key: drawn.sequenceKey,
        sequence_number: drawn.sequence,
        issue_date: issueDate,
        pdf_sha256: sha256,
        customer: JSON.stringify(customer),
        issuer: JSON.stringify(issuer),
        finalized_at: now,
      })
      .where('id', '=', creditNoteId)
      .execute();
    await tx.updateTable('invoices').set({ status: 'void', voided_at: now }).where('id', '=', invoice.id).execute();
    return {
      result: { voided: number, creditNoteNumber: drawn.number, creditNoteId, totalJpy: String(invoice.total_jpy) },
      audit: [
        {
          action: 'invoice.voided',
          entityType: 'invoice',
          entityId: invoice.id,
          companyId: invoice.company_id,
          before: { status: invoice.status },
          after: { status: 'void', reason, creditNote: drawn.number },
        },
        {
          action: 'credit_note.issued',
          entityType: 'invoice',
          entityId: creditNoteId,
          companyId: invoice.company_id,
          after: { number: drawn.number, for: number, totalJpy: String(invoice.total_jpy), pdfSha256: sha256 },
        },
      ],
    };
  },
});
