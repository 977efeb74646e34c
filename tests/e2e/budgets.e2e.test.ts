import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, tokyoDateOf } from '../../src/modules/calendar/rules/calendar-date.ts';
import { ingestCostSource } from '../../src/modules/costs/ingest-cost-source.ts';
import { generateSpikedMonth } from '../budgets/spiked-month.ts';
import { seedStaff, seedTenant, type FixtureUser } from '../support/fixtures.ts';
import { launchBrowser, newPage, screenshot, signInWithMfa, startApp } from './support.ts';

/**
 * 予算・アラート and 月次締め: a representative creates a budget in the portal; an ingest of a
 * generated month with a cost spike raises alerts the customer sees; staff open the month-close page.
 */
const ACME_ACCOUNT = '111111111111';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiko-e2e-budgets-'));
let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let tenant: Awaited<ReturnType<typeof seedTenant>>;
let billing: FixtureUser;
let month: string;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  billing = await seedStaff(app.ctx, 'billing');
  tenant = await seedTenant(app.ctx, 'ACME');
  await app.ctx.db
    .insertInto('aws_accounts')
    .values({ account_id: ACME_ACCOUNT, name: 'acme-prod', root_email: 'root@acme.test' })
    .execute();
  await app.ctx.db
    .insertInto('account_assignments')
    .values({ account_id: ACME_ACCOUNT, company_id: tenant.companyId, valid_from: '2026-01-01', valid_to: null })
    .execute();
  // The open month (UTC, as the page shows by default) and a rate published two days ago.
  month = app.clock.now().toISOString().slice(0, 7);
  await app.ctx.db
    .insertInto('fx_rates')
    .values({ rate_date: addDays(tokyoDateOf(app.clock.now()), -2), usd_jpy: '150.00', source: 'MUFG', imported_by: 'e2e' })
    .execute();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('budgets and alerts', () => {
  it('lets a customer set a budget, shows the alerts of an ingest with a spike, and shows staff the month close', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, tenant.representative);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '予算', exact: true }).click();
    await page.getByRole('heading', { name: '予算', level: 1 }).waitFor();
    await page.getByText('予算はまだありません。').waitFor();

    await page.getByLabel('名前').fill('AWS 全体');
    await page.getByLabel('予算（円）').fill('100,000');
    await page.getByLabel('しきい値（%）').fill('80, 100');
    await page.getByRole('button', { name: '作成する' }).click();
    await page.getByText('予算を作成しました。').waitFor();
    const row = page.locator('tr', { hasText: 'AWS 全体' });
    expect(await row.innerText()).toContain('¥100,000');

    // The month's cost reports arrive, with a $5,000 RDS day on the 20th.
    await generateSpikedMonth({
      outDir: dir,
      month,
      accounts: [{ accountId: ACME_ACCOUNT, customer: 'ACME' }],
      spike: { accountId: ACME_ACCOUNT, serviceCode: 'AmazonRDS', date: `${month}-20`, usd: '5000' },
    });
    const [summary] = await ingestCostSource(app.ctx, { actor: { kind: 'system', label: 'e2e' } }, dir);
    expect(summary!.status).toBe('succeeded');

    await page.reload();
    await row.getByText('100%', { exact: true }).waitFor();
    expect(await row.innerText()).toMatch(/¥[\d,]+/);
    await screenshot(page, 'budgets-customer');

    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'アラート' }).click();
    await page.getByRole('heading', { name: 'アラート', level: 1 }).waitFor();
    const spike = page.locator('tr', { hasText: 'Amazon Relational Database Service' }).filter({ hasText: 'コスト急増' });
    await spike.first().waitFor();
    expect(await spike.first().innerText()).toContain(`${month.replace('-', '/')}/20（UTC）`);
    const budgetAlert = page.locator('tr', { hasText: '予算「AWS 全体」' }).filter({ hasText: '100%' });
    await budgetAlert.first().waitFor();
    await screenshot(page, 'budgets-alerts');
    // The overview (home page) lists the open alerts too.
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'コスト概要' }).click();
    const openAlerts = page.getByTestId('open-alerts');
    await openAlerts.locator('tr', { hasText: 'コスト急増' }).first().waitFor();
    await screenshot(page, 'budgets-overview-alerts');
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'アラート' }).click();
    await budgetAlert.first().waitFor();
    // Handling an alert takes it off the open list.
    const before = await page.locator('[data-testid="alerts"] tbody tr').count();
    await budgetAlert.first().getByRole('button', { name: '対応済みにする' }).click();
    await expect.poll(() => page.locator('[data-testid="alerts"] tbody tr').count()).toBe(before - 1);

    const staff = await newPage(browser, app.baseUrl);
    await signInWithMfa(staff, app.clock, billing);
    await staff.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '月次締め' }).click();
    await staff.getByRole('heading', { name: '月次締め', level: 1 }).waitFor();
    await staff.getByLabel('利用月').fill(month);
    const steps = staff.getByTestId('month-close-steps');
    await steps.getByText('999900000001').waitFor();
    expect(await steps.innerText()).toContain('① コストデータの取込（確定版か）');
    expect(await steps.innerText()).toContain('暫定版');
    await screenshot(staff, 'month-close');
  });
});
