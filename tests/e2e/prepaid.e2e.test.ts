import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, tokyoDateOf } from '../../src/modules/calendar/rules/calendar-date.ts';
import { checkPrepaidPurchases } from '../../src/modules/prepaid/check-prepaid-purchases.ts';
import { costFact, storeCostFacts } from '../support/cost-facts.ts';
import { seedStaff, seedTenant, type FixtureUser } from '../support/fixtures.ts';
import { launchBrowser, newPage, screenshot, signInWithMfa, startApp } from './support.ts';

/**
 * 大口前払い購入: a representative files an advance notice in the portal; an ingest finds an
 * unannounced Savings Plan purchase and the customer sees the alert; staff acknowledge the notice and
 * resolve the alert in the console.
 */
let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let tenant: Awaited<ReturnType<typeof seedTenant>>;
let billing: FixtureUser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  billing = await seedStaff(app.ctx, 'billing');
  tenant = await seedTenant(app.ctx, 'ACME');
  await app.ctx.db.insertInto('aws_accounts').values({ account_id: '111111111111', name: 'acme-prod', root_email: 'root@acme.test' }).execute();
  await app.ctx.db.insertInto('account_assignments').values({ account_id: '111111111111', company_id: tenant.companyId, valid_from: '2026-01-01', valid_to: null }).execute();
  await app.ctx.db.insertInto('fx_rates').values({ rate_date: '2026-10-20', usd_jpy: '150.00', source: 'MUFG', imported_by: 'e2e' }).execute();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('large prepaid purchases', () => {
  it('takes a notice from the customer, alerts on an unannounced purchase, and lets staff deal with both', async () => {
    const expectedDate = addDays(tokyoDateOf(app.clock.now()), 14);
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, tenant.representative);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '大口前払い購入' }).click();
    await page.getByRole('heading', { name: '大口前払い購入の事前連絡', level: 1 }).waitFor();
    await page.getByText('事前連絡はまだありません。').waitFor();

    await page.getByLabel('種類').selectOption('RI');
    await page.getByLabel('予定金額（USD）').fill('40,000');
    await page.getByLabel('購入予定日').fill(expectedDate);
    await page.getByLabel('備考').fill('RDS 1年 全額前払い');
    await page.getByRole('button', { name: '事前連絡を送る' }).click();
    await page.getByText('事前連絡を送信しました。担当者が確認します。').waitFor();
    const noticeRow = page.locator('tr', { hasText: 'RDS 1年 全額前払い' });
    await noticeRow.getByText('受付待ち').waitFor();
    expect(await noticeRow.innerText()).toContain('40,000');

    // An ingest delivers an unannounced 36,792 USD Savings Plan: × 150.00 = ¥5,518,800.
    await storeCostFacts(
      app.ctx,
      [costFact('999999999999', '111111111111', '2026-10-20', '36792', { lineItemType: 'SavingsPlanUpfrontFee', billType: 'Purchase', serviceCode: 'ComputeSavingsPlans', serviceName: 'Savings Plans for AWS Compute usage', commitmentArn: 'arn:aws:savingsplans::111111111111:savingsplan/sp-1' })],
      { fingerprint: 'e2e', isFinal: false },
    );
    await checkPrepaidPurchases(app.ctx, { actor: { kind: 'system', label: 'e2e' } }, { payerAccountId: '999999999999', billingPeriods: ['2026-10'] });
    await page.reload();
    const alertRow = page.locator('tr', { hasText: '111111111111' });
    await alertRow.getByText('事前連絡なし').waitFor();
    expect(await alertRow.innerText()).toContain('¥5,518,800');
    await screenshot(page, 'prepaid-customer');

    const staffPage = await newPage(browser, app.baseUrl);
    await signInWithMfa(staffPage, app.clock, billing);
    await staffPage.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '大口前払い購入' }).click();
    await staffPage.getByRole('heading', { name: '大口前払い購入', level: 1 }).waitFor();
    await staffPage.locator('tr', { hasText: 'RDS 1年 全額前払い' }).getByRole('button', { name: '受領する' }).click();
    await staffPage.locator('tr', { hasText: 'RDS 1年 全額前払い' }).getByText('受領済み').waitFor();
    const staffAlert = staffPage.locator('tr', { hasText: '111111111111' });
    await staffAlert.getByLabel('対応内容').fill('お客様に電話で確認済み');
    await staffAlert.getByRole('button', { name: '解決済みにする' }).click();
    await staffAlert.getByText('解決済み', { exact: true }).waitFor();
    expect(await staffAlert.innerText()).toContain('お客様に電話で確認済み');
    await screenshot(staffPage, 'prepaid-staff');
  });
});
