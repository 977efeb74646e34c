import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoicePayments, listInvoicePayments } from '../../src/modules/receivables/payments-presenter.ts';
import { recordPayment } from '../../src/modules/receivables/record-payment.ts';
import type { Caller } from '../../src/platform/context.ts';
import { insertInvoice } from '../support/invoice-fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let companyId: string;
const billing: Caller = {
  actor: { kind: 'staff', userId: '00000000-0000-4000-8000-000000000001', email: 'billing@reseller.test', role: 'billing' },
};

// 2026-12-15 in Japan.
const TODAY = Date.parse('2026-12-15T03:00:00Z');

beforeAll(async () => {
  env = await createTestContext();
  env.clock.advance(TODAY - Date.now());
  const row = await env.ctx.db
    .insertInto('companies')
    .values({ code: 'ALPHA', name: 'ALPHA株式会社', billing_email: 'billing@alpha.test', invoice_addressee: null, postal_address: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  companyId = row.id;
});
afterAll(async () => {
  await env.close();
});

/** A sent invoice: subtotal ¥100,000 + tax ¥10,000 = ¥110,000, due 2026-12-31. */
async function sentInvoice(number: string, month = '2026-10') {
  const invoice = await insertInvoice(env.ctx.db, {
    companyId,
    month,
    number,
    subtotalJpy: 100_000n,
    taxJpy: 10_000n,
    dueDate: '2026-12-31',
  });
  await env.ctx.db
    .updateTable('invoices')
    .set({ status: 'sent', sent_at: new Date(TODAY) })
    .where('id', '=', invoice.invoiceId)
    .execute();
  return invoice;
}

describe('recordPayment', () => {
  it('records partial, full and over-payment, with the balance and status after each', async () => {
    const { invoiceId } = await sentInvoice('202611-00001');

    const first = await recordPayment(env.ctx, billing, { invoiceId, receivedOn: '2026-12-10', amountJpy: 60_000, note: '一部入金' });
    expect(first.payment).toMatchObject({
      receivedOn: '2026-12-10',
      amountJpy: 60_000,
      method: 'bank-transfer',
      note: '一部入金',
      recordedBy: 'billing@reseller.test',
    });
    expect(first.invoice).toMatchObject({
      totalJpy: 110_000,
      paidJpy: 60_000,
      balanceJpy: 50_000,
      lifecycleStatus: 'sent',
      status: 'partially-paid',
    });
    expect(first).toMatchObject({ overpaid: false, overpaidJpy: 0 });

    // A transfer fee deducted by the payer: ¥440 short of the total.
    const second = await recordPayment(env.ctx, billing, { invoiceId, receivedOn: '2026-12-14', amountJpy: '49560', method: 'other' });
    expect(second.invoice).toMatchObject({ paidJpy: 109_560, balanceJpy: 440, status: 'partially-paid' });

    const third = await recordPayment(env.ctx, billing, { invoiceId, receivedOn: '2026-12-15', amountJpy: 1_440 });
    expect(third.invoice).toMatchObject({ paidJpy: 111_000, balanceJpy: -1_000, status: 'paid' });
    expect(third).toMatchObject({ overpaid: true, overpaidJpy: 1_000 });
    expect(third.invoice.payments.map((p) => p.amountJpy)).toEqual([60_000, 49_560, 1_440]);

    const audit = await env.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'payment.recorded').orderBy('id').execute();
    expect(audit).toHaveLength(3);
    expect(audit[2]).toMatchObject({
      entity_type: 'payment',
      entity_id: third.payment.id,
      company_id: companyId,
      actor_label: 'billing@reseller.test',
    });
    expect(audit[2]!.after).toMatchObject({
      invoiceId,
      number: '202611-00001',
      amountJpy: '1440',
      paidJpy: 111_000,
      balanceJpy: -1_000,
      status: 'paid',
    });
  });

  it('takes payments on a finalized invoice not yet sent, and refuses drafts and void invoices', async () => {
    const finalized = await insertInvoice(env.ctx.db, {
      companyId,
      month: '2026-09',
      number: '202610-00001',
      subtotalJpy: 1_000n,
      taxJpy: 100n,
    });
    const paid = await recordPayment(env.ctx, billing, { invoiceId: finalized.invoiceId, receivedOn: '2026-12-01', amountJpy: 1_100 });
    expect(paid.invoice).toMatchObject({ lifecycleStatus: 'finalized', status: 'paid', balanceJpy: 0 });

    const draft = await insertInvoice(env.ctx.db, { companyId, month: '2026-11', subtotalJpy: 1_000n, taxJpy: 100n, status: 'draft' });
    await expect(
      recordPayment(env.ctx, billing, { invoiceId: draft.invoiceId, receivedOn: '2026-12-01', amountJpy: 1_100 }),
    ).rejects.toMatchObject({
      code: 'invoice_not_payable',
      message: 'Payments are recorded against finalized or sent invoices only; this one is a draft invoice.',
    });
    const voided = await insertInvoice(env.ctx.db, {
      companyId,
      month: '2026-08',
      number: '202609-00001',
      subtotalJpy: 1_000n,
      taxJpy: 100n,
      status: 'void',
    });
    await expect(
      recordPayment(env.ctx, billing, { invoiceId: voided.invoiceId, receivedOn: '2026-12-01', amountJpy: 1_100 }),
    ).rejects.toMatchObject({
      code: 'invoice_not_payable',
      message: 'Payments are recorded against finalized or sent invoices only; 202609-00001 is a void invoice.',
    });
    // The database refuses it too, whatever the code path.
    await expect(
      env.ctx.db
        .insertInto('payments')
        .values({
          invoice_id: draft.invoiceId,
          received_on: '2026-12-01',
          amount_jpy: 1_100n,
          method: 'other',
          note: null,
          recorded_by: 'psql',
        })
        .execute(),
    ).rejects.toThrow(/finalized or sent invoice/);
    expect(await paymentCount(draft.invoiceId)).toBe(0);
    expect(await paymentCount(voided.invoiceId)).toBe(0);
  });

  it('refuses amounts that are not positive integer yen, future dates, unknown invoices and non-billing staff', async () => {
    const { invoiceId } = await sentInvoice('202611-00002', '2026-07');
    for (const amountJpy of [0, -1, 1.5, '1.5', '0', '-100', '1e6', '']) {
      await expect(
        recordPayment(env.ctx, billing, { invoiceId, receivedOn: '2026-12-01', amountJpy }),
        String(amountJpy),
      ).rejects.toMatchObject({ code: 'invalid_input' });
    }
    await expect(recordPayment(env.ctx, billing, { invoiceId, receivedOn: '2026-12-16', amountJpy: 1 })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'A payment cannot be received in the future (2026-12-16; today is 2026-12-15 in Japan).',
    });
    await expect(recordPayment(env.ctx, billing, { invoiceId, receivedOn: '2026-02-30', amountJpy: 1 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(
      recordPayment(env.ctx, billing, { invoiceId: '00000000-0000-4000-8000-000000000000', receivedOn: '2026-12-01', amountJpy: 1 }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    const csm: Caller = {
      actor: { kind: 'staff', userId: '00000000-0000-4000-8000-000000000003', email: 'csm@reseller.test', role: 'csm' },
    };
    await expect(recordPayment(env.ctx, csm, { invoiceId, receivedOn: '2026-12-01', amountJpy: 1 })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const customer: Caller = {
      actor: {
        kind: 'customer',
        userId: '00000000-0000-4000-8000-000000000004',
        email: 'rep@alpha.test',
        role: 'representative',
        companyId,
      },
    };
    await expect(recordPayment(env.ctx, customer, { invoiceId, receivedOn: '2026-12-01', amountJpy: 1 })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await paymentCount(invoiceId)).toBe(0);
  });

  it('keeps payments append-only in the database', async () => {
    const { invoiceId } = await sentInvoice('202611-00003', '2026-06');
    const { payment } = await recordPayment(env.ctx, billing, { invoiceId, receivedOn: '2026-12-01', amountJpy: 10_000 });
    await expect(sql`UPDATE payments SET amount_jpy = 1 WHERE id = ${payment.id}`.execute(env.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM payments WHERE id = ${payment.id}`.execute(env.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE payments`.execute(env.ctx.db)).rejects.toThrow(/append-only/);
    await expect(
      sql`INSERT INTO payments (invoice_id, received_on, amount_jpy, method, recorded_by) VALUES (${invoiceId}, '2026-12-01', 0, 'other', 'psql')`.execute(
        env.ctx.db,
      ),
    ).rejects.toThrow(/amount_jpy_check|check constraint/);
    expect(await paymentCount(invoiceId)).toBe(1);
  });

  it('sums concurrent payments on the same invoice', async () => {
    const { invoiceId } = await sentInvoice('202611-00004', '2026-05');
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => recordPayment(env.ctx, billing, { invoiceId, receivedOn: '2026-12-01', amountJpy: n * 1_000 })),
    );
    // Each payment saw the ones before it under the invoice's lock: the paid totals are 5 distinct running sums.
    expect(new Set(results.map((r) => r.invoice.paidJpy)).size).toBe(5);
    expect(Math.max(...results.map((r) => r.invoice.paidJpy))).toBe(15_000);
  });
});

describe('payments of an invoice', () => {
  it('becomes overdue after the due date while not fully paid', async () => {
    const { invoiceId } = await sentInvoice('202611-00005', '2026-04');
    await recordPayment(env.ctx, billing, { invoiceId, receivedOn: '2026-12-01', amountJpy: 10_000 });
    expect((await invoicePayments(env.ctx.db, invoiceId, '2026-12-31')).status).toBe('partially-paid');
    expect(await invoicePayments(env.ctx.db, invoiceId, '2027-01-01')).toMatchObject({
      status: 'overdue',
      paidJpy: 10_000,
      balanceJpy: 100_000,
    });
  });

  it('shows a customer its own issued invoices only, without who recorded the payment', async () => {
    const { invoiceId } = await sentInvoice('202611-00006', '2026-03');
    await recordPayment(env.ctx, billing, { invoiceId, receivedOn: '2026-12-01', amountJpy: 110_000 });
    const member = {
      kind: 'customer' as const,
      userId: '00000000-0000-4000-8000-000000000005',
      email: 'member@alpha.test',
      role: 'member' as const,
      companyId,
    };
    const seen = await listInvoicePayments(env.ctx, member, invoiceId);
    expect(seen).toMatchObject({ number: '202611-00006', status: 'paid', paidJpy: 110_000, balanceJpy: 0 });
    expect(seen.payments.map((p) => [p.amountJpy, p.recordedBy])).toEqual([[110_000, null]]);
    expect((await listInvoicePayments(env.ctx, billing.actor, invoiceId)).payments[0]!.recordedBy).toBe('billing@reseller.test');

    const other = { ...member, companyId: '00000000-0000-4000-8000-0000000000ff' };
    await expect(listInvoicePayments(env.ctx, other, invoiceId)).rejects.toMatchObject({ code: 'not_found' });
    const draft = await insertInvoice(env.ctx.db, { companyId, month: '2026-02', subtotalJpy: 1n, taxJpy: 0n, status: 'draft' });
    await expect(listInvoicePayments(env.ctx, member, draft.invoiceId)).rejects.toMatchObject({ code: 'not_found' });
    expect((await listInvoicePayments(env.ctx, billing.actor, draft.invoiceId)).status).toBe('draft');
  });
});

async function paymentCount(invoiceId: string) {
  const rows = await env.ctx.db.selectFrom('payments').select('id').where('invoice_id', '=', invoiceId).execute();
  return rows.length;
}
