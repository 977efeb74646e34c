import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/identity/rules/totp.ts';
import { seedStaff } from '../support/fixtures.ts';
import { apiSession, launchBrowser, newPage, screenshot, signInWithMfa, startApp, temporaryPasswordFor } from './support.ts';

/**
 * The scenario: a new representative's first sign-in (forced password change, MFA
 * enrolment), creating a member, and the member's first sign-in without the right to manage users.
 */
let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let companyId: string;
const REP_EMAIL = 'hanako.sato@sample-shoji.test';
const MEMBER_EMAIL = 'ichiro.suzuki@sample-shoji.test';
const REP_PASSWORD = 'sakura hanabi yukata 2026';
const MEMBER_PASSWORD = 'momiji ginkgo autumn 2026';
let repSecret = '';

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  const admin = await seedStaff(app.ctx, 'admin');
  const api = await apiSession(app.baseUrl, app.clock, admin);
  const company = await api.post<{ id: string }>('/api/companies', {
    code: 'SAMPLE',
    name: 'サンプル商事株式会社',
    nameKana: 'サンプルショウジ',
    billingAgency: true,
    billingEmail: 'keiri@sample-shoji.test',
    invoiceAddressee: 'サンプル商事株式会社 経理部',
    postalAddress: '〒100-0005\n東京都千代田区丸の内1-1-1',
    payerKanaNames: ['ｻﾝﾌﾟﾙｼﾖｳｼﾞ(ｶ'],
  });
  companyId = company.id;
  await api.post('/api/aws-accounts', { accountId: '123456789012', name: 'sample-production', rootEmail: 'aws-prod@sample-shoji.test', companyId, validFrom: '2026-04-01' });
  await api.post(`/api/companies/${companyId}/users`, { email: REP_EMAIL, name: '佐藤 花子', role: 'representative', locale: 'ja' });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Password change and MFA enrolment of a first sign-in; returns the TOTP secret read from the page. */
async function firstSignIn(page: Page, email: string, newPassword: string, prefix: string) {
  const temporary = await temporaryPasswordFor(app.ctx, email);
  await page.goto('/');
  await page.waitForURL('**/sign-in');
  if (prefix === 'rep') await screenshot(page, 'sign-in');
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(temporary);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();

  await page.waitForURL('**/sign-in/password');
  await expect.poll(() => page.getByText('12文字以上、128文字以内').isVisible()).toBe(true);
  await page.getByLabel('現在のパスワード（仮パスワード）').fill(temporary);
  if (prefix === 'rep') {
    await page.getByLabel('新しいパスワード', { exact: true }).fill('short');
    await page.getByLabel('新しいパスワード（確認）').fill('short');
    await page.getByRole('button', { name: 'パスワードを変更して次へ' }).click();
    await expect.poll(() => page.getByText('パスワードの条件を満たしていません。').isVisible()).toBe(true);
    await screenshot(page, 'password-change-invalid');
  }
  await page.getByLabel('新しいパスワード', { exact: true }).fill(newPassword);
  await page.getByLabel('新しいパスワード（確認）').fill(newPassword);
  await screenshot(page, `${prefix}-password-change`);
  await page.getByRole('button', { name: 'パスワードを変更して次へ' }).click();

  await page.waitForURL('**/sign-in/mfa-setup');
  const key = page.getByTestId('mfa-secret');
  await key.waitFor();
  await expect.poll(() => page.locator('.qr img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  const secret = (await key.innerText()).replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await screenshot(page, `${prefix}-mfa-enrol`);
  if (prefix === 'rep') {
    await page.getByLabel('確認コード').fill('000000');
    await page.getByRole('button', { name: '設定を完了する' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('確認コードが正しくありません');
    await screenshot(page, 'mfa-enrol-wrong-code');
  }
  await page.getByLabel('確認コード').fill(totpCodeAt(secret, app.clock.now()));
  await page.getByRole('button', { name: '設定を完了する' }).click();

  await page.getByRole('heading', { name: 'リカバリーコードの保存' }).waitFor();
  await expect.poll(() => page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
  const proceed = page.getByRole('button', { name: '続ける' });
  expect(await proceed.isDisabled()).toBe(true);
  await screenshot(page, `${prefix}-recovery-codes`);
  await page.getByLabel('リカバリーコードを安全な場所に保存しました').check();
  await proceed.click();
  // A customer's home page is the cost overview; the users page is one click away.
  await page.waitForURL('**/costs');
  await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'ユーザー管理' }).click();
  await page.waitForURL('**/users');
  return secret;
}

describe('a new representative and the member they add', () => {
  it('walks the representative through the first sign-in and lets them add a member', async () => {
    const page = await newPage(browser, app.baseUrl);
    repSecret = await firstSignIn(page, REP_EMAIL, REP_PASSWORD, 'rep');

    await page.getByRole('heading', { name: 'ユーザー管理' }).waitFor();
    const nav = await page.getByRole('navigation', { name: 'メニュー' }).innerText();
    expect(nav).toContain('ユーザー管理');
    expect(nav).toContain('企業情報');
    expect(nav).not.toContain('監査ログ');
    expect(await page.locator('.topbar').innerText()).toContain('代表者');
    await screenshot(page, 'users-representative');

    await page.getByRole('link', { name: 'ユーザーを追加' }).click();
    await page.waitForURL('**/users/new');
    await page.getByRole('button', { name: '登録して仮パスワードを送信' }).click();
    await expect.poll(() => page.getByText('氏名を入力してください。').isVisible()).toBe(true);
    await page.getByLabel('メールアドレス').fill('not-an-address');
    await page.getByRole('button', { name: '登録して仮パスワードを送信' }).click();
    await expect.poll(() => page.getByText('メールアドレスの形式が正しくありません').isVisible()).toBe(true);
    await screenshot(page, 'user-new-validation');
    await page.getByLabel('氏名').fill('鈴木 一郎');
    await page.getByLabel('メールアドレス').fill(MEMBER_EMAIL);
    await page.getByLabel('権限').selectOption('member');
    await screenshot(page, 'user-new');
    await page.getByRole('button', { name: '登録して仮パスワードを送信' }).click();
    await page.getByRole('heading', { name: '鈴木 一郎' }).waitFor();
    expect(await page.getByRole('status').innerText()).toContain(`仮パスワードを ${MEMBER_EMAIL} 宛にメールで送信しました`);
    await screenshot(page, 'user-created');

    // The only representative cannot make themself a member: the API's refusal is shown.
    await page.getByRole('link', { name: 'ユーザー管理', exact: true }).click();
    await page.getByRole('link', { name: '佐藤 花子' }).click();
    await page.getByRole('button', { name: '編集' }).click();
    await page.getByLabel('権限').selectOption('member');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('企業には代表者が少なくとも1人必要です');
    await screenshot(page, 'last-representative-error');
    await page.getByRole('button', { name: 'キャンセル' }).click();

    await page.getByRole('link', { name: '企業情報' }).click();
    await page.getByRole('heading', { name: 'サンプル商事株式会社' }).waitFor();
    await page.getByText('123456789012').waitFor();
    expect(await page.locator('main').innerText()).toContain('2026/04/01 〜 継続中');
    await screenshot(page, 'company-customer');

    // A few pages in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Company', exact: true }).waitFor();
    await screenshot(page, 'company-customer-en');
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await screenshot(page, 'users-representative-en');
    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('heading', { name: 'ユーザー管理' }).waitFor();

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL('**/sign-in');
    expect(await page.context().cookies()).not.toContainEqual(expect.objectContaining({ name: 'daiko_session' }));
    await page.context().close();
  });

  it('lets the member sign in for the first time, see users, and not create any', async () => {
    const page = await newPage(browser, app.baseUrl);
    await firstSignIn(page, MEMBER_EMAIL, MEMBER_PASSWORD, 'member');
    await page.getByRole('heading', { name: 'ユーザー管理' }).waitFor();
    await page.getByRole('link', { name: '佐藤 花子' }).waitFor();
    expect(await page.getByRole('link', { name: 'ユーザーを追加' }).count()).toBe(0);
    expect(await page.getByText('ユーザーの追加・変更・削除は代表者のみが行えます。').isVisible()).toBe(true);
    expect(await page.locator('.topbar').innerText()).toContain('メンバー');
    await screenshot(page, 'users-member');

    await page.getByRole('link', { name: '佐藤 花子' }).click();
    await page.getByRole('heading', { name: '佐藤 花子' }).waitFor();
    expect(await page.getByRole('button', { name: '編集' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '削除' }).count()).toBe(0);
    await screenshot(page, 'user-detail-member');

    await page.goto('/users/new');
    await page.getByRole('heading', { name: 'ページが見つかりません' }).waitFor();
    await screenshot(page, 'not-found-member');

    // The API refuses too, whatever the page shows.
    const status = await page.evaluate(async (id) => {
      const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
      const response = await fetch(`/api/companies/${id}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ email: 'someone@sample-shoji.test', name: '誰か', role: 'member', locale: 'ja' }),
      });
      return response.status;
    }, companyId);
    expect(status).toBe(403);
    await page.context().close();
  });

  it('asks the representative for a code at the next sign-in, and deletes the member', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, { email: REP_EMAIL, password: REP_PASSWORD, totpSecret: repSecret }, 'mfa-challenge');
    await page.waitForURL('**/costs');
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'ユーザー管理' }).click();
    await page.waitForURL('**/users');
    await page.getByRole('link', { name: '鈴木 一郎' }).click();
    await page.getByRole('button', { name: '削除' }).click();
    await screenshot(page, 'user-delete-confirm');
    await page.getByRole('button', { name: '削除する' }).click();
    await page.waitForURL('**/users');
    expect(await page.getByRole('status').innerText()).toContain('ユーザーを削除しました。');
    await expect.poll(() => page.getByRole('link', { name: '鈴木 一郎' }).count()).toBe(0);
    await screenshot(page, 'user-deleted');
    await page.context().close();
  });

  it('shows the recovery-code form and a wrong password clearly', async () => {
    const page = await newPage(browser, app.baseUrl);
    await page.goto('/sign-in');
    await page.getByLabel('メールアドレス').fill(REP_EMAIL);
    await page.getByLabel('パスワード').fill('not the password at all');
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('メールアドレスまたはパスワードが正しくありません。');
    await screenshot(page, 'sign-in-error');
    await page.getByLabel('パスワード').fill(REP_PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.waitForURL('**/sign-in/mfa');
    await page.getByRole('button', { name: '認証アプリを使えない場合（リカバリーコードを使う）' }).click();
    await page.getByLabel('リカバリーコード').waitFor();
    await screenshot(page, 'mfa-recovery');
    await page.context().close();
  });
});
