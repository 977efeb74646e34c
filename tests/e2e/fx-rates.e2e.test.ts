import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStaff, type FixtureUser } from '../support/fixtures.ts';
import { launchBrowser, newPage, screenshot, signInWithMfa, startApp } from './support.ts';

/**
 * 為替レート: a billing operator imports a TTM file and sees which rate each usage month takes
 * (the 3rd, or the day before a holiday); a bad file is refused with its lines; an admin changes the
 * fallback direction and the months follow.
 */
let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let billing: FixtureUser;
let admin: FixtureUser;
let dir: string;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  billing = await seedStaff(app.ctx, 'billing');
  admin = await seedStaff(app.ctx, 'admin');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiko-fx-e2e-'));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function csvFile(name: string, text: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const usageRow = (page: Page, month: string) => page.locator('.usage-month-table tbody tr', { hasText: month });

async function openFxPage(page: Page) {
  await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '為替レート' }).click();
  await page.getByRole('heading', { name: '為替レート', level: 1 }).waitFor();
}

async function importFile(page: Page, file: string) {
  await page.getByLabel('CSV ファイル').setInputFiles(file);
  await page.getByRole('button', { name: '取り込む' }).click();
}

describe('exchange rates', () => {
  it('imports rates, shows the rate of each usage month, refuses a bad file, and follows the rule an admin sets', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, billing);
    await openFxPage(page);
    await page.getByText('この期間のレートはありません。').waitFor();
    // Billing reads the rule but does not change it.
    expect(await page.getByRole('button', { name: '編集' }).count()).toBe(0);
    expect(await page.locator('.details').innerText()).toContain('利用月の翌月3日');

    const rates = csvFile(
      'ttm.csv',
      'date,usd_jpy\n2024-10-31,153.16\n2024-11-01,152.41\n2024-11-05,152.30\n2024-11-29,150.11\n2024-12-02,150.74\n2024-12-03,149.80\n2024-12-27,157.80\n2024-12-30,158.18\n2025-01-06,157.62\n',
    );
    await importFile(page, rates);
    await page.getByText('取り込みました: 追加 9 件、更新 0 件、変更なし 0 件。').waitFor();

    // October's usage: the 3rd (Sunday, 文化の日) and the 2nd (Saturday) have no rate → Friday 11-01.
    const october = usageRow(page, '2024年10月');
    await october.waitFor();
    expect((await october.locator('td').allInnerTexts()).map((s) => s.trim())).toEqual([
      '2024年10月',
      '2024/11/03（日）',
      '2024/11/01（金）',
      '152.41',
      '直近の公表日のレート',
    ]);
    // December's usage: January 3 is a bank holiday → the last December business day.
    expect(await usageRow(page, '2024年12月').innerText()).toContain('2024/12/30（月）');
    expect(await usageRow(page, '2024年11月').innerText()).toContain('換算日のレート');
    expect(await page.locator('.fx-rate-table tbody tr').count()).toBe(9);
    expect(await page.locator('.fx-rate-table tbody tr').first().innerText()).toContain('2025/01/06（月）\t157.62');
    await screenshot(page, 'fx-rates');

    // A bad file: every error with its line, nothing stored.
    await importFile(page, csvFile('bad.csv', 'date,usd_jpy\n2025-01-07,157.90\n2025-01-32,158\n2025-01-08,abc\n'));
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain('取り込めませんでした');
    expect(await alert.innerText()).toContain('line 3, column date: "2025-01-32" is not a date (YYYY-MM-DD)');
    expect(await alert.innerText()).toContain('line 4, column usd_jpy');
    expect(await page.locator('.fx-rate-table tbody tr').count()).toBe(9);
    await screenshot(page, 'fx-rates-refused');
    await page.context().close();

    // The admin turns the fallback to the following day: October's usage now takes Tuesday 11-05.
    const adminPage = await newPage(browser, app.baseUrl);
    await signInWithMfa(adminPage, app.clock, admin);
    await openFxPage(adminPage);
    await adminPage.getByRole('button', { name: '編集' }).click();
    await adminPage.getByLabel('レートが公表されていない日').selectOption('following');
    await screenshot(adminPage, 'fx-rates-rule-edit');
    await adminPage.getByRole('button', { name: '保存' }).click();
    await adminPage.getByText('換算ルールを保存しました。').waitFor();
    expect(await adminPage.locator('.details').innerText()).toContain('直後の公表日のレートを適用');
    await expect.poll(() => usageRow(adminPage, '2024年10月').innerText()).toContain('2024/11/05（火）');
    expect(await usageRow(adminPage, '2024年12月').innerText()).toContain('2025/01/06（月）');

    // The same page in English.
    await adminPage.getByRole('button', { name: 'English' }).click();
    await adminPage.getByRole('heading', { name: 'Exchange rates', level: 1 }).waitFor();
    expect(await usageRow(adminPage, 'October 2024').innerText()).toContain('2024/11/05 Tue');
    await screenshot(adminPage, 'fx-rates-en');
    await adminPage.context().close();
  });
});
