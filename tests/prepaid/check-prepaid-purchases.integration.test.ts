import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostFact } from '../../src/modules/costs/line-model.ts';
import { checkPrepaidPurchases } from '../../src/modules/prepaid/check-prepaid-purchases.ts';
import { filePrepaidNotice } from '../../src/modules/prepaid/file-prepaid-notice.ts';
import type { Caller } from '../../src/platform/context.ts';
import { costFact, storeCostFacts } from '../support/cost-facts.ts';
import { seedStaff, seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

const PAYER = '999999999999';
const ACME_ACCOUNT = '111111111111';
const BRAVO_ACCOUNT = '222222222222';
const NOBODYS_ACCOUNT = '333333333333';
const system: Caller = { actor: { kind: 'system', label: 'test' } };

let env: Awaited<ReturnType<typeof createTestContext>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let bravo: Awaited<ReturnType<typeof seedTenant>>;
let noticeId: string;

const purchase = (account: string, day: string, usd: string, lineItemType: CostFact['lineItemType'], extra: Parameters<typeof costFact>[4] = {}) =>
  costFact(PAYER, account, day, usd, { lineItemType, billType: 'Purchase', listUsd: '0', ...extra });

// October 2026 as the ingest delivers it (the first delivery).
const OCTOBER = [
  // ACME's announced RI: 40,000.00 × 150.00 = ¥6,000,000 → covered by the notice.
  purchase(ACME_ACCOUNT, '2026-10-14', '40000.00', 'Fee', { serviceCode: 'AmazonRDS', commitmentArn: 'arn:aws:rds:ap-northeast-1:111111111111:ri:ri-1' }),
  // ACME's unannounced SP, two facts of one purchase: (30,000 + 6,792) × 150.00 = 36,792 × 150 = ¥5,518,800 → alert.
  purchase(ACME_ACCOUNT, '2026-10-20', '30000', 'SavingsPlanUpfrontFee', { serviceCode: 'ComputeSavingsPlans', serviceName: 'Savings Plans for AWS Compute usage', commitmentArn: 'arn:aws:savingsplans::111111111111:savingsplan/sp-1', usageType: 'ComputeSP:1yrAllUpfront' }),
  purchase(ACME_ACCOUNT, '2026-10-20', '6792', 'SavingsPlanUpfrontFee', { serviceCode: 'ComputeSavingsPlans', serviceName: 'Savings Plans for AWS Compute usage', commitmentArn: 'arn:aws:savingsplans::111111111111:savingsplan/sp-1', usageType: 'ComputeSP:other' }),
  // 33,333.32 × 150.00 = ¥4,999,998: under the threshold, nothing recorded.
  purchase(ACME_ACCOUNT, '2026-10-20', '33333.32', 'Fee', { commitmentArn: 'arn:aws:ec2:ap-northeast-1:111111111111:reserved-instances/ri-2' }),
  // Large usage is no purchase.
  costFact(PAYER, ACME_ACCOUNT, '2026-10-20', '90000'),
  // BRAVO's Marketplace purchase on a day without a rate: yen unknown → alert, staff only.
  purchase(BRAVO_ACCOUNT, '2026-10-21', '100', 'Usage', { billingEntity: 'AWS Marketplace', serviceCode: 'prod-abc123', serviceName: 'Some SaaS' }),
  // An account nobody holds: 50,000 × 150.00 = ¥7,500,000 → alert to staff, no customer to tell.
  purchase(NOBODYS_ACCOUNT, '2026-10-14', '50000', 'Fee', { commitmentArn: 'arn:aws:ec2:ap-northeast-1:333333333333:reserved-instances/ri-3' }),
];

beforeAll(async () => {
  env = await createTestContext();
  // 2026-10-01 10:00 in Japan: the notice is filed before the purchases.
  env.clock.advance(Date.parse('2026-10-01T01:00:00Z') - Date.now());
  await seedStaff(env.ctx, 'admin');
  await seedStaff(env.ctx, 'billing');
  await seedStaff(env.ctx, 'csm');
  acme = await seedTenant(env.ctx, 'ACME');
  bravo = await seedTenant(env.ctx, 'BRAVO');
  for (const [account, companyId] of [
    [ACME_ACCOUNT, acme.companyId],
    [BRAVO_ACCOUNT, bravo.companyId],
  ] as const) {
    await env.ctx.db.insertInto('aws_accounts').values({ account_id: account, name: account, root_email: `root+${account}@example.test` }).execute();
    await env.ctx.db.insertInto('account_assignments').values({ account_id: account, company_id: companyId, valid_from: '2026-01-01', valid_to: null }).execute();
  }
  for (const date of ['2026-10-14', '2026-10-16', '2026-10-20']) {
    await env.ctx.db.insertInto('fx_rates').values({ rate_date: date, usd_jpy: '150.00', source: 'MUFG', imported_by: 'test' }).execute();
  }
  const representative = { actor: { kind: 'customer', userId: acme.representative.id, email: acme.representative.email, role: 'representative', companyId: acme.companyId } } as const;
  const notice = await filePrepaidNotice(env.ctx, representative, { companyId: acme.companyId, purchaseType: 'RI', expectedUsd: '40000', expectedDate: '2026-10-15', note: 'RDS 1年 全額前払い' });
  noticeId = notice.id;
});
afterAll(async () => {
  await env.close();
});

const outbox = () => env.ctx.db.selectFrom('mail_outbox').select(['purpose', 'to_address', 'subject', 'text_body', 'company_id']).orderBy('created_at').orderBy('to_address').execute();

describe('checkPrepaidPurchases', () => {
  it('matches announced purchases and raises one alert for each unannounced one, by e-mail to staff and the customer', async () => {
    // Filing told admin and billing (not the CSM).
    expect((await outbox()).map((m) => [m.purpose, m.to_address])).toEqual([
      ['prepaid-notice-filed', 'admin@reseller.test'],
      ['prepaid-notice-filed', 'billing@reseller.test'],
    ]);

    await storeCostFacts(env.ctx, OCTOBER, { fingerprint: 'oct-1', isFinal: false });
    const summary = await checkPrepaidPurchases(env.ctx, system, { payerAccountId: PAYER, billingPeriods: ['2026-10'] });
    expect(summary).toEqual({ recorded: 4, matched: 1, alerts: 3, withoutRate: 1 });

    const rows = await env.ctx.db
      .selectFrom('prepaid_purchases')
      .select(['usage_account_id', 'purchase_date', 'purchase_type', 'amount_usd', 'amount_jpy', 'usd_jpy', 'rate_date', 'company_id', 'notice_id', 'alert_status'])
      .orderBy('usage_account_id')
      .orderBy('purchase_date')
      .execute();
    expect(rows.map((r) => ({ ...r, amount_usd: Number(r.amount_usd).toFixed(2) }))).toEqual([
      { usage_account_id: ACME_ACCOUNT, purchase_date: '2026-10-14', purchase_type: 'RI', amount_usd: '40000.00', amount_jpy: '6000000', usd_jpy: '150.00', rate_date: '2026-10-14', company_id: acme.companyId, notice_id: noticeId, alert_status: 'matched' },
      { usage_account_id: ACME_ACCOUNT, purchase_date: '2026-10-20', purchase_type: 'SavingsPlan', amount_usd: '36792.00', amount_jpy: '5518800', usd_jpy: '150.00', rate_date: '2026-10-20', company_id: acme.companyId, notice_id: null, alert_status: 'open' },
      { usage_account_id: BRAVO_ACCOUNT, purchase_date: '2026-10-21', purchase_type: 'Marketplace', amount_usd: '100.00', amount_jpy: null, usd_jpy: null, rate_date: null, company_id: bravo.companyId, notice_id: null, alert_status: 'open' },
      { usage_account_id: NOBODYS_ACCOUNT, purchase_date: '2026-10-14', purchase_type: 'RI', amount_usd: '50000.00', amount_jpy: '7500000', usd_jpy: '150.00', rate_date: '2026-10-14', company_id: null, notice_id: null, alert_status: 'open' },
    ]);

    const alerts = (await outbox()).filter((m) => m.purpose === 'prepaid-alert');
    // Staff (admin, billing) get every alert; ACME's representative (not its member) gets its own; BRAVO's
    // purchase of unknown yen value goes to staff only.
    expect(alerts.map((m) => [m.to_address, m.company_id])).toEqual([
      ['admin@reseller.test', null],
      ['billing@reseller.test', null],
      ['representative@acme.test', acme.companyId],
    ]);
    const staffMail = alerts[0]!;
    expect(staffMail.subject).toBe('【Daiko】事前連絡のない大口前払い購入が 3 件あります');
    expect(staffMail.text_body).toContain('5,518,800円（2026-10-20 のレート 150.00 円/USD）');
    expect(staffMail.text_body).toContain('円換算不明（購入日の為替レートが未登録です）');
    expect(staffMail.text_body).toContain('契約のないアカウント');
    expect(staffMail.text_body).toContain('7,500,000円');
    const customerMail = alerts[2]!;
    expect(customerMail.subject).toBe('【Daiko】大口前払い購入の事前連絡のお願い');
    expect(customerMail.text_body).toContain('ACME 株式会社（ACME） ご担当者様');
    expect(customerMail.text_body).toContain('5,000,000円以上');
    expect(customerMail.text_body).toContain('USD 36792 ／ 5,518,800円');
    // Nothing about other customers, nor the covered purchase.
    expect(customerMail.text_body).not.toContain(BRAVO_ACCOUNT);
    expect(customerMail.text_body).not.toContain(NOBODYS_ACCOUNT);
    expect(customerMail.text_body).not.toContain('6,000,000円');

    const audit = await env.ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'prepaid.%').orderBy('action').execute();
    expect(audit.map((a) => a.action)).toEqual(['prepaid.alert.raised', 'prepaid.alert.raised', 'prepaid.alert.raised', 'prepaid.notice.filed', 'prepaid.purchase.matched']);
  });

  it('raises nothing twice when the month is ingested again', async () => {
    const before = (await outbox()).length;
    expect(await checkPrepaidPurchases(env.ctx, system, { payerAccountId: PAYER, billingPeriods: ['2026-10'] })).toEqual({ recorded: 0, matched: 0, alerts: 0, withoutRate: 0 });
    expect((await outbox()).length).toBe(before);
    expect(await env.ctx.db.selectFrom('prepaid_purchases').select('id').execute()).toHaveLength(4);
  });

  it('uses a notice up only to 120% of what was announced, counting what it already covers', async () => {
    // A restated month with one more RI purchase on 10-16: 40,000.00 × 150.00 = ¥6,000,000, and the notice already
    // covers 40,000 of its 40,000 × 1.2 = 48,000, so it cannot cover this one.
    const more = purchase(ACME_ACCOUNT, '2026-10-16', '40000.00', 'Fee', { serviceCode: 'AmazonRDS', commitmentArn: 'arn:aws:rds:ap-northeast-1:111111111111:ri:ri-4' });
    await storeCostFacts(env.ctx, [...OCTOBER, more], { fingerprint: 'oct-2', isFinal: false });
    expect(await checkPrepaidPurchases(env.ctx, system, { payerAccountId: PAYER, billingPeriods: ['2026-10'] })).toEqual({ recorded: 1, matched: 0, alerts: 1, withoutRate: 0 });
    const row = await env.ctx.db.selectFrom('prepaid_purchases').select(['notice_id', 'alert_status', 'amount_jpy']).where('purchase_date', '=', '2026-10-16').executeTakeFirstOrThrow();
    expect(row).toEqual({ notice_id: null, alert_status: 'open', amount_jpy: '6000000' });
  });
});
