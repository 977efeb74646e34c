import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.ts';
import { ApiClient, startTestServer } from '../support/api.ts';
import { costFact, storeCostFacts } from '../support/cost-facts.ts';
import { seedStaff, seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';
import { insertAccount, insertIssuedInvoice } from './portal-fixtures.ts';

/**
 * The portal's result cache (docs/portal.md, Caching): a repeated read is served from memory, and
 * any change to what a read depends on shows in the very next response, whatever wrote it.
 */
const PAYER = '999999999999';
const A1 = '111111111111';
const A2 = '222222222222';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let bravo: Awaited<ReturnType<typeof seedTenant>>;
let member: ApiClient;
let bravoRep: ApiClient;
let admin: ApiClient;
let octoberId: string;

const november = (facts: [string, string, string][], fingerprint: string) =>
  storeCostFacts(
    env.ctx,
    facts.map(([account, day, usd]) => costFact(PAYER, account, day, usd)),
    { fingerprint, isFinal: false },
  );

beforeAll(async () => {
  env = await createTestContext();
  // 2026-11-21 12:00 in Japan: November is the open month.
  env.clock.advance(Date.parse('2026-11-21T03:00:00Z') - env.clock.now().getTime());
  server = await startTestServer(env.ctx);
  acme = await seedTenant(env.ctx, 'ACME');
  bravo = await seedTenant(env.ctx, 'BRAVO');
  await insertAccount(env.ctx.db, A1, 'acme-prod', [{ companyId: acme.companyId, from: '2026-09-01', to: null }]);
  await insertAccount(env.ctx.db, A2, 'acme-dev', [{ companyId: acme.companyId, from: '2026-09-01', to: null }]);
  await november(
    [
      [A1, '2026-11-01', '10'],
      [A2, '2026-11-02', '20'],
    ],
    'v1',
  );
  await env.ctx.db
    .insertInto('fx_rates')
    .values({ rate_date: '2026-11-20', usd_jpy: '150.00', source: 'MUFG', imported_by: 'test' })
    .execute();
  octoberId = await insertIssuedInvoice(env.ctx.db, {
    companyId: acme.companyId,
    month: '2026-10',
    number: 'ACME-2026-10',
    lines: [{ jpy: 2000n }],
    taxJpy: 200n,
    dueDate: '2026-11-30',
    sent: true,
  });
  member = await signIn(acme.member);
  bravoRep = await signIn(bravo.representative);
  admin = await signIn(await seedStaff(env.ctx, 'admin'));
});
afterAll(async () => {
  await server.close();
  await env.close();
});

const signIn = (u: { email: string; password: string; totpSecret: string }) =>
  new ApiClient(server, env.clock).signIn(u.email, u.password, u.totpSecret);
const base = () => `/api/companies/${acme.companyId}/portal`;
const byAccount = () => `${base()}/costs?from=2026-11-01&to=2026-11-30&granularity=monthly&groupBy=account&currency=USD`;
const inYen = () => `${base()}/costs?from=2026-11-01&to=2026-11-30&granularity=monthly&groupBy=service&currency=JPY`;
const read = async (client: ApiClient, url: string) => {
  const res = await client.get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const groups = (r: { groups: { key: string; label: string; total: string }[] }) => r.groups.map((g) => [g.label, g.total]);

describe('portal result cache', () => {
  it('serves a repeated read from memory while the data version stays, and a new delivery at once', async () => {
    expect((await read(member, `${base()}/overview`)).estimate.toDateUsd).toBe('30.00');
    expect(groups(await read(member, byAccount()))).toEqual([
      ['acme-dev (222222222222)', '20'],
      ['acme-prod (111111111111)', '10'],
    ]);
    // A fact written behind the month replacement's back (no new version): the cached results stay.
    await sql`INSERT INTO cost_facts SELECT * FROM cost_facts WHERE usage_account_id = ${A1}`.execute(env.ctx.db);
    expect((await read(member, `${base()}/overview`)).estimate.toDateUsd).toBe('30.00');
    expect(groups(await read(member, byAccount()))[1]).toEqual(['acme-prod (111111111111)', '10']);
    // With the cache off, the same request computes: the switch the benchmark's cold figures use.
    const uncached = await buildServer({ ...env.ctx, config: { ...env.ctx.config, portalCache: false } }, { logger: false });
    try {
      const res = await uncached.inject({ method: 'GET', url: `${base()}/overview`, headers: { cookie: member.cookie! } });
      expect(res.json().estimate.toDateUsd).toBe('40.00');
    } finally {
      await uncached.close();
    }

    // The next delivery of November (what an ingest stores): 10 + 20 + 7.
    await november(
      [
        [A1, '2026-11-01', '10'],
        [A2, '2026-11-02', '20'],
        [A1, '2026-11-03', '7'],
      ],
      'v2',
    );
    expect((await read(member, `${base()}/overview`)).estimate.toDateUsd).toBe('37.00');
    expect(groups(await read(member, byAccount()))).toEqual([
      ['acme-dev (222222222222)', '20'],
      ['acme-prod (111111111111)', '17'],
    ]);
  });

  it('shows a payment, a newly issued invoice and a void at once', async () => {
    const standings = async () =>
      (await read(member, `${base()}/invoices`)).map((s: { number: string; status: string; paidJpy: string }) => [
        s.number,
        s.status,
        s.paidJpy,
      ]);
    expect(await standings()).toEqual([['ACME-2026-10', 'sent', '0']]);
    expect((await read(member, `${base()}/overview`)).unpaid.map((u: { balanceJpy: string }) => u.balanceJpy)).toEqual(['2200']);

    const paid = await admin.post(`/api/invoices/${octoberId}/payments`, { receivedOn: '2026-11-20', amountJpy: 700 });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(await standings()).toEqual([['ACME-2026-10', 'partially-paid', '700']]);
    expect((await read(member, `${base()}/overview`)).unpaid.map((u: { balanceJpy: string }) => u.balanceJpy)).toEqual(['1500']);

    const septemberId = await insertIssuedInvoice(env.ctx.db, {
      companyId: acme.companyId,
      month: '2026-09',
      number: 'ACME-2026-09',
      lines: [{ jpy: 1000n }],
      taxJpy: 100n,
      dueDate: '2026-10-31',
      sent: true,
    });
    expect((await standings()).map((s: string[]) => s[0])).toEqual(['ACME-2026-10', 'ACME-2026-09']);
    expect((await read(member, `${base()}/overview`)).invoicedMonths.map((m: { month: string }) => m.month)).toEqual([
      '2026-10',
      '2026-09',
    ]);

    await env.ctx.db.updateTable('invoices').set({ status: 'void', voided_at: new Date() }).where('id', '=', septemberId).execute();
    expect((await read(member, `${base()}/overview`)).invoicedMonths.map((m: { month: string }) => m.month)).toEqual(['2026-10']);
  });

  it('converts estimates at a newly imported rate at once', async () => {
    // November at 150.00: EC2 37 USD = ¥5,550.
    const before = await read(member, inYen());
    expect([before.total, before.rate.usdJpy]).toEqual(['5550', '150.00']);
    const imported = await admin.post('/api/fx-rates/import', { rows: [{ date: '2026-11-21', usdJpy: '152.00' }], source: 'MUFG' });
    expect(imported.statusCode, imported.body).toBe(200);
    const after = await read(member, inYen());
    // 37 × 152 = 5,624.
    expect([after.total, after.rate.usdJpy]).toEqual(['5624', '152.00']);
    expect((await read(member, `${base()}/overview`)).estimate.toDateJpy).toBe('5624');
  });

  it("follows the company's account windows and account names at once", async () => {
    const renamed = await admin.patch(`/api/aws-accounts/${A1}`, { name: 'acme-production' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(groups(await read(member, byAccount()))).toEqual([
      ['acme-dev (222222222222)', '20'],
      ['acme-production (111111111111)', '17'],
    ]);
    // A2 leaves ACME on 2026-11-02: its usage of that day is no longer ACME's.
    const window = await env.ctx.db.selectFrom('account_assignments').select('id').where('account_id', '=', A2).executeTakeFirstOrThrow();
    const closed = await admin.patch(`/api/aws-accounts/${A2}/assignments/${window.id}`, { validTo: '2026-11-02' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(groups(await read(member, byAccount()))).toEqual([['acme-production (111111111111)', '17']]);
    expect((await read(member, `${base()}/overview`)).estimate.toDateUsd).toBe('17.00');
  });

  it('keys the overview and the invoice standings on the day', async () => {
    const october = async (client: ApiClient) =>
      (await read(client, `${base()}/invoices`)).find((s: { number: string }) => s.number === 'ACME-2026-10').status;
    expect(await october(member)).toBe('partially-paid');
    // 2026-12-01 09:00 in Japan: December is the open month and October's invoice (due 11-30) is overdue.
    env.clock.advance(Date.parse('2026-12-01T00:00:00Z') - env.clock.now().getTime());
    const again = await signIn(acme.member);
    expect(await october(again)).toBe('overdue');
    const overview = await read(again, `${base()}/overview`);
    expect([overview.month, overview.estimate.toDateUsd, overview.unpaid[0].status]).toEqual(['2026-12', '0.00', 'overdue']);
    member = again;
  });

  it("never serves a company's cached result to a customer of another company", async () => {
    const own = await member.get(`${base()}/overview`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('application/json; charset=utf-8');
    bravoRep = await signIn(bravo.representative);
    for (const path of [
      '/overview',
      '/invoices',
      '/costs?from=2026-11-01&to=2026-11-30&granularity=monthly&groupBy=account&currency=USD',
    ]) {
      const res = await bravoRep.get(`${base()}${path}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('acme');
    }
    // BRAVO's own overview is its own, not ACME's cached one.
    const theirs = await bravoRep.get(`/api/companies/${bravo.companyId}/portal/overview`);
    expect(theirs.json().company.code).toBe('BRAVO');
  });
});
