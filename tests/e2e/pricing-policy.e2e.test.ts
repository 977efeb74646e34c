import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextMonth, previousMonth } from '../../src/modules/calendar/rules/calendar-date.ts';
import { seedStaff, seedTenant, type FixtureUser } from '../support/fixtures.ts';
import { launchBrowser, newPage, screenshot, signInWithMfa, startApp } from './support.ts';

/**
 * 料金ポリシー: an admin sees that a billing-agency company is billed with the default policy, adds
 * a version (markups, a discount passed on, custom lines), sees it in force and in the history, and
 * is refused a version that would re-price a month already invoiced. A CSM only reads.
 */
let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let admin: FixtureUser;
let csm: FixtureUser;
let tenant: Awaited<ReturnType<typeof seedTenant>>;
// The page works in the current billing (UTC) month; the test follows the calendar it runs on.
const current = new Date().toISOString().slice(0, 7);
const label = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5))}月`;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  admin = await seedStaff(app.ctx, 'admin');
  csm = await seedStaff(app.ctx, 'csm');
  tenant = await seedTenant(app.ctx, 'ACME');
  // Last month's invoice is finalized: no version may re-price it.
  await app.ctx.db
    .insertInto('invoices')
    .values({
      company_id: tenant.companyId,
      billing_month: previousMonth(current),
      kind: 'invoice',
      status: 'finalized',
      number: 'INV-00001',
      subtotal_jpy: '100000',
      tax_jpy: '10000',
      total_jpy: '110000',
      tax_rounding: 'down',
      billed_usd: '700',
      unblended_usd: '700',
      differences: '{}',
      cost_versions: '[]',
      created_by: 'test',
    })
    .execute();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const section = (page: Page, title: string) => page.locator('section.card', { has: page.getByRole('heading', { name: title, level: 2 }) });
const detail = async (scope: ReturnType<typeof section>, term: string) =>
  (await scope.locator('.details-row', { hasText: term }).first().locator('dd').innerText()).trim();

describe('pricing policy', () => {
  it('adds a version, shows it in force and in the history, refuses an invoiced month', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, admin);
    await page.goto(`/companies/${tenant.companyId}`);
    const card = section(page, '料金ポリシー');
    await card.getByText('既定のポリシー').waitFor();
    expect(await card.innerText()).toContain(`${label(current)}の請求に適用:`);
    expect(await detail(card, '還元する割引')).toBe('なし（当社のマージン）');
    expect(await detail(card, '消費税の端数処理')).toBe('切り捨て');
    await screenshot(page, 'pricing-company-section');

    await card.getByRole('link', { name: '料金ポリシーを表示' }).click();
    await page.getByRole('heading', { name: '料金ポリシー', level: 1 }).waitFor();
    await page.getByText('版はまだ登録されていません。').waitFor();
    const form = section(page, '新しい版を追加');
    expect(await form.getByLabel('適用開始月').inputValue()).toBe(current);
    expect(await form.getByText(`確定済みの最終請求月（${label(previousMonth(current))}）`).count()).toBe(1);

    // A wrong percent is named next to its field, and nothing is sent.
    await form.getByLabel('上乗せ率（全体）').fill('5割');
    await form.getByRole('button', { name: '版を追加' }).click();
    await form.getByText('−100〜999 の数値を、小数4桁までで入力してください（例: 5、-2.5）。').waitFor();
    await form.getByLabel('上乗せ率（全体）').fill('5');
    expect(await form.locator('.field-error').count()).toBe(0);

    await form.getByRole('button', { name: 'サービスを追加' }).click();
    await form.getByLabel('サービスコード').fill('AmazonEC2');
    await form.getByLabel('上乗せ率', { exact: true }).fill('8');
    await form.getByLabel('請求元 AWS Marketplace').fill('0');
    await form.getByLabel('EDP 割引').check();
    await form.getByRole('button', { name: '個別明細を追加' }).click();
    const first = form.locator('.pricing-line').nth(0);
    await first.getByLabel('内容').fill('運用代行費');
    await first.getByLabel('金額（円）').fill('50,000');
    await form.getByRole('button', { name: '個別明細を追加' }).click();
    const second = form.locator('.pricing-line').nth(1);
    await second.getByLabel('内容').fill('初期設定費');
    await second.getByLabel('種類').selectOption('percent');
    await second.getByLabel(/^料率/).fill('2');
    await second.getByLabel('請求の頻度').selectOption('one-off');
    await form.getByLabel('メモ（変更の理由）').fill('年間契約の更新');
    await screenshot(page, 'pricing-policy-form');
    await form.getByRole('button', { name: '版を追加' }).click();
    await page.getByText(`第1版（${label(current)}から適用）を追加しました。`).waitFor();

    const inForce = section(page, '適用中のポリシー');
    await inForce.locator('.badge', { hasText: '第1版' }).waitFor();
    expect(await detail(inForce, '還元する割引')).toBe('EDP 割引');
    expect(await detail(inForce, '上乗せ率（全体）')).toBe('+5%');
    expect(await detail(inForce, '上乗せ率（請求元別）')).toBe('AWS Marketplace ±0%');
    expect(await detail(inForce, '上乗せ率（サービス別）')).toBe('AmazonEC2 +8%');
    expect((await detail(inForce, '個別明細')).split('\n')).toEqual([
      `運用代行費 50,000円（${label(current)}から毎月）`,
      `初期設定費 AWS 利用料小計の +2%（${label(current)}のみ）`,
    ]);
    const history = section(page, '版の履歴');
    const row = history.locator('tbody tr').first();
    expect(await row.innerText()).toContain('今月適用中');
    expect(await row.innerText()).toContain('全体 +5% / サービス別 1件 / 請求元別 1件 / 還元: EDP 割引 / 個別明細 2件');
    expect(await row.innerText()).toContain('年間契約の更新');
    expect(await row.innerText()).toContain('admin@reseller.test');
    // Last month is still billed with the default policy.
    await inForce.getByLabel('請求月').fill(previousMonth(current));
    await inForce.getByText('既定のポリシー').waitFor();
    await inForce.getByLabel('請求月').fill(current);
    await inForce.locator('.badge', { hasText: '第1版' }).waitFor();
    await screenshot(page, 'pricing-policy');

    // The finalized month is refused; the form keeps what was typed.
    await form.getByLabel('適用開始月').fill(previousMonth(current));
    await form.getByLabel('上乗せ率（全体）').fill('7');
    await form.getByRole('button', { name: '版を追加' }).click();
    await form.getByRole('alert').getByText('請求書を確定済みの月の請求額を変えてしまうため追加できません').waitFor();
    expect(await history.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'pricing-policy-refused');

    // Next month: version 1 of that month, the history grows, this month still has version 1 of now.
    await form.getByLabel('適用開始月').fill(nextMonth(current));
    await form.getByRole('button', { name: '版を追加' }).click();
    await page.getByText(`第1版（${label(nextMonth(current))}から適用）を追加しました。`).waitFor();
    expect(await history.locator('tbody tr').count()).toBe(2);
    await history.getByRole('button', { name: '詳細' }).first().click();
    expect(await detail(history, '上乗せ率（全体）')).toBe('+7%');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Pricing policy', level: 1 }).waitFor();
    expect(await section(page, 'Versions').locator('tbody tr').last().innerText()).toContain(
      'global +5% / 1 by service / 1 by billing entity',
    );
    await screenshot(page, 'pricing-policy-en');
    await page.context().close();
  });

  it('lets a CSM read the policy but not add a version', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, csm);
    await page.goto(`/companies/${tenant.companyId}/pricing`);
    await section(page, '版の履歴').locator('tbody tr').first().waitFor();
    expect(await page.getByRole('heading', { name: '新しい版を追加' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'この内容で新しい版を作成' }).count()).toBe(0);
    await page.context().close();
  });
});
