import { createHash } from 'node:crypto';
import type { Db } from '../../src/platform/db/database.ts';
import { fixturePdf } from '../support/invoice-fixtures.ts';

export type LineFixture = { accountId?: string; serviceCode?: string; jpy: bigint; source?: Record<string, unknown> };

/** An issued invoice with the given lines (draft rows first, then numbered and sent, as the database's guards allow). */
export async function insertIssuedInvoice(
  db: Db,
  input: { companyId: string; month: string; number: string; lines: LineFixture[]; taxJpy: bigint; dueDate: string; sent: boolean },
) {
  const subtotal = input.lines.reduce((s, l) => s + l.jpy, 0n);
  return db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto('invoices')
      .values({
        company_id: input.companyId,
        billing_month: input.month,
        kind: 'invoice',
        status: 'draft',
        number: null,
        sequence_key: null,
        sequence_number: null,
        credit_note_for: null,
        policy_id: null,
        subtotal_jpy: subtotal,
        tax_jpy: input.taxJpy,
        total_jpy: subtotal + input.taxJpy,
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
      .values(
        input.lines.map((l, i) => ({
          invoice_id: id,
          position: i + 1,
          section: l.source ? 'usage' : 'custom',
          account_id: l.accountId ?? null,
          account_name: null,
          service_code: l.serviceCode ?? null,
          service_name: l.serviceCode ?? null,
          description: l.serviceCode ?? 'サポート費用',
          base_usd: null,
          markup_percent: null,
          usd: null,
          rate_usd_jpy: null,
          rate_date: null,
          rate_requested_date: null,
          rate_source: null,
          jpy: l.jpy,
          tax_rate: 10,
          corrects_month: null,
          source: l.source ? JSON.stringify(l.source) : null,
        })),
      )
      .execute();
    const pdf = fixturePdf(input.number);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    await tx.insertInto('invoice_pdfs').values({ invoice_id: id, pdf, sha256 }).execute();
    await tx
      .updateTable('invoices')
      .set({
        status: 'finalized',
        number: input.number,
        issue_date: `${input.month}-28`,
        due_date: input.dueDate,
        pdf_sha256: sha256,
        finalized_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    if (input.sent) await tx.updateTable('invoices').set({ status: 'sent', sent_at: new Date() }).where('id', '=', id).execute();
    return id;
  });
}

/** An AWS account held by companies over windows [from, to). */
export async function insertAccount(
  db: Db,
  accountId: string,
  name: string,
  windows: { companyId: string; from: string; to: string | null }[],
) {
  await db.insertInto('aws_accounts').values({ account_id: accountId, name, root_email: null }).execute();
  for (const w of windows)
    await db
      .insertInto('account_assignments')
      .values({ account_id: accountId, company_id: w.companyId, valid_from: w.from, valid_to: w.to })
      .execute();
}
