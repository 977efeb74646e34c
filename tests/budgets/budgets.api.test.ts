import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateCostAlerts } from '../../src/modules/budgets/evaluate-cost-alerts.ts';
import { ApiClient, startTestServer } from '../support/api.ts';
import { costFact, storeCostFacts } from '../support/cost-facts.ts';
import { PASSWORD, seedStaff, seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

const PAYER = '999999999999';
const ACME_ACCOUNT = '111111111111';
const BRAVO_ACCOUNT = '222222222222';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let bravo: Awaited<ReturnType<typeof seedTenant>>;
let representative: ApiClient;
let member: ApiClient;
let bravoRepresentative: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  env = await createTestContext();
  // 2026-10-05 10:00 in Japan: October is the open month.
  env.clock.advance(Date.parse('2026-10-05T01:00:00Z') - Date.now());
  server = await startTestServer(env.ctx);
  acme = await seedTenant(env.ctx, 'ACME');
  bravo = await seedTenant(env.ctx, 'BRAVO');
  for (const [account, companyId] of [
    [ACME_ACCOUNT, acme.companyId],
    [BRAVO_ACCOUNT, bravo.companyId],
  ] as const) {
    await env.ctx.db
      .insertInto('aws_accounts')
      .values({ account_id: account, name: `${account}-prod`, root_email: null })
      .execute();
    await env.ctx.db
      .insertInto('account_assignments')
      .values({ account_id: account, company_id: companyId, valid_from: '2026-01-01', valid_to: null })
      .execute();
  }
  // The latest published rate on 2026-10-05 is the 2nd's (the 3rd and 4th are a weekend, the 5th not yet imported).
  for (const [date, rate] of [
    ['2026-10-01', '149.50'],
    ['2026-10-02', '150.25'],
  ] as const) {
    await env.ctx.db.insertInto('fx_rates').values({ rate_date: date, usd_jpy: rate, source: 'MUFG', imported_by: 'test' }).execute();
  }
  // Oct 1–4: ACME EC2 $100 and S3 $10 a day; BRAVO EC2 $1,000 a day.
  const facts = [];
  for (const day of ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04']) {
    facts.push(costFact(PAYER, ACME_ACCOUNT, day, '100'));
    facts.push(
      costFact(PAYER, ACME_ACCOUNT, day, '10', {
        serviceCode: 'AmazonS3',
        serviceName: 'Amazon Simple Storage Service',
        usageType: 'APN1-TimedStorage-ByteHrs',
      }),
    );
    facts.push(costFact(PAYER, BRAVO_ACCOUNT, day, '1000'));
  }
  await storeCostFacts(env.ctx, facts, { fingerprint: 'oct-1', isFinal: false });
  const signIn = (u: { email: string; totpSecret: string }) => new ApiClient(server, env.clock).signIn(u.email, PASSWORD, u.totpSecret);
  admin = await signIn(await seedStaff(env.ctx, 'admin'));
  representative = await signIn(acme.representative);
  member = await signIn(acme.member);
  bravoRepresentative = await signIn(bravo.representative);
});
afterAll(async () => {
  await server.close();
  await env.close();
});

const budgetsUrl = () => `/api/companies/${acme.companyId}/budgets`;
const companyBudget = { name: '全体', scope: 'company', amountJpy: 600_000, thresholds: [100, 80], alertOnForecast: true };
const s3Budget = { name: 'S3', scope: 'service', serviceCode: 'AmazonS3', amountJpy: 5_000, thresholds: [80, 100], alertOnForecast: false };

describe('budgets over HTTP', () => {
  let companyBudgetId: string;
  let s3BudgetId: string;

  it('lets a representative create budgets, members only read them, in yen computed from the facts', async () => {
    expect((await member.post(budgetsUrl(), companyBudget)).statusCode).toBe(403);
    expect((await admin.post(budgetsUrl(), companyBudget)).statusCode).toBe(403);
    expect((await bravoRepresentative.post(budgetsUrl(), companyBudget)).statusCode).toBe(403);
    // An account budget must name an account of the company.
    expect((await representative.post(budgetsUrl(), { ...companyBudget, scope: 'account', accountId: BRAVO_ACCOUNT })).statusCode).toBe(
      400,
    );
    expect((await representative.post(budgetsUrl(), { ...companyBudget, amountJpy: 0 })).statusCode).toBe(400);

    const created = await representative.post(budgetsUrl(), companyBudget);
    expect(created.statusCode).toBe(200);
    companyBudgetId = created.json().id;
    s3BudgetId = (await representative.post(budgetsUrl(), s3Budget)).json().id;

    const read = await member.get(`${budgetsUrl()}?month=2026-10`);
    expect(read.statusCode).toBe(200);
    const body = read.json();
    expect(body).toMatchObject({
      month: '2026-10',
      rate: { usdJpy: '150.25', rateDate: '2026-10-02', basis: 'latest' },
      lastDay: '2026-10-04',
      complete: false,
      canManage: false,
    });
    expect(body.accounts).toEqual([{ accountId: ACME_ACCOUNT, name: '111111111111-prod' }]);
    // Company: 4 × 110 = USD 440 × 150.25 = ¥66,110 (11.0%); forecast: 440 + 110/day × 27 days = 3,410 × 150.25
    // = 512,352.5 → ¥512,353 (half-up), 85.3% of ¥600,000. S3: 40 × 150.25 = ¥6,010 = 120.2% of ¥5,000;
    // forecast 40 + 10/day × 27 = 310 × 150.25 = 46,577.5 → ¥46,578 = 931.5%.
    expect(body.budgets).toEqual([
      {
        id: companyBudgetId,
        name: '全体',
        scope: 'company',
        accountId: null,
        serviceCode: null,
        amountJpy: 600_000,
        thresholds: [80, 100],
        alertOnForecast: true,
        actualJpy: 66_110,
        forecastJpy: 512_353,
        actualPercent: 11,
        forecastPercent: 85.3,
      },
      {
        id: s3BudgetId,
        name: 'S3',
        scope: 'service',
        accountId: null,
        serviceCode: 'AmazonS3',
        amountJpy: 5_000,
        thresholds: [80, 100],
        alertOnForecast: false,
        actualJpy: 6_010,
        forecastJpy: 46_578,
        actualPercent: 120.2,
        forecastPercent: 931.5,
      },
    ]);
    expect((await representative.get(budgetsUrl())).json().canManage).toBe(true);
    // Staff see it read-only.
    const staffView = await admin.get(`${budgetsUrl()}?month=2026-10`);
    expect(staffView.statusCode).toBe(200);
    expect(staffView.json().canManage).toBe(false);
  });

  it('keeps other companies out', async () => {
    expect((await bravoRepresentative.get(budgetsUrl())).statusCode).toBe(404);
    const bravoView = await bravoRepresentative.get(`/api/companies/${bravo.companyId}/budgets?month=2026-10`);
    expect(bravoView.json().budgets).toEqual([]);
    expect(bravoView.body).not.toContain(ACME_ACCOUNT);
    expect((await bravoRepresentative.call('PUT', `/api/budgets/${companyBudgetId}`, { ...companyBudget, amountJpy: 1 })).statusCode).toBe(
      404,
    );
    expect((await bravoRepresentative.delete(`/api/budgets/${companyBudgetId}`)).statusCode).toBe(404);
    expect((await bravoRepresentative.get(`/api/companies/${acme.companyId}/cost-alerts`)).statusCode).toBe(404);
  });

  it('lets only the representative change or delete a budget', async () => {
    expect((await member.call('PUT', `/api/budgets/${companyBudgetId}`, { ...companyBudget, amountJpy: 700_000 })).statusCode).toBe(403);
    expect((await member.delete(`/api/budgets/${s3BudgetId}`)).statusCode).toBe(403);
    const changed = await representative.call('PUT', `/api/budgets/${companyBudgetId}`, { ...companyBudget, amountJpy: 640_000 });
    expect(changed.statusCode).toBe(200);
    // 512,353 / 640,000 = 80.05…% → 80.0
    expect((await member.get(`${budgetsUrl()}?month=2026-10`)).json().budgets[0]).toMatchObject({
      amountJpy: 640_000,
      forecastPercent: 80,
    });
  });

  it('raises each alert once, shows it to the company and mails the subscribed users', async () => {
    const system = { actor: { kind: 'system', label: 'test' } } as const;
    // The member subscribes; the representative is subscribed by default.
    expect((await admin.call('PUT', '/api/alert-subscription', { subscribed: true })).statusCode).toBe(403);
    expect((await member.call('PUT', '/api/alert-subscription', { subscribed: true })).json()).toEqual({ subscribed: true });
    const first = await evaluateCostAlerts(env.ctx, system, { billingPeriods: ['2026-10'] });
    // S3 actual 120.2% → 80 and 100; company forecast ¥512,353 ≥ 80% of ¥640,000 (¥512,000) → 80.
    expect(first.raised).toEqual({ actual: 2, forecast: 1, anomaly: 0, restricted: 0 });
    const again = await evaluateCostAlerts(env.ctx, system, { billingPeriods: ['2026-10'] });
    expect(again.raised).toEqual({ actual: 0, forecast: 0, anomaly: 0, restricted: 0 });

    const alerts = await member.get(`/api/companies/${acme.companyId}/cost-alerts?open=true`);
    expect(alerts.statusCode).toBe(200);
    const list = alerts.json();
    expect(list.subscribed).toBe(true);
    expect(
      list.alerts
        .map((a: { kind: string; budgetName: string; threshold: number; amountJpy: number }) => [
          a.kind,
          a.budgetName,
          a.threshold,
          a.amountJpy,
        ])
        .sort(),
    ).toEqual([
      ['actual', 'S3', 100, 6_010],
      ['actual', 'S3', 80, 6_010],
      ['forecast', '全体', 80, 512_353],
    ]);
    const mails = await env.ctx.db
      .selectFrom('mail_outbox')
      .select(['to_address', 'subject', 'text_body'])
      .where('purpose', '=', 'cost-alert')
      .orderBy('to_address')
      .execute();
    expect(mails.map((m) => m.to_address)).toEqual(['member@acme.test', 'representative@acme.test']);
    expect(mails[0]!.text_body).toContain('予算「S3」（2026年10月）: 実績 ¥6,010 が予算 ¥5,000 の 100% に達しました');

    // Dismissing: the representative only; the alert leaves the open list.
    const alertId = list.alerts[0].id as string;
    expect((await member.post(`/api/cost-alerts/${alertId}/dismiss`)).statusCode).toBe(403);
    expect((await bravoRepresentative.post(`/api/cost-alerts/${alertId}/dismiss`)).statusCode).toBe(404);
    expect((await representative.post(`/api/cost-alerts/${alertId}/dismiss`)).statusCode).toBe(200);
    expect((await member.get(`/api/companies/${acme.companyId}/cost-alerts?open=true`)).json().alerts).toHaveLength(2);

    // Muting a service for anomaly alerts.
    expect((await member.post(`/api/companies/${acme.companyId}/anomaly-mutes`, { serviceCode: 'AmazonS3', muted: true })).statusCode).toBe(
      403,
    );
    expect(
      (await representative.post(`/api/companies/${acme.companyId}/anomaly-mutes`, { serviceCode: 'AmazonS3', muted: true })).statusCode,
    ).toBe(200);
    expect(
      (await member.get(`/api/companies/${acme.companyId}/cost-alerts`)).json().mutes.map((m: { serviceCode: string }) => m.serviceCode),
    ).toEqual(['AmazonS3']);

    // A deleted budget leaves its alerts in the history.
    expect((await representative.delete(`/api/budgets/${s3BudgetId}`)).statusCode).toBe(200);
    expect(
      (await member.get(`/api/companies/${acme.companyId}/cost-alerts`))
        .json()
        .alerts.filter((a: { budgetName: string }) => a.budgetName === 'S3'),
    ).toHaveLength(2);
  });
});
