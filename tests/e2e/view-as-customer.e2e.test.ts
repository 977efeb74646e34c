import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/modules/demo/demo-data.ts';
import { seedDemo, type DemoLogin } from '../../src/modules/demo/seed-demo.ts';
import { portalOverview } from '../../src/modules/portal/overview-presenter.ts';
import { launchBrowser, newPage, screenshot, signInWithMfa, startApp } from './support.ts';

/**
 * 顧客として表示: an admin opens a demo customer's company, views its portal read-only (banner, the
 * customer's own numbers, no controls that change anything), moves to the explorer, exits, and finds
 * the opening in the audit log. The customer's own portal is opened beside it as the reference.
 */
const COMPANY = '株式会社サクラ製作所';
let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let logins: DemoLogin[];
let companyId: string;

const login = (email: string) => {
  const l = logins.find((x) => x.email === email)!;
  return { email: l.email, password: DEMO_PASSWORD, totpSecret: l.totpSecret };
};
const yen = (amount: string) => `¥${BigInt(amount).toLocaleString('en-US')}`;
const viewRows = () =>
  app.ctx.db.selectFrom('audit_log').select(['actor_label', 'company_id']).where('action', '=', 'portal.viewed_as_customer').execute();

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  logins = await seedDemo(app.ctx);
  companyId = (await app.ctx.db.selectFrom('companies').select('id').where('code', '=', 'SAKURA').executeTakeFirstOrThrow()).id;
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The names of the buttons in a page's content. */
async function buttons(page: Page) {
  return page.locator('main').getByRole('button').allInnerTexts();
}

describe('view as customer', () => {
  it('shows staff the customer’s portal read-only, once audited, and lets them exit', async () => {
    // The customer's own portal, as the reference: its numbers and the controls a representative has.
    const customer = await newPage(browser, app.baseUrl);
    await signInWithMfa(customer, app.clock, login('rep@sakura.example'));
    await customer.waitForURL('**/costs');
    const customerEstimate = await customer.getByTestId('estimate').innerText();
    await customer.goto('/budgets');
    await customer.getByRole('heading', { name: '予算を作成' }).waitFor();
    await customer.goto('/alerts');
    await customer.getByTestId('alerts').waitFor();
    const customerAlertButtons = await buttons(customer);
    expect(customerAlertButtons).toContain('対応済みにする');
    expect(customerAlertButtons).toContain('止める');

    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, login('admin@daiko.example'));
    await page.waitForURL('**/companies');
    await page.getByRole('link', { name: COMPANY }).click();
    await page.getByRole('heading', { name: COMPANY }).waitFor();
    expect(await viewRows()).toEqual([]);
    await screenshot(page, 'view-as-customer-company');

    await page.getByRole('link', { name: '顧客として表示' }).click();
    await page.waitForURL(`**/staff/companies/${companyId}/portal/costs`);
    const banner = page.getByTestId('view-as-banner');
    expect(await banner.innerText()).toContain(`閲覧専用 — ${COMPANY}として表示中`);

    // The customer's numbers: the overview's estimate, to the yen, as the customer sees it.
    const overview = await portalOverview(app.ctx, { kind: 'system', label: 'e2e' }, companyId);
    expect(overview.estimate.toDateJpy).not.toBeNull();
    const estimate = await page.getByTestId('estimate').innerText();
    expect(estimate).toContain(yen(overview.estimate.toDateJpy!));
    expect(estimate).toBe(customerEstimate);
    await page.getByTestId('top-service').waitFor();
    // SAKURA is a membership customer: its menu has cloudpack+ (once that is known).
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'cloudpack+' }).waitFor();
    const nav = await page.getByRole('navigation', { name: 'メニュー' }).innerText();
    for (const item of ['コスト概要', 'コストエクスプローラー', '予算', 'アラート', '企業情報', '請求書', 'cloudpack+'])
      expect(nav).toContain(item);
    for (const item of ['企業', 'ユーザー管理', '監査ログ', 'お問い合わせ']) expect(nav.split('\n')).not.toContain(item);
    await screenshot(page, 'view-as-customer-overview');

    // Budgets and alerts: the customer's tables, without any control that changes them.
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '予算' }).click();
    await page.waitForURL(`**/staff/companies/${companyId}/portal/budgets`);
    await page.locator('main table').first().waitFor();
    expect(await page.getByRole('heading', { name: '予算を作成' }).count()).toBe(0);
    expect(await buttons(page)).not.toContain('作成する');
    expect(await buttons(page)).not.toContain('編集');
    expect(await page.getByTestId('view-as-banner').isVisible()).toBe(true);
    await screenshot(page, 'view-as-customer-budgets');
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'アラート' }).click();
    await page.getByTestId('alerts').waitFor();
    const alertButtons = await buttons(page);
    for (const control of ['対応済みにする', '止める']) expect(alertButtons).not.toContain(control);
    expect(await page.getByLabel('アラートをメールで受け取る').count()).toBe(0);

    // The explorer, reached from the customer's menu; its links stay inside the view.
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'コストエクスプローラー' }).click();
    await page.waitForURL(`**/staff/companies/${companyId}/portal/costs/explorer**`);
    await page.getByTestId('explorer-chart').waitFor();
    await page.getByTestId('explorer-table').waitFor();
    expect(await page.getByRole('link', { name: 'RI / Savings Plans の利用率' }).getAttribute('href')).toBe(
      `/staff/companies/${companyId}/portal/costs/commitments`,
    );
    expect(await page.getByTestId('view-as-banner').isVisible()).toBe(true);
    await screenshot(page, 'view-as-customer-explorer');

    // Invoices: the issued ones with their documents, the detail within the view.
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '請求書' }).click();
    await page.locator('main table').first().waitFor();
    expect(await page.getByRole('link', { name: 'PDF をダウンロード' }).count()).toBeGreaterThan(0);
    await page.locator('main tbody tr').first().getByRole('link').first().click();
    await page.waitForURL(`**/staff/companies/${companyId}/portal/invoices/*`);
    await page.getByRole('link', { name: 'JP PINT' }).first().waitFor();
    await screenshot(page, 'view-as-customer-invoice');

    // One opening, one audit row, however many pages were seen.
    expect(await viewRows()).toEqual([{ actor_label: 'admin@daiko.example', company_id: companyId }]);

    await page.getByRole('link', { name: '表示を終了' }).click();
    await page.waitForURL(`**/companies/${companyId}`);
    await page.getByRole('heading', { name: COMPANY }).waitFor();
    expect(await page.getByTestId('view-as-banner').count()).toBe(0);

    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '監査ログ' }).click();
    const entry = page.locator('tr', { hasText: 'portal.viewed_as_customer' });
    await entry.waitFor();
    expect(await entry.innerText()).toContain('admin@daiko.example');
    expect(await entry.innerText()).toContain(COMPANY);
    await screenshot(page, 'view-as-customer-audit-log');
  });

  it('is refused to a customer who tries the staff address', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, login('member@sakura.example'));
    await page.goto(`/staff/companies/${companyId}/portal/costs`);
    await page.getByRole('heading', { name: 'ページが見つかりません' }).waitFor();
    expect(await page.getByTestId('view-as-banner').count()).toBe(0);
  });
});
