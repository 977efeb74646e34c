import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStaff, type FixtureUser } from '../support/fixtures.ts';
import { launchBrowser, newPage, screenshot, signInWithMfa, startApp } from './support.ts';

/**
 * コストデータ: a billing operator ingests a real legacy CUR file from the server's incoming folder,
 * reads its totals and files, and sees why a source outside that folder is refused.
 */
const SAMPLE = path.resolve(import.meta.dirname, '../../../shared/data/external/legacy-cur-focus-converters-sample.csv');
const SAMPLE_FILE = path.basename(SAMPLE);

let incoming: string;
let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let billing: FixtureUser;

beforeAll(async () => {
  incoming = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'daiko-incoming-')));
  fs.mkdirSync(path.join(incoming, '2023-11'));
  fs.copyFileSync(SAMPLE, path.join(incoming, '2023-11', SAMPLE_FILE));
  app = await startApp((config) => ({ ...config, ingestDir: incoming }));
  browser = await launchBrowser();
  billing = await seedStaff(app.ctx, 'billing');
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (incoming) fs.rmSync(incoming, { recursive: true, force: true });
});

/** One ingestion's rows in the list (its main row and its notes row). */
const group = (page: Page, text: string) => page.locator('tbody.cost-group', { hasText: text });

async function startIngest(page: Page, source: string) {
  await page.getByLabel('取込元').fill(source);
  await page.getByRole('button', { name: '取込を開始' }).click();
}

describe('cost data', () => {
  it('ingests a delivery from the incoming folder, shows its totals and files, and refuses a path outside it', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, billing);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'コストデータ' }).click();
    await page.getByRole('heading', { name: 'コストデータ', level: 1 }).waitFor();
    await page.getByText('コストデータはまだ取り込まれていません。').waitFor();

    // An empty source is caught before it is sent.
    await page.getByRole('button', { name: '取込を開始' }).click();
    await page.getByText('取込元を入力してください。').waitFor();

    // The real file, from a folder inside the incoming folder.
    await startIngest(page, path.join(incoming, '2023-11'));
    await page.getByText('取込を受け付けました。').waitFor();
    const delivery = group(page, '2023年11月');
    await delivery.getByText('取込済').waitFor({ timeout: 90_000 });
    const listed = await delivery.innerText();
    for (const text of ['未確定', 'レガシー CUR', '123412340534', '1,281', '使用料', '1.6023086974', '税金 (AWS)', '0.0800000000', billing.email]) expect(listed).toContain(text);
    await screenshot(page, 'cost-data');

    // A row opens its detail: counts, files with their SHA-256, totals by line type.
    await delivery.locator('td.source-col').click();
    await page.getByRole('heading', { name: '2023年11月 のコストデータ' }).waitFor();
    const detailRow = (label: string) => page.locator('.details-row', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
    expect(await detailRow('読み込んだ行数').innerText()).toBe('1,281');
    expect(await detailRow('除外した行数（AWS 以外）').innerText()).toBe('0');
    expect(await detailRow('形式').innerText()).toBe('レガシー CUR');
    expect(await detailRow('ペイヤーアカウント').innerText()).toBe('123412340534');
    expect(await detailRow('確定状況').innerText()).toContain('未確定');
    const usage = page.locator('.totals-table tbody tr', { hasText: 'Usage' });
    expect((await usage.locator('td').allInnerTexts()).map((s) => s.trim())).toEqual(['使用料', 'Usage', '1.6023086974']);
    expect(await page.locator('.totals-table tfoot').innerText()).toContain('1.6823086974');
    const sha256 = createHash('sha256').update(fs.readFileSync(SAMPLE)).digest('hex');
    const file = page.locator('.files-table tbody tr');
    expect(await file.count()).toBe(1);
    expect(await file.innerText()).toContain(SAMPLE_FILE);
    expect(await file.innerText()).toContain(sha256);
    await screenshot(page, 'cost-data-detail');
    const detailUrl = page.url();

    // A local path outside the incoming folder: the server's reason is shown.
    await page.getByRole('link', { name: 'コストデータ', exact: true }).first().click();
    await startIngest(page, '/etc');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain('取込を開始できませんでした');
    expect(await alert.innerText()).toContain(`incoming folder ${incoming}`);
    await screenshot(page, 'cost-data-refused');

    // Inside the folder but not there: accepted, then failed with the reason in full.
    await startIngest(page, path.join(incoming, '2023-12'));
    const failed = group(page, '2023-12');
    await failed.getByText('失敗').waitFor({ timeout: 60_000 });
    expect(await failed.locator('.ingest-error').innerText()).toContain(`No such file or directory: ${path.join(incoming, '2023-12')}`);
    await failed.locator('td.source-col').click();
    await page.getByRole('heading', { name: 'コストデータの取込' }).waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('取込に失敗しました。');
    expect(await page.getByRole('alert').innerText()).toContain('No such file or directory');
    await screenshot(page, 'cost-data-failed-detail');
    await page.getByRole('link', { name: '← コストデータ' }).click();

    // The same delivery again: nothing changes.
    await startIngest(page, path.join(incoming, '2023-11'));
    await page.locator('tbody.cost-group').first().getByText('変更なし').waitFor({ timeout: 60_000 });
    expect(await page.locator('tbody.cost-group').first().innerText()).toContain('2023年11月');

    // A running ingestion shows its progress, and the page follows it to the end without a reload.
    const { id } = await app.ctx.db
      .insertInto('cost_ingestions')
      .values({
        source: 's3://example-cur-exports/cur2/daiko-payer/data',
        status: 'running',
        requested_by: 'admin@reseller.test',
        format: 'cur2',
        payer_account_id: null,
        billing_period: '2026-10',
        assembly_id: '7c3a5f4e-1b2d-4e8f-9a6b-0c1d2e3f4a5b',
        fingerprint: null,
        is_final: null,
        error: null,
        created_at: new Date(Date.now() - 97_000),
        started_at: new Date(Date.now() - 95_000),
        files: JSON.stringify(
          [1, 2].map((n) => ({
            name: `s3://example-cur-exports/cur2/daiko-payer/data/BILLING_PERIOD=2026-10/daiko-payer-0000${n}.snappy.parquet`,
            sha256: createHash('sha256').update(`part ${n}`).digest('hex'),
            bytes: 209_715_200,
          })),
        ),
        finished_at: null,
        progress: JSON.stringify({ rowsRead: 1_843_200, bytesRead: 157_286_400, bytesTotal: 419_430_400 }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // (started elsewhere, e.g. from the CLI: the list learns of it on refresh)
    await page.getByRole('button', { name: '最新の情報に更新' }).click();
    const running = group(page, '2026年10月');
    await running.getByText('取込中').waitFor({ timeout: 10_000 });
    expect(await running.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('37');
    expect(await running.innerText()).toContain('1,843,200 行 読込済');
    expect(await running.innerText()).toContain('150.0 MB / 400.0 MB');
    await screenshot(page, 'cost-data-running');

    // Its detail follows the progress every 2 s, then the outcome.
    await running.locator('td.source-col').click();
    await page.getByRole('heading', { name: '2026年10月 のコストデータ' }).waitFor();
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('37');
    await app.ctx.db
      .updateTable('cost_ingestions')
      .set({ progress: JSON.stringify({ rowsRead: 3_686_400, bytesRead: 314_572_800, bytesTotal: 419_430_400 }) })
      .where('id', '=', id)
      .execute();
    await expect.poll(() => page.getByRole('progressbar').getAttribute('aria-valuenow'), { timeout: 10_000 }).toBe('75');
    expect(await page.locator('main').innerText()).toContain('3,686,400 行 読込済');
    await screenshot(page, 'cost-data-running-detail');
    await app.ctx.db
      .updateTable('cost_ingestions')
      .set({
        status: 'succeeded',
        payer_account_id: '999988887777',
        is_final: true,
        rows_read: 4_915_212,
        fact_count: 48_310,
        totals_by_line_type: JSON.stringify({
          Usage: '1234567.8912345678',
          SavingsPlanCoveredUsage: '210000.5000000000',
          SavingsPlanNegation: '-210000.5000000000',
          SavingsPlanRecurringFee: '180000.0000000000',
          Credit: '-1500.0000000000',
          Tax: '0.0000000000',
        }),
        progress: null,
        finished_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await page.locator('.totals-table').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('progressbar').count()).toBe(0);
    expect(await page.locator('.totals-table tfoot').innerText()).toContain('1,413,067.8912345678');
    await screenshot(page, 'cost-data-final-detail');

    // Back in the list, the same ingestion is shown as done.
    await page.getByRole('link', { name: '← コストデータ' }).click();
    await running.getByText('取込済').waitFor({ timeout: 10_000 });
    expect(await running.innerText()).toContain('1,234,567.8912345678');
    expect(await running.innerText()).toContain('-210,000.5000000000');
    expect(await running.getByRole('progressbar').count()).toBe(0);
    await screenshot(page, 'cost-data-list');

    // The same pages in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Cost data', level: 1 }).waitFor();
    await group(page, 'November 2023').getByText('Ingested').waitFor();
    await screenshot(page, 'cost-data-en');
    await page.goto(detailUrl);
    await page.getByRole('heading', { name: 'Cost data for November 2023' }).waitFor();
    await page.getByRole('cell', { name: 'Usage', exact: true }).first().waitFor();
    await screenshot(page, 'cost-data-detail-en');
    await page.context().close();
  });
});
