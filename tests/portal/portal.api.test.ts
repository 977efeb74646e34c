import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestServer } from '../support/api.ts';
import { costFact, storeCostFacts } from '../support/cost-facts.ts';
import { seedStaff, seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';
import { insertAccount, insertIssuedInvoice } from './portal-fixtures.ts';

const PAYER = '999999999999';
const A1 = '111111111111';
const A2 = '222222222222';
const B1 = '333333333333';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let bravo: Awaited<ReturnType<typeof seedTenant>>;
let member: ApiClient;
let bravoRep: ApiClient;
let csm: ApiClient;
let septemberId: string;
let octoberId: string;

beforeAll(async () => {
  env = await createTestContext();
  // 2026-11-21 12:00 in Japan: November is the open month.
  env.clock.advance(Date.parse('2026-11-21T03:00:00Z') - env.clock.now().getTime());
  server = await startTestServer(env.ctx);
  acme = await seedTenant(env.ctx, 'ACME');
  bravo = await seedTenant(env.ctx, 'BRAVO');
  const db = env.ctx.db;
  await insertAccount(db, A1, 'acme-prod', [{ companyId: acme.companyId, from: '2026-09-01', to: null }]);
  // A2 moves from ACME to BRAVO on 2026-11-10: its usage from that day is BRAVO's.
  await insertAccount(db, A2, 'acme-dev', [
    { companyId: acme.companyId, from: '2026-09-01', to: '2026-11-10' },
    { companyId: bravo.companyId, from: '2026-11-10', to: null },
  ]);
  await insertAccount(db, B1, 'bravo-prod', [{ companyId: bravo.companyId, from: '2026-09-01', to: null }]);

  const ec2 = (account: string, day: string, usd: string, extra = {}) => costFact(PAYER, account, day, usd, extra);
  const s3 = { serviceCode: 'AmazonS3', serviceName: 'Amazon Simple Storage Service', usageType: 'APN1-TimedStorage-ByteHrs' };
  await storeCostFacts(
    env.ctx,
    [
      ec2(A1, '2026-09-01', '1'),
      ec2(A1, '2026-09-02', '2'),
      ec2(A1, '2026-09-02', '1', { region: 'us-east-1', usageType: 'BoxUsage:m5.large' }),
      ec2(A1, '2026-10-05', '50'),
      ec2(A1, '2026-10-05', '0', { lineItemType: 'DiscountedUsage', listUsd: '100', amortizedUsd: '60' }),
      ec2(A1, '2026-10-01', '75', { lineItemType: 'RIFee', amortizedUsd: '15', usageType: 'HeavyUsage:m5.large' }),
      ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ec2(A1, `2026-11-${d}`, '10')),
      costFact(PAYER, A1, '2026-11-05', '5.5', s3),
      ec2(A2, '2026-11-09', '20'),
      ec2(A2, '2026-11-10', '30'),
      ec2(B1, '2026-11-03', '1000'),
    ],
    { fingerprint: 'portal-test', isFinal: false },
  );
  await db
    .insertInto('fx_rates')
    .values([
      { rate_date: '2026-11-02', usd_jpy: '148.00', source: 'MUFG', imported_by: 'test' },
      { rate_date: '2026-11-20', usd_jpy: '150.00', source: 'MUFG', imported_by: 'test' },
    ])
    .execute();

  // September: A1's EC2 billed at ¥601 (4 USD × 150.25), plus a custom line of ¥1,000.
  septemberId = await insertIssuedInvoice(db, {
    companyId: acme.companyId,
    month: '2026-09',
    number: 'ACME-2026-09',
    lines: [
      {
        accountId: A1,
        serviceCode: 'AmazonEC2',
        jpy: 601n,
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
    taxJpy: 160n,
    dueDate: '2026-10-31',
    sent: true,
  });
  octoberId = await insertIssuedInvoice(db, {
    companyId: acme.companyId,
    month: '2026-10',
    number: 'ACME-2026-10',
    lines: [{ jpy: 2000n }],
    taxJpy: 200n,
    dueDate: '2026-11-30',
    sent: true,
  });
  await db
    .insertInto('payments')
    .values([
      { invoice_id: septemberId, received_on: '2026-11-02', amount_jpy: 500n, method: 'bank-transfer', note: null, recorded_by: 'test' },
      { invoice_id: octoberId, received_on: '2026-11-20', amount_jpy: 100n, method: 'bank-transfer', note: null, recorded_by: 'test' },
    ])
    .execute();
  await insertIssuedInvoice(db, {
    companyId: bravo.companyId,
    month: '2026-10',
    number: 'BRAVO-2026-10',
    lines: [{ jpy: 9_999_000n }],
    taxJpy: 999_900n,
    dueDate: '2026-11-30',
    sent: true,
  });

  const signIn = (u: { email: string; password: string; totpSecret: string }) =>
    new ApiClient(server, env.clock).signIn(u.email, u.password, u.totpSecret);
  member = await signIn(acme.member);
  bravoRep = await signIn(bravo.representative);
  csm = await signIn(await seedStaff(env.ctx, 'csm'));
});
afterAll(async () => {
  await server.close();
  await env.close();
});

const base = () => `/api/companies/${acme.companyId}/portal`;

describe('portal overview', () => {
  it("shows the open month's estimate and forecast, invoiced months, tops and unpaid invoices of the company only", async () => {
    const res = await member.get(`${base()}/overview`);
    expect(res.statusCode).toBe(200);
    const o = res.json();
    expect(o.month).toBe('2026-11');
    // ACME's November: A1 10 × 7 + 5.5 (S3 on the 5th), A2 20 on the 9th (its 30 on the 10th is BRAVO's).
    expect(o.estimate).toMatchObject({ lastDay: '2026-11-09', daysElapsed: 9, daysInMonth: 30, toDateUsd: '95.50' });
    // Run rate: days 3–9 = 10+10+15.5+10+10+0+20 = 75.5 over 7 days; 21 days left → 95.5 + 226.5 = 322.
    expect(o.estimate.forecastUsd).toBe('322.00');
    // At the latest rate (2026-11-20, 150.00): 95.5 × 150 = 14,325; 322 × 150 = 48,300.
    expect(o.estimate.toDateJpy).toBe('14325');
    expect(o.estimate.forecastJpy).toBe('48300');
    expect(o.estimate.rate).toEqual({ date: '2026-11-20', usdJpy: '150.00', source: 'MUFG' });
    expect(o.topServices).toEqual([
      { key: 'AmazonEC2', label: 'Amazon Elastic Compute Cloud', usd: '90.00', jpy: '13500' },
      { key: 'AmazonS3', label: 'Amazon Simple Storage Service', usd: '5.50', jpy: '825' },
    ]);
    expect(o.topAccounts).toEqual([
      { key: A1, label: 'acme-prod', usd: '75.50', jpy: '11325' },
      { key: A2, label: 'acme-dev', usd: '20.00', jpy: '3000' },
    ]);
    expect(o.invoicedMonths.map((m: { month: string; totalJpy: string }) => [m.month, m.totalJpy])).toEqual([
      ['2026-10', '2200'],
      ['2026-09', '1761'],
    ]);
    // September is past due (2026-10-31) with ¥500 paid: overdue; October partly paid: ¥2,100 left.
    expect(
      o.unpaid.map((u: { number: string; status: string; balanceJpy: string; dueDate: string }) => [
        u.number,
        u.status,
        u.balanceJpy,
        u.dueDate,
      ]),
    ).toEqual([
      ['ACME-2026-10', 'partially-paid', '2100', '2026-11-30'],
      ['ACME-2026-09', 'overdue', '1261', '2026-10-31'],
    ]);
    expect(res.body).not.toContain('BRAVO');
    expect(res.body).not.toContain(B1);
  });

  it('refuses another company to a customer, and lets staff read any company', async () => {
    expect((await bravoRep.get(`${base()}/overview`)).statusCode).toBe(404);
    expect((await bravoRep.get(`${base()}/costs?from=2026-11-01&to=2026-11-30`)).statusCode).toBe(404);
    expect((await bravoRep.get(`${base()}/commitments?from=2026-10&to=2026-10`)).statusCode).toBe(404);
    expect((await bravoRep.get(`${base()}/invoices`)).statusCode).toBe(404);
    expect((await bravoRep.get(`/api/invoices/${septemberId}/jp-pint`)).statusCode).toBe(404);
    const staff = await csm.get(`${base()}/overview`);
    expect(staff.statusCode).toBe(200);
    expect(staff.json().estimate.toDateUsd).toBe('95.50');
    // BRAVO sees A2's usage from the day it became BRAVO's only.
    const bravoCosts = await bravoRep.get(
      `/api/companies/${bravo.companyId}/portal/costs?from=2026-11-01&to=2026-11-30&groupBy=account&granularity=monthly`,
    );
    expect(bravoCosts.json().groups.map((g: { key: string; total: string }) => [g.key, g.total])).toEqual([
      [B1, '1000'],
      [A2, '30'],
    ]);
  });
});

describe('cost explorer', () => {
  it('groups USD by account and month inside the account windows', async () => {
    const res = await member.get(`${base()}/costs?from=2026-09-01&to=2026-11-30&granularity=monthly&groupBy=account&currency=USD`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.periods).toEqual([
      { period: '2026-09', basis: 'usd' },
      { period: '2026-10', basis: 'usd' },
      { period: '2026-11', basis: 'usd' },
    ]);
    // A1: Sep 1+2+1 = 4; Oct 50 + 0 + 75 = 125; Nov 75.5. A2: Nov 20.
    expect(r.groups).toEqual([
      { key: A1, label: 'acme-prod (111111111111)', total: '204.5' },
      { key: A2, label: 'acme-dev (222222222222)', total: '20' },
    ]);
    expect(r.cells).toContainEqual({ period: '2026-10', key: A1, amount: '125' });
    expect(r.total).toBe('224.5');
  });

  it('filters on any dimension, several values separated by commas', async () => {
    const s3 = await member.get(`${base()}/costs?from=2026-11-01&to=2026-11-30&groupBy=region&currency=USD&service=AmazonS3`);
    expect(s3.json()).toMatchObject({ total: '5.5', groups: [{ key: 'ap-northeast-1', total: '5.5' }] });
    const two = await member.get(
      `${base()}/costs?from=2026-09-01&to=2026-11-30&groupBy=chargeType&currency=USD&chargeType=RIFee,DiscountedUsage`,
    );
    expect(two.json().groups).toEqual([
      { key: 'RIFee', label: 'RIFee', total: '75' },
      { key: 'DiscountedUsage', label: 'DiscountedUsage', total: '0' },
    ]);
    expect((await member.get(`${base()}/costs?from=2026-11-30&to=2026-11-01`)).statusCode).toBe(400);
    expect((await member.get(`${base()}/costs?from=2020-01-01&to=2026-11-01`)).statusCode).toBe(400);
  });

  it("shows an invoiced month's yen as the invoice's lines spread over their facts, to the yen", async () => {
    const res = await member.get(`${base()}/costs?from=2026-09-01&to=2026-09-30&groupBy=region&currency=JPY`);
    const r = res.json();
    expect(r.invoicedMonths).toEqual([{ month: '2026-09', invoiceId: septemberId, number: 'ACME-2026-09' }]);
    expect(r.periods[0]).toEqual({ period: '2026-09-01', basis: 'invoice' });
    // ¥601 over 1, 2, 1 USD: 150.25, 300.5, 150.25 → floors 150, 300, 150; the yen left goes to .5.
    expect(r.cells).toEqual([
      { period: '2026-09-01', key: 'ap-northeast-1', amount: '150' },
      { period: '2026-09-01', key: '__invoice_other__', amount: '1000' },
      { period: '2026-09-02', key: 'ap-northeast-1', amount: '301' },
      { period: '2026-09-02', key: 'us-east-1', amount: '150' },
    ]);
    // The month adds up to the invoice's subtotal (tax excluded).
    expect(r.total).toBe('1601');
    expect(r.rate).toBeNull();
  });

  it('converts the open month at the latest rate, cell by cell, marked as an estimate', async () => {
    const r = (await member.get(`${base()}/costs?from=2026-11-01&to=2026-11-30&granularity=monthly&groupBy=service&currency=JPY`)).json();
    expect(r.periods).toEqual([{ period: '2026-11', basis: 'estimate' }]);
    expect(r.groups.map((g: { key: string; total: string }) => [g.key, g.total])).toEqual([
      ['AmazonEC2', '13500'],
      ['AmazonS3', '825'],
    ]);
    expect(r.rate).toEqual({ date: '2026-11-20', usdJpy: '150.00', source: 'MUFG' });
  });
});

describe('RI / Savings Plans and invoices', () => {
  it('computes utilization and coverage per account and month', async () => {
    const res = await member.get(`${base()}/commitments?from=2026-09&to=2026-11`);
    expect(res.statusCode).toBe(200);
    // Used 60 (RI effective cost), unused 15 (RIFee amortized): 60 / 75 = 80%. Covered 100 on demand
    // against 50 of uncovered usage: 100 / 150 = 66.7%. Savings 100 − 60 = 40.
    expect(res.json()).toEqual([
      {
        month: '2026-10',
        accountId: A1,
        accountName: 'acme-prod',
        coveredOnDemandUsd: '100.00',
        onDemandUsd: '50.00',
        usedCommitmentUsd: '60.00',
        unusedCommitmentUsd: '15.00',
        savingsUsd: '40.00',
        coveragePercent: '66.7',
        utilizationPercent: '80.0',
      },
    ]);
  });

  it('lists the issued invoices with their standing', async () => {
    const res = await member.get(`${base()}/invoices`);
    expect(res.json().map((i: { number: string; status: string; paidJpy: string }) => [i.number, i.status, i.paidJpy])).toEqual([
      ['ACME-2026-10', 'partially-paid', '100'],
      ['ACME-2026-09', 'overdue', '500'],
    ]);
  });
});
