import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStaff, seedTenant, type FixtureUser } from '../support/fixtures.ts';
import { launchBrowser, newPage, screenshot, signInWithMfa, startApp } from './support.ts';

/** The staff console: an admin registers a company and sees it in the audit log; the role decides the menu. */
let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let admin: FixtureUser;
let billing: FixtureUser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  admin = await seedStaff(app.ctx, 'admin');
  billing = await seedStaff(app.ctx, 'billing');
  await seedTenant(app.ctx, 'ACME');
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('staff console', () => {
  it('lets an admin create a company, its representative and an account, and shows it in the audit log', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, admin, 'staff-mfa-challenge');
    await page.waitForURL('**/companies');
    await page.getByRole('link', { name: 'ACME 株式会社' }).waitFor();
    const nav = await page.getByRole('navigation', { name: 'メニュー' }).innerText();
    for (const item of ['企業', 'AWSアカウント', 'コストデータ', 'スタッフユーザー', '監査ログ', '送信メール']) expect(nav).toContain(item);
    await screenshot(page, 'staff-companies');

    await page.getByRole('link', { name: '企業を登録' }).click();
    await page.getByRole('button', { name: '登録する' }).click();
    await expect.poll(() => page.getByText('企業コードを入力してください。').isVisible()).toBe(true);
    await page.getByLabel('企業名（カナ）').fill('ひらがな');
    await page.getByRole('button', { name: '登録する' }).click();
    await expect.poll(() => page.getByText('全角カタカナで入力してください。').isVisible()).toBe(true);
    await screenshot(page, 'company-new-validation');
    await page.getByLabel('企業コード').fill('KAIUN');
    await page.getByRole('textbox', { name: '企業名', exact: true }).fill('海運システムズ株式会社');
    await page.getByLabel('企業名（カナ）').fill('カイウンシステムズ');
    await page.getByLabel('請求書送付先メールアドレス').fill('seikyu@kaiun.test');
    await page.getByLabel('請求書の宛名').fill('海運システムズ株式会社 経理部');
    await page.getByLabel('郵送先住所').fill('〒231-0001\n神奈川県横浜市中区新港1-1');
    await page.getByLabel('振込依頼人名（カナ）').fill('ｶｲｳﾝｼｽﾃﾑｽﾞ(ｶ');
    await screenshot(page, 'company-new');
    await page.getByRole('button', { name: '登録する' }).click();

    await page.getByRole('heading', { name: '海運システムズ株式会社' }).waitFor();
    expect(await page.getByRole('status').innerText()).toContain('企業を登録しました。');
    expect(await page.locator('main').innerText()).toContain('この企業には代表者が登録されていません。');
    await screenshot(page, 'staff-company-detail');

    // Contract data: an exclusion makes the company not eligible for the membership.
    await page.getByRole('button', { name: '編集' }).click();
    await page.getByLabel('公的機関').check();
    await screenshot(page, 'staff-company-edit');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('契約情報を保存しました。').waitFor();
    expect(await page.locator('.details').first().innerText()).toContain('公的機関');

    // The first representative.
    await page.getByRole('link', { name: '代表者を登録' }).click();
    expect(await page.getByLabel('権限').inputValue()).toBe('representative');
    await page.getByLabel('氏名').fill('海野 太郎');
    await page.getByLabel('メールアドレス').fill('taro.umino@kaiun.test');
    await screenshot(page, 'staff-representative-new');
    await page.getByRole('button', { name: '登録して仮パスワードを送信' }).click();
    await page.getByRole('heading', { name: '海野 太郎' }).waitFor();
    await page.getByRole('link', { name: '企業の詳細' }).click();
    await page.getByRole('link', { name: '海野 太郎' }).waitFor();

    // An AWS account for it, then a second window that overlaps: the conflict is shown.
    await page.getByRole('link', { name: 'AWSアカウント', exact: true }).click();
    await page.getByRole('link', { name: 'AWSアカウントを登録' }).click();
    await page.getByLabel('AWSアカウントID').fill('12345');
    await page.getByRole('button', { name: '登録する' }).click();
    await expect.poll(() => page.getByText('AWSアカウントIDは12桁の数字です。').isVisible()).toBe(true);
    await page.getByLabel('AWSアカウントID').fill('210987654321');
    await page.getByLabel('アカウント名').fill('kaiun-production');
    await page.getByLabel('請求先企業').selectOption({ label: 'KAIUN — 海運システムズ株式会社' });
    await page.getByLabel('開始日').fill('2026-04-01');
    await screenshot(page, 'aws-account-new');
    await page.getByRole('button', { name: '登録する' }).click();
    await page.getByRole('heading', { name: 'kaiun-production' }).waitFor();
    await page.getByText('2026/04/01 〜 継続中').waitFor();
    await page.getByLabel('請求先企業').selectOption({ label: 'ACME — ACME 株式会社' });
    await page.getByLabel('開始日').fill('2026-05-01');
    await page.getByRole('button', { name: '期間を追加' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('期間がこのアカウントの既存の期間と重なっています');
    await screenshot(page, 'aws-account-overlap');
    // End the first window on 2026/04/30, then ACME from 2026/05/01 fits.
    await page.getByRole('button', { name: '期間を終了' }).click();
    await page.getByLabel('最終日').first().fill('2026-04-30');
    await page.getByRole('button', { name: '終了する' }).click();
    await page.getByText('期間を終了しました。').waitFor();
    await page.getByText('2026/04/01 〜 2026/04/30').waitFor();
    await page.getByRole('button', { name: '期間を追加' }).click();
    await page.getByText('請求先の期間を追加しました。').waitFor();
    await page.getByText('2026/05/01 〜 継続中').waitFor();
    await screenshot(page, 'aws-account-detail');
    await page.getByRole('link', { name: 'AWSアカウント', exact: true }).click();
    await page.getByRole('link', { name: '210987654321' }).waitFor();
    await screenshot(page, 'aws-accounts');

    // The audit log shows the company's creation with its data.
    await page.getByRole('link', { name: '監査ログ' }).click();
    await page.getByRole('heading', { name: '監査ログ' }).waitFor();
    const row = page.locator('tr', { hasText: '企業登録' }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('海運システムズ株式会社');
    expect(await row.innerText()).toContain(admin.email);
    await screenshot(page, 'audit-log');

    await page.getByRole('link', { name: '送信メール' }).click();
    await page.getByRole('button', { name: /ポータルのアカウントを発行しました/ }).first().click();
    await page.getByText('仮パスワード:').first().waitFor();
    await screenshot(page, 'outbox');

    await page.getByRole('link', { name: 'スタッフユーザー' }).click();
    await page.getByRole('link', { name: 'Staff billing' }).waitFor();
    await screenshot(page, 'staff-users');
    await page.getByRole('link', { name: 'スタッフを追加' }).click();
    await page.getByLabel('氏名').fill('高橋 美咲');
    await page.getByLabel('メールアドレス').fill('misaki.takahashi@reseller.test');
    await page.getByLabel('権限').selectOption('csm');
    await screenshot(page, 'staff-user-new');
    await page.getByRole('button', { name: '登録して仮パスワードを送信' }).click();
    await page.getByRole('heading', { name: '高橋 美咲' }).waitFor();

    // A few pages in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Companies' }).click();
    await page.getByRole('heading', { name: 'Companies' }).waitFor();
    await screenshot(page, 'staff-companies-en');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.locator('tr', { hasText: 'Company registered' }).first().waitFor();
    await screenshot(page, 'audit-log-en');
    await page.getByRole('link', { name: 'AWS accounts' }).click();
    await page.getByRole('link', { name: '210987654321' }).click();
    await page.getByRole('heading', { name: 'kaiun-production' }).waitFor();
    await screenshot(page, 'aws-account-detail-en');
    await page.context().close();
  });

  it('shows a billing operator only the pages billing can use', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, billing);
    await page.waitForURL('**/companies');
    const nav = await page.getByRole('navigation', { name: 'メニュー' }).innerText();
    expect(nav.split('\n').map((s) => s.trim()).filter(Boolean)).toEqual([
      '企業',
      'AWSアカウント',
      'コストデータ',
      '為替レート',
      '請求書',
      '大口前払い購入',
      'お問い合わせ',
      '月次締め',
      '送信メール',
      '発行者設定',
    ]);
    expect(await page.getByRole('link', { name: '企業を登録' }).count()).toBe(0);
    await page.getByRole('link', { name: 'ACME 株式会社' }).click();
    await page.getByRole('heading', { name: 'ACME 株式会社' }).waitFor();
    expect(await page.getByRole('button', { name: '編集' }).count()).toBe(0);
    await screenshot(page, 'billing-company-detail');
    await page.goto('/audit-log');
    await page.getByRole('heading', { name: 'ページが見つかりません' }).waitFor();
    await page.context().close();
  });
});
