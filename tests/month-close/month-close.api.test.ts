import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestServer } from '../support/api.ts';
import { costFact, storeCostFacts } from '../support/cost-facts.ts';
import { PASSWORD, seedStaff, seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let billing: ApiClient;
let csm: ApiClient;
let representative: ApiClient;

beforeAll(async () => {
  env = await createTestContext();
  // 2026-12-10 in Japan: October's invoices were due on 2026-11-30.
  env.clock.advance(Date.parse('2026-12-10T01:00:00Z') - Date.now());
  server = await startTestServer(env.ctx);
  const acme = await seedTenant(env.ctx, 'ACME');
  const bravo = await seedTenant(env.ctx, 'BRAVO');
  const cedar = await seedTenant(env.ctx, 'CEDAR');
  // Two payers: one final, one not; and a failed ingestion of the month.
  await storeCostFacts(
    env.ctx,
    [costFact('999999999991', '111111111111', '2026-10-05', '100.50'), costFact('999999999991', '111111111112', '2026-10-06', '20')],
    { fingerprint: 'a', isFinal: true },
  );
  await storeCostFacts(env.ctx, [costFact('999999999992', '222222222222', '2026-10-07', '7.25')], { fingerprint: 'b', isFinal: false });
  await env.ctx.db
    .insertInto('cost_ingestions')
    .values({
      source: 's3://x',
      status: 'failed',
      requested_by: 'test',
      format: 'cur',
      payer_account_id: null,
      billing_period: '2026-10',
      assembly_id: null,
      fingerprint: null,
      is_final: null,
      error: 'broken',
      started_at: null,
      finished_at: null,
    })
    .execute();
  // 2026-11-03 is a holiday (文化の日): the rate of the 2nd converts October.
  await env.ctx.db
    .insertInto('fx_rates')
    .values({ rate_date: '2026-11-02', usd_jpy: '152.10', source: 'MUFG', imported_by: 'test' })
    .execute();
  const invoice = (
    companyId: string,
    status: 'draft' | 'finalized' | 'sent',
    total: string,
    number: string | null,
    warnings: string[] = [],
  ) =>
    env.ctx.db
      .insertInto('invoices')
      .values({
        company_id: companyId,
        billing_month: '2026-10',
        kind: 'invoice',
        status,
        number,
        subtotal_jpy: total,
        tax_jpy: '0',
        total_jpy: total,
        tax_rounding: 'down',
        billed_usd: '1',
        unblended_usd: '1',
        differences: '{}',
        cost_versions: '[]',
        warnings: JSON.stringify(warnings),
        due_date: status === 'sent' ? '2026-11-30' : null,
        created_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const sent = await invoice(acme.companyId, 'sent', '110000', 'INV-1');
  await invoice(bravo.companyId, 'sent', '55000', 'INV-2');
  await invoice(cedar.companyId, 'draft', '1000', null, ['account 333333333333 has no pricing policy']);
  await env.ctx.db
    .insertInto('payments')
    .values({
      invoice_id: sent.id,
      received_on: '2026-11-28',
      amount_jpy: '110000',
      method: 'bank-transfer',
      note: null,
      recorded_by: 'test',
    })
    .execute();
  const signIn = (u: { email: string; totpSecret: string }) => new ApiClient(server, env.clock).signIn(u.email, PASSWORD, u.totpSecret);
  billing = await signIn(await seedStaff(env.ctx, 'billing'));
  csm = await signIn(await seedStaff(env.ctx, 'csm'));
  representative = await signIn(acme.representative);
});
afterAll(async () => {
  await server.close();
  await env.close();
});

describe('the month-close page', () => {
  it('shows each step of the month with its numbers', async () => {
    const res = await billing.get('/api/month-close?month=2026-10');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.steps).toEqual({
      deliveries: 'attention',
      fx: 'done',
      drafts: 'attention',
      finalized: 'pending',
      sent: 'pending',
      paid: 'attention',
    });
    // 100.50 + 20 = 120.50 over two accounts; 7.25 over one.
    expect(
      body.deliveries.periods.map((p: { payerAccountId: string; isFinal: boolean; unblendedUsd: string; accounts: number }) => [
        p.payerAccountId,
        p.isFinal,
        p.unblendedUsd,
        p.accounts,
      ]),
    ).toEqual([
      ['999999999991', true, '120.50', 2],
      ['999999999992', false, '7.25', 1],
    ]);
    expect(body.deliveries.ingestions.failed).toBe(1);
    expect(body.fx).toMatchObject({
      requestedDate: '2026-11-03',
      rate: { usdJpy: '152.10', rateDate: '2026-11-02', fallback: true },
      missing: null,
    });
    // 110,000 + 55,000 + 1,000 (the draft) = ¥166,000; ACME paid in full, BRAVO overdue since 11/30.
    expect(body.invoices).toEqual({
      customers: 3,
      drafts: 1,
      draftsWithWarnings: 1,
      finalized: 0,
      sent: 2,
      void: 0,
      creditNotes: 0,
      totalJpy: 166_000,
    });
    expect(body.payments).toEqual({ due: 2, paid: 1, partiallyPaid: 0, overdue: 1, billedJpy: 165_000, receivedJpy: 110_000 });
  });

  it('names the missing rate of a month without one, and is for admin and billing only', async () => {
    const res = await billing.get('/api/month-close?month=2026-11');
    expect(res.json().fx.missing).toContain('2026-12-03');
    expect(res.json().steps.fx).toBe('pending');
    expect((await csm.get('/api/month-close?month=2026-10')).statusCode).toBe(403);
    expect((await representative.get('/api/month-close?month=2026-10')).statusCode).toBe(403);
    expect((await billing.get('/api/month-close?month=2026-13')).statusCode).toBe(400);
  });
});
