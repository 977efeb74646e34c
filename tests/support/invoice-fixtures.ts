import { createHash } from 'node:crypto';
import type { Db } from '../../src/platform/db/database.ts';

/**
 * Invoices as finalization leaves them, written straight into the tables (draft with its line,
 * then PDF and number in one go, as the database's guards allow), for tests of what happens after.
 */
export type InvoiceFixture = {
  companyId: string;
  month: string;
  /** Omitted for a draft. */
  number?: string;
  subtotalJpy: bigint;
  taxJpy: bigint;
  status?: 'draft' | 'finalized' | 'void';
  /** Finalization may fix the due date; null leaves it to the sending. */
  dueDate?: string | null;
  issueDate?: string;
  /** Store a SHA-256 that does not match the PDF, as if its bytes had been damaged. */
  damagedPdf?: boolean;
};

/** Bytes of every value 0–255 around the number: a round trip through bytea and SMTP must keep them all. */
export function fixturePdf(number: string): Buffer {
  return Buffer.concat([
    Buffer.from('%PDF-1.7\n'),
    Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    Buffer.from(`\n${number}\n%%EOF\n`),
  ]);
}

export async function insertInvoice(db: Db, fixture: InvoiceFixture) {
  const status = fixture.status ?? 'finalized';
  const totalJpy = fixture.subtotalJpy + fixture.taxJpy;
  return db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto('invoices')
      .values({
        company_id: fixture.companyId,
        billing_month: fixture.month,
        kind: 'invoice',
        status: 'draft',
        number: null,
        sequence_key: null,
        sequence_number: null,
        credit_note_for: null,
        policy_id: null,
        subtotal_jpy: fixture.subtotalJpy,
        tax_jpy: fixture.taxJpy,
        total_jpy: totalJpy,
        tax_rounding: 'down',
        billed_usd: '0',
        unblended_usd: '0',
        differences: '{}',
        cost_versions: '[]',
        issue_date: null,
        due_date: null,
        pdf_sha256: null,
        created_by: 'test-fixture',
        finalized_at: null,
        sent_at: null,
        voided_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('invoice_lines')
      .values({
        invoice_id: id,
        position: 1,
        section: 'custom',
        account_id: null,
        account_name: null,
        service_code: null,
        service_name: null,
        description: 'AWS ご利用料金',
        base_usd: null,
        markup_percent: null,
        usd: null,
        rate_usd_jpy: null,
        rate_date: null,
        rate_requested_date: null,
        rate_source: null,
        jpy: fixture.subtotalJpy,
        tax_rate: 10,
        corrects_month: null,
        source: null,
      })
      .execute();
    if (status === 'draft') return { invoiceId: id, number: null, pdf: null, totalJpy };

    const number = fixture.number ?? `F-${id.slice(0, 8)}`;
    const pdf = fixturePdf(number);
    const sha256 = createHash('sha256')
      .update(fixture.damagedPdf ? Buffer.concat([pdf, Buffer.from('damage')]) : pdf)
      .digest('hex');
    await tx.insertInto('invoice_pdfs').values({ invoice_id: id, pdf, sha256 }).execute();
    await tx
      .updateTable('invoices')
      .set({
        status: 'finalized',
        number,
        issue_date: fixture.issueDate ?? `${fixture.month}-28`,
        due_date: fixture.dueDate ?? null,
        pdf_sha256: sha256,
        finalized_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    if (status === 'void') await tx.updateTable('invoices').set({ status: 'void', voided_at: new Date() }).where('id', '=', id).execute();
    return { invoiceId: id, number, pdf, totalJpy };
  });
}
