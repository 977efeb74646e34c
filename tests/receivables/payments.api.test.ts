import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIssuer } from '../../src/modules/invoicing/demo-issuer.ts';
import { ApiClient, startTestServer } from '../support/api.ts';
import { PASSWORD, seedStaff, seedTenant } from '../support/fixtures.ts';
import { insertInvoice } from '../support/invoice-fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let billing: ApiClient;
let csm: ApiClient;
let member: ApiClient;
let tenant: Awaited<ReturnType<typeof seedTenant>>;

beforeAll(async () => {
  env = await createTestContext();
  // 2026-11-05 10:00 in Japan.
  env.clock.advance(Date.parse('2026-11-05T01:00:00Z') - Date.now());
  server = await startTestServer(env.ctx);
  await env.ctx.db.transaction().execute((tx) => seedDemoIssuer(tx));
  tenant = await seedTenant(env.ctx, 'ACME');
  const signIn = (u: { email: string; totpSecret: string }) => new ApiClient(server, env.clock).signIn(u.email, PASSWORD, u.totpSecret);
  billing = await signIn(await seedStaff(env.ctx, 'billing'));
  csm = await signIn(await seedStaff(env.ctx, 'csm'));
  member = await signIn(tenant.member);
});
afterAll(async () => {
  await server.close();
  await env.close();
});

describe('POST /api/invoices/send, then payments', () => {
  it('sends the month, records payments, and shows them to staff and to the customer', async () => {
    // ¥250,000 + tax ¥25,000 = ¥275,000.
    const { invoiceId } = await insertInvoice(env.ctx.db, {
      companyId: tenant.companyId,
      month: '2026-10',
      number: '202611-00001',
      subtotalJpy: 250_000n,
      taxJpy: 25_000n,
    });

    expect((await csm.post('/api/invoices/send', { month: '2026-10' })).statusCode).toBe(403);
    expect((await billing.post('/api/invoices/send', { month: '10/2026' })).statusCode).toBe(400);
    const sent = await billing.post('/api/invoices/send', { month: '2026-10' });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({
      month: '2026-10',
      receiptDate: '2026-11-05',
      sent: [{ invoiceId, number: '202611-00001', companyCode: 'ACME', to: 'billing@acme.test', totalJpy: 275_000, dueDate: '2026-12-31' }],
      alreadySent: 0,
      notFinalized: 0,
      errors: [],
    });

    const url = `/api/invoices/${invoiceId}/payments`;
    expect((await member.post(url, { receivedOn: '2026-11-05', amountJpy: 1 })).statusCode).toBe(403);
    expect((await csm.post(url, { receivedOn: '2026-11-05', amountJpy: 1 })).statusCode).toBe(403);
    expect((await billing.post(url, { receivedOn: '2026-11-05', amountJpy: 0 })).statusCode).toBe(400);
    expect((await billing.post(url, { receivedOn: '2026-11-05', amountJpy: 100.5 })).statusCode).toBe(400);

    const partial = await billing.post(url, { receivedOn: '2026-11-04', amountJpy: 200_000, note: '振込' });
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({ overpaid: false, invoice: { paidJpy: 200_000, balanceJpy: 75_000, status: 'partially-paid' } });
    // Amounts may come as strings of digits: no float on the way.
    const over = await billing.post(url, { receivedOn: '2026-11-05', amountJpy: '80000', method: 'other' });
    expect(over.json()).toMatchObject({
      overpaid: true,
      overpaidJpy: 5_000,
      invoice: { paidJpy: 280_000, balanceJpy: -5_000, status: 'paid' },
    });

    const staffView = await csm.get(url);
    expect(staffView.statusCode).toBe(200);
    expect(staffView.json()).toMatchObject({
      invoiceId,
      number: '202611-00001',
      totalJpy: 275_000,
      dueDate: '2026-12-31',
      lifecycleStatus: 'sent',
      status: 'paid',
      payments: [
        { receivedOn: '2026-11-04', amountJpy: 200_000, method: 'bank-transfer', note: '振込', recordedBy: 'billing@reseller.test' },
        { receivedOn: '2026-11-05', amountJpy: 80_000, method: 'other', note: null, recordedBy: 'billing@reseller.test' },
      ],
    });
    const customerView = await member.get(url);
    expect(customerView.statusCode).toBe(200);
    expect(customerView.json()).toMatchObject({ status: 'paid', payments: [{ recordedBy: null }, { recordedBy: null }] });
    expect(customerView.body).not.toContain('billing@reseller.test');
  });

  it('hides drafts and unknown invoices from customers as not found', async () => {
    const draft = await insertInvoice(env.ctx.db, {
      companyId: tenant.companyId,
      month: '2026-09',
      subtotalJpy: 1_000n,
      taxJpy: 100n,
      status: 'draft',
    });
    expect((await member.get(`/api/invoices/${draft.invoiceId}/payments`)).statusCode).toBe(404);
    expect((await member.get('/api/invoices/00000000-0000-4000-8000-000000000000/payments')).statusCode).toBe(404);
    expect((await member.get('/api/invoices/not-a-uuid/payments')).statusCode).toBe(400);
    expect(
      (await billing.post(`/api/invoices/${draft.invoiceId}/payments`, { receivedOn: '2026-11-05', amountJpy: 1_100 })).statusCode,
    ).toBe(409);
  });
});
