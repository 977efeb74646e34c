import { createHash } from 'node:crypto';
import type { Tx } from '../../platform/db/database.ts';
import { renderInvoicePdf } from './document/render-invoice-pdf.ts';
import type { InvoiceDocumentInput } from './document/invoice-document.ts';
import type { InvoiceNumbering } from './issuer-settings-presenter.ts';
import { formatInvoiceNumber, sequenceKeyOf } from './rules/invoice-number.ts';

/**
 * The next `count` numbers of an issuer sequence, drawn under the sequence row's lock: concurrent
 * issuers wait for each other, so numbers are unique and gapless, and a transaction that fails
 * gives its numbers back.
 */
export async function drawDocumentNumbers(
  tx: Tx,
  kind: 'invoice' | 'credit-note',
  numbering: InvoiceNumbering,
  context: { issueDate: string; billingMonth: string },
  count: number,
) {
  const sequenceKey = sequenceKeyOf(numbering.sequenceScope, kind, context);
  // Insert or advance in one statement; either way the row stays locked until the transaction ends.
  const { last_number: last } = await tx
    .insertInto('invoice_number_sequences')
    .values({ sequence_key: sequenceKey, last_number: count })
    .onConflict((oc) =>
      oc.column('sequence_key').doUpdateSet((eb) => ({ last_number: eb('invoice_number_sequences.last_number', '+', count) })),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  const format = kind === 'invoice' ? numbering.invoiceNumberFormat : numbering.creditNoteNumberFormat;
  return Array.from({ length: count }, (_, i) => {
    const sequence = last - count + 1 + i;
    return { number: formatInvoiceNumber(format, { ...context, sequence }), sequenceKey, sequence };
  });
}

/** Renders the document's PDF and stores it, as issued, with its SHA-256. */
export async function storeDocumentPdf(tx: Tx, invoiceId: string, document: InvoiceDocumentInput): Promise<string> {
  const pdf = await renderInvoicePdf(document);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  await tx.insertInto('invoice_pdfs').values({ invoice_id: invoiceId, pdf, sha256 }).execute();
  return sha256;
}
