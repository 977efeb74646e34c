import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStaff, type FixtureUser } from '../support/fixtures.ts';
import { launchBrowser, newPage, screenshot, signInWithMfa, startApp } from './support.ts';

/** 発行者設定: an admin fills in the issuer particulars (a wrong T-number is caught); a billing operator reads them. */
let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let admin: FixtureUser;
let billing: FixtureUser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  admin = await seedStaff(app.ctx, 'admin');
  billing = await seedStaff(app.ctx, 'billing');
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('issuer settings', () => {
  it('lets an admin save them, checking the registration number', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, admin);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '発行者設定' }).click();
    await page.getByRole('heading', { name: '発行者設定', level: 1 }).waitFor();
    await page.getByText('発行者設定がまだ登録されていません').waitFor();

    await page.getByLabel('名称（法人名）').fill('株式会社ダイコウ');
    await page.getByLabel('登録番号').fill('T8000012050002');
    await page.getByLabel('郵便番号').fill('100-0005');
    await page.getByLabel('住所').fill('東京都千代田区丸の内一丁目1番1号');
    await page.getByLabel('銀行名').fill('みらい銀行');
    await page.getByLabel('支店名').fill('丸の内支店');
    await page.getByLabel('口座番号').fill('1234567');
    await page.getByLabel('口座名義').fill('カ)ダイコウ');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('チェックディジットが正しい必要があります').waitFor();
    await screenshot(page, 'issuer-settings-invalid');

    await page.getByLabel('登録番号').fill('T7000012050002');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('発行者設定を保存しました。').waitFor();
    await page.getByText('例: 202603-00001').waitFor();
    await screenshot(page, 'issuer-settings');
    const saved = await app.ctx.db.selectFrom('issuer_settings').selectAll().executeTakeFirstOrThrow();
    expect(saved).toMatchObject({
      registration_number: 'T7000012050002',
      account_type: '普通',
      invoice_number_format: '{YYYY}{MM}-{SEQ:5}',
    });
  });

  it('shows them read-only to a billing operator', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, billing);
    await page.goto('/issuer-settings');
    await page.getByText('T7000012050002').waitFor();
    expect(await page.getByRole('button', { name: '保存' }).count()).toBe(0);
    await screenshot(page, 'issuer-settings-billing');
  });
});
