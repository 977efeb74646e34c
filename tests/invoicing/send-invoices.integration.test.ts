import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIssuer } from '../../src/modules/invoicing/demo-issuer.ts';
import { sendInvoices } from '../../src/modules/invoicing/send-invoices.ts';
import type { Caller } from '../../src/platform/context.ts';
import { fixturePdf, insertInvoice } from '../support/invoice-fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
const operator: Caller = { actor: { kind: 'system', label: 'tester' } };
const companies: Record<string, string> = {};

// 2026-11-04 16:30 UTC is already 2026-11-05 01:30 in Tokyo: the receipt date is Japan's day.
const SEND_INSTANT = Date.parse('2026-11-04T16:30:00Z');

async function company(code: string, billingEmail: string | null, addressee: string | null = null) {
  const row = await env.ctx.db
    .insertInto('companies')
    .values({
      code,
      name: `${code}株式会社`,
      billing_agency: true,
      billing_email: billingEmail,
      invoice_addressee: addressee,
      postal_address: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  companies[code] = row.id;
  return row.id;
}

beforeAll(async () => {
  env = await createTestContext();
  env.clock.advance(SEND_INSTANT - Date.now());
  await env.ctx.db.transaction().execute((tx) => seedDemoIssuer(tx));
  await company('ALPHA', 'billing@alpha.test', '経理部 御中');
  await company('BRAVO', 'ap@bravo.test');
  await company('CHARLIE', null);
  await company('DELTA', 'ap@delta.test');
  await company('ECHO', 'ap@echo.test');
});
afterAll(async () => {
  await env.close();
});

describe('sendInvoices', () => {
  it('sends each finalized invoice once with its PDF, sets the due date from the receipt date, and reports what it could not send', async () => {
    // Subtotal ¥1,234,567; tax 10% rounded down ¥123,456; total ¥1,358,023.
    const alpha = await insertInvoice(env.ctx.db, {
      companyId: companies.ALPHA!,
      month: '2026-10',
      number: '202611-00001',
      subtotalJpy: 1_234_567n,
      taxJpy: 123_456n,
    });
    const bravo = await insertInvoice(env.ctx.db, {
      companyId: companies.BRAVO!,
      month: '2026-10',
      number: '202611-00002',
      subtotalJpy: 100_000n,
      taxJpy: 10_000n,
    });
    const charlie = await insertInvoice(env.ctx.db, {
      companyId: companies.CHARLIE!,
      month: '2026-10',
      number: '202611-00003',
      subtotalJpy: 5_000n,
      taxJpy: 500n,
    });
    await insertInvoice(env.ctx.db, { companyId: companies.DELTA!, month: '2026-10', subtotalJpy: 7_000n, taxJpy: 700n, status: 'draft' });
    await insertInvoice(env.ctx.db, {
      companyId: companies.ECHO!,
      month: '2026-10',
      number: '202611-00004',
      subtotalJpy: 9_000n,
      taxJpy: 900n,
      status: 'void',
    });

    const summary = await sendInvoices(env.ctx, operator, { month: '2026-10' });
    expect(summary.receiptDate).toBe('2026-11-05');
    expect(summary.sent.map((s) => [s.companyCode, s.number, s.to, s.totalJpy, s.dueDate])).toEqual([
      ['ALPHA', '202611-00001', 'billing@alpha.test', 1_358_023, '2026-12-31'],
      ['BRAVO', '202611-00002', 'ap@bravo.test', 110_000, '2026-12-31'],
    ]);
    expect(summary.alreadySent).toBe(0);
    expect(summary.notFinalized).toBe(1);
    expect(summary.errors).toHaveLength(1);
    expect(summary.errors[0]).toMatchObject({ invoiceId: charlie.invoiceId, companyCode: 'CHARLIE', number: '202611-00003' });
    expect(summary.errors[0]!.message).toContain('CHARLIE has no billing e-mail');

    const rows = await env.ctx.db
      .selectFrom('invoices')
      .select(['id', 'status', 'sent_at', 'due_date'])
      .where('billing_month', '=', '2026-10')
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(alpha.invoiceId)).toMatchObject({ status: 'sent', due_date: '2026-12-31' });
    expect(byId.get(alpha.invoiceId)!.sent_at!.getTime()).toBeGreaterThanOrEqual(SEND_INSTANT);
    expect(byId.get(bravo.invoiceId)!.status).toBe('sent');
    expect(byId.get(charlie.invoiceId)).toMatchObject({ status: 'finalized', sent_at: null, due_date: null });

    const mails = await env.ctx.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('purpose', '=', 'invoice.sent')
      .orderBy('to_address')
      .execute();
    expect(mails.map((m) => m.to_address)).toEqual(['ap@bravo.test', 'billing@alpha.test']);
    const alphaMail = mails[1]!;
    expect(alphaMail.company_id).toBe(companies.ALPHA);
    expect(alphaMail.subject).toBe('【株式会社ダイコウ】2026年10月分 AWSご利用料金のご請求（請求書番号 202611-00001）');
    expect(alphaMail.text_body.split('\n').slice(0, 2)).toEqual(['ALPHA株式会社', '経理部 御中']);
    for (const line of [
      '請求書番号: 202611-00001',
      'ご利用月: 2026年10月',
      'ご請求金額（税込）: ¥1,358,023',
      'お支払期限: 2026年12月31日',
      'みらい銀行（0999） 丸の内支店（123）',
      '普通 1234567',
      '口座名義: カ)ダイコウ',
      '登録番号 T9234567890123',
    ]) {
      expect(alphaMail.text_body.split('\n')).toContain(line);
    }
    expect(mails[0]!.text_body.split('\n')[1]).toBe('ご担当者様');

    const attachments = await env.ctx.db.selectFrom('mail_outbox_attachments').selectAll().where('outbox_id', '=', alphaMail.id).execute();
    expect(attachments.map((a) => [a.position, a.filename, a.content_type])).toEqual([[0, '請求書_202611-00001.pdf', 'application/pdf']]);
    expect(Buffer.from(attachments[0]!.content).equals(fixturePdf('202611-00001'))).toBe(true);

    const audit = await env.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'invoice.sent').orderBy('id').execute();
    expect(audit.map((a) => [a.entity_id, a.company_id, a.actor_label])).toEqual([
      [alpha.invoiceId, companies.ALPHA, 'cli:tester'],
      [bravo.invoiceId, companies.BRAVO, 'cli:tester'],
    ]);
    expect(audit[0]!.after).toMatchObject({
      status: 'sent',
      receiptDate: '2026-11-05',
      dueDate: '2026-12-31',
      to: 'billing@alpha.test',
      outboxId: alphaMail.id,
    });

    // Again: nothing is sent twice; the invoice without an address is still reported.
    const again = await sendInvoices(env.ctx, operator, { month: '2026-10' });
    expect(again.sent).toEqual([]);
    expect(again.alreadySent).toBe(2);
    expect(again.errors.map((e) => e.companyCode)).toEqual(['CHARLIE']);
    expect(await countMails()).toBe(2);

    // Once the address is set, that one customer's invoice goes.
    await env.ctx.db.updateTable('companies').set({ billing_email: 'keiri@charlie.test' }).where('code', '=', 'CHARLIE').execute();
    const charlieOnly = await sendInvoices(env.ctx, operator, { month: '2026-10', companyCode: 'CHARLIE' });
    expect(charlieOnly.sent.map((s) => [s.companyCode, s.to, s.totalJpy])).toEqual([['CHARLIE', 'keiri@charlie.test', 5_500]]);
    expect(charlieOnly).toMatchObject({ alreadySent: 0, notFinalized: 0, errors: [] });
    expect(await countMails()).toBe(3);
  });

  it('keeps a due date fixed at finalization, even when the invoice is sent later', async () => {
    // Finalized on 2026-10-05 (due 2026-11-30, as printed on its PDF), only sent on 2026-11-05.
    const late = await insertInvoice(env.ctx.db, {
      companyId: companies.BRAVO!,
      month: '2026-09',
      number: '202610-00001',
      subtotalJpy: 1_000n,
      taxJpy: 100n,
      issueDate: '2026-10-05',
      dueDate: '2026-11-30',
    });
    const summary = await sendInvoices(env.ctx, operator, { month: '2026-09' });
    expect(summary.sent.map((s) => [s.number, s.dueDate])).toEqual([['202610-00001', '2026-11-30']]);
    const row = await env.ctx.db
      .selectFrom('invoices')
      .select(['status', 'due_date'])
      .where('id', '=', late.invoiceId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'sent', due_date: '2026-11-30' });
  });

  it('refuses to send a PDF whose bytes no longer match the SHA-256 recorded at finalization', async () => {
    const damaged = await insertInvoice(env.ctx.db, {
      companyId: companies.DELTA!,
      month: '2026-08',
      number: '202609-00001',
      subtotalJpy: 1_000n,
      taxJpy: 100n,
      damagedPdf: true,
    });
    const summary = await sendInvoices(env.ctx, operator, { month: '2026-08' });
    expect(summary.sent).toEqual([]);
    expect(summary.errors.map((e) => [e.number, e.message])).toEqual([
      ['202609-00001', 'The stored PDF of invoice 202609-00001 does not match its SHA-256: it was not sent.'],
    ]);
    const row = await env.ctx.db.selectFrom('invoices').select('status').where('id', '=', damaged.invoiceId).executeTakeFirstOrThrow();
    expect(row.status).toBe('finalized');
  });

  it('sends each invoice once when two sends run at the same time', async () => {
    for (const [i, code] of ['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA', 'ECHO'].entries()) {
      await insertInvoice(env.ctx.db, {
        companyId: companies[code]!,
        month: '2026-07',
        number: `202608-0000${i + 1}`,
        subtotalJpy: 1_000n,
        taxJpy: 100n,
      });
    }
    const before = await countMails();
    const [first, second] = await Promise.all([
      sendInvoices(env.ctx, operator, { month: '2026-07' }),
      sendInvoices(env.ctx, operator, { month: '2026-07' }),
    ]);
    expect(first.sent.length + second.sent.length).toBe(5);
    expect(first.sent.length + first.alreadySent).toBe(5);
    expect(second.sent.length + second.alreadySent).toBe(5);
    expect((await countMails()) - before).toBe(5);
  });

  it('checks the caller, the month and the company', async () => {
    const csm: Caller = {
      actor: { kind: 'staff', userId: '00000000-0000-4000-8000-000000000001', email: 'csm@reseller.test', role: 'csm' },
    };
    await expect(sendInvoices(env.ctx, csm, { month: '2026-10' })).rejects.toMatchObject({ code: 'forbidden' });
    const customer: Caller = {
      actor: {
        kind: 'customer',
        userId: '00000000-0000-4000-8000-000000000002',
        email: 'rep@alpha.test',
        role: 'representative',
        companyId: companies.ALPHA!,
      },
    };
    await expect(sendInvoices(env.ctx, customer, { month: '2026-10', companyCode: 'ALPHA' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(sendInvoices(env.ctx, operator, { month: '2026-13' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(sendInvoices(env.ctx, operator, { month: '2026-10', companyCode: 'NOPE' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

async function countMails() {
  const { count } = await env.ctx.db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('purpose', '=', 'invoice.sent')
    .executeTakeFirstOrThrow();
  return Number(count);
}
