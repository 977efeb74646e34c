import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostFact, TagFact } from '../../src/modules/costs/line-model.ts';
import { ApiClient, startTestServer } from '../support/api.ts';
import { costFact, storeCostFacts } from '../support/cost-facts.ts';
import { seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';
import { insertAccount, insertIssuedInvoice } from './portal-fixtures.ts';

/**
 * The explorer by cost-allocation tag: USD from the tag facts, an invoiced month's yen spread over the
 * tag facts to the yen, the open month estimated, and the tag keys of the range; one company only.
 */
const PAYER = '999999999999';
const A1 = '111111111111';
const B1 = '333333333333';
const ENV = 'user:Environment';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let bravo: Awaited<ReturnType<typeof seedTenant>>;
let member: ApiClient;
let bravoRep: ApiClient;

const tagFact = (fact: CostFact, tagKey: string, tagValue: string, usd: string): TagFact => ({
  billingPeriod: fact.billingPeriod,
  payerAccountId: fact.payerAccountId,
  usageAccountId: fact.usageAccountId,
  usageDate: fact.usageDate,
  serviceCode: fact.serviceCode,
  serviceName: fact.serviceName,
  region: fact.region,
  usageType: fact.usageType,
  lineItemType: fact.lineItemType,
  billingEntity: fact.billingEntity,
  tagKey,
  tagValue,
  unblendedUsd: usd,
  listUsd: usd,
  amortizedUsd: usd,
  lineCount: 1,
});

beforeAll(async () => {
  env = await createTestContext();
  env.clock.advance(Date.parse('2026-11-21T03:00:00Z') - env.clock.now().getTime());
  server = await startTestServer(env.ctx);
  acme = await seedTenant(env.ctx, 'ACME');
  bravo = await seedTenant(env.ctx, 'BRAVO');
  const db = env.ctx.db;
  await insertAccount(db, A1, 'acme-prod', [{ companyId: acme.companyId, from: '2026-09-01', to: null }]);
  await insertAccount(db, B1, 'bravo-prod', [{ companyId: bravo.companyId, from: '2026-09-01', to: null }]);

  // September: 10 + 20 + 10 USD; the 20 USD fact's lines are 15 USD tagged prod and 5 USD untagged.
  const f1 = costFact(PAYER, A1, '2026-09-01', '10');
  const f2 = costFact(PAYER, A1, '2026-09-02', '20');
  const f3 = costFact(PAYER, A1, '2026-09-02', '10', { region: 'us-east-1', usageType: 'BoxUsage:m5.large' });
  // November (open): 10 USD, 4 prod and 6 untagged.
  const f4 = costFact(PAYER, A1, '2026-11-03', '10');
  const b1 = costFact(PAYER, B1, '2026-09-01', '100');
  await storeCostFacts(env.ctx, [f1, f2, f3, f4, b1], {
    fingerprint: 'portal-tags',
    isFinal: false,
    tagFacts: [
      tagFact(f1, ENV, 'prod', '10'),
      tagFact(f2, ENV, 'prod', '15'),
      tagFact(f2, ENV, '', '5'),
      tagFact(f3, ENV, 'dev', '10'),
      tagFact(f4, ENV, 'prod', '4'),
      tagFact(f4, ENV, '', '6'),
      tagFact(b1, ENV, 'bravo-only', '100'),
      ...[f1, f2, f3, f4].map((f) => tagFact(f, 'user:Project', 'web', f.unblendedUsd)),
      tagFact(b1, 'user:Project', 'bravo-project', '100'),
    ],
  });
  await db.insertInto('fx_rates').values({ rate_date: '2026-11-20', usd_jpy: '150.00', source: 'MUFG', imported_by: 'test' }).execute();
  await insertIssuedInvoice(db, {
    companyId: acme.companyId,
    month: '2026-09',
    number: 'ACME-2026-09',
    lines: [
      {
        accountId: A1,
        serviceCode: 'AmazonEC2',
        jpy: 6001n,
        source: {
          usageAccountId: A1,
          serviceCode: 'AmazonEC2',
          billingEntity: 'AWS',
          section: 'usage',
          lineItemTypes: ['Usage'],
          factCount: 3,
        },
      },
      { jpy: 1000n },
    ],
    taxJpy: 700n,
    dueDate: '2026-10-31',
    sent: true,
  });
  const signIn = (u: { email: string; password: string; totpSecret: string }) =>
    new ApiClient(server, env.clock).signIn(u.email, u.password, u.totpSecret);
  member = await signIn(acme.member);
  bravoRep = await signIn(bravo.representative);
});
afterAll(async () => {
  await server.close();
  await env.close();
});

const base = () => `/api/companies/${acme.companyId}/portal`;
const groups = (r: { groups: { key: string; total: string }[] }) => r.groups.map((g) => [g.key, g.total]);
const tagQuery = `tagKey=${encodeURIComponent(ENV)}`;

describe('explorer by cost-allocation tag', () => {
  it('lists the tag keys and values of the range, of the company only', async () => {
    const res = await member.get(`${base()}/cost-tags?from=2026-09-01&to=2026-11-30`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { key: 'user:Environment', values: ['(untagged)', 'dev', 'prod'] },
      { key: 'user:Project', values: ['web'] },
    ]);
    expect((await member.get(`${base()}/cost-tags?from=2026-11-01&to=2026-11-30`)).json()).toEqual([
      { key: 'user:Environment', values: ['(untagged)', 'prod'] },
      { key: 'user:Project', values: ['web'] },
    ]);
    expect((await bravoRep.get(`${base()}/cost-tags?from=2026-09-01&to=2026-11-30`)).statusCode).toBe(404);
    expect((await member.get(`${base()}/cost-tags?from=2026-09-30&to=2026-09-01`)).statusCode).toBe(400);
  });

  it('groups USD by the values of a tag key, untagged lines in their own group', async () => {
    const r = (
      await member.get(`${base()}/costs?from=2026-09-01&to=2026-09-30&granularity=monthly&groupBy=tag&${tagQuery}&currency=USD`)
    ).json();
    expect(groups(r)).toEqual([
      ['prod', '25'],
      ['dev', '10'],
      ['(untagged)', '5'],
    ]);
    expect(r.total).toBe('40');
    // Another key splits the same 40 USD its own way.
    const project = (await member.get(`${base()}/costs?from=2026-09-01&to=2026-09-30&groupBy=tag&tagKey=user:Project&currency=USD`)).json();
    expect(groups(project)).toEqual([['web', '40']]);
  });

  it('filters by tag values while grouping by another dimension', async () => {
    const r = (
      await member.get(`${base()}/costs?from=2026-09-01&to=2026-09-30&groupBy=region&${tagQuery}&tag=prod,(untagged)&currency=USD`)
    ).json();
    expect(groups(r)).toEqual([['ap-northeast-1', '30']]);
    expect((await member.get(`${base()}/costs?from=2026-09-01&to=2026-09-30&groupBy=tag`)).statusCode).toBe(400);
    expect((await member.get(`${base()}/costs?from=2026-09-01&to=2026-09-30&tag=prod`)).statusCode).toBe(400);
  });

  it("spreads an invoiced month's yen over the tag facts, so the month adds up to the invoice subtotal", async () => {
    const r = (
      await member.get(`${base()}/costs?from=2026-09-01&to=2026-09-30&granularity=monthly&groupBy=tag&${tagQuery}&currency=JPY`)
    ).json();
    expect(r.periods).toEqual([{ period: '2026-09', basis: 'invoice' }]);
    // ¥6,001 over 10 (prod), 5 (untagged), 15 (prod), 10 (dev) USD in fact order: 1500.25, 750.125,
    // 2250.375, 1500.25 → floors 1500, 750, 2250, 1500 (6000); the yen left goes to .375.
    expect(groups(r)).toEqual([
      ['prod', '3751'],
      ['dev', '1500'],
      ['__invoice_other__', '1000'],
      ['(untagged)', '750'],
    ]);
    expect(r.total).toBe('7001');
    const filtered = (
      await member.get(`${base()}/costs?from=2026-09-01&to=2026-09-30&groupBy=tag&${tagQuery}&tag=prod&currency=JPY`)
    ).json();
    expect(filtered.cells).toEqual([
      { period: '2026-09-01', key: 'prod', amount: '1500' },
      { period: '2026-09-02', key: 'prod', amount: '2251' },
    ]);
    expect(filtered.total).toBe('3751');
  });

  it('estimates the open month by tag at the latest rate', async () => {
    const r = (
      await member.get(`${base()}/costs?from=2026-11-01&to=2026-11-30&granularity=monthly&groupBy=tag&${tagQuery}&currency=JPY`)
    ).json();
    expect(r.periods).toEqual([{ period: '2026-11', basis: 'estimate' }]);
    expect(groups(r)).toEqual([
      ['(untagged)', '900'],
      ['prod', '600'],
    ]);
  });

  it("never shows another company's tags", async () => {
    const r = (await member.get(`${base()}/costs?from=2026-09-01&to=2026-11-30&groupBy=tag&${tagQuery}&currency=USD`)).json();
    expect(JSON.stringify(r)).not.toContain('bravo-only');
    expect(groups(r)).toEqual([
      ['prod', '29'],
      ['(untagged)', '11'],
      ['dev', '10'],
    ]);
    expect((await bravoRep.get(`${base()}/costs?from=2026-09-01&to=2026-09-30&groupBy=tag&${tagQuery}`)).statusCode).toBe(404);
  });
});
