import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIssuer } from '../../src/modules/invoicing/demo-issuer.ts';
import { addDays } from '../../src/modules/calendar/rules/calendar-date.ts';
import type { CostFact } from '../../src/modules/costs/line-model.ts';
import { costFact, storeCostFacts } from '../support/cost-facts.ts';
import { seedTenant } from '../support/fixtures.ts';
import { insertAccount, insertIssuedInvoice } from '../portal/portal-fixtures.ts';
import { launchBrowser, newPage, screenshot, signInWithMfa, startApp } from './support.ts';

/**
 * コスト: a customer signs in and lands on the cost overview, opens the explorer, changes the
 * grouping and the range (the URL follows), downloads the table as CSV, then downloads an invoice PDF.
 */
const PAYER = '900000000000';
const PROD = '100000000001';
const DEV = '100000000002';
const SERVICES = [
  { serviceCode: 'AmazonEC2', serviceName: 'Amazon Elastic Compute Cloud', usageType: 'APN1-BoxUsage:m5.large', base: 42 },
  { serviceCode: 'AmazonRDS', serviceName: 'Amazon Relational Database Service', usageType: 'APN1-InstanceUsage:db.r6g.large', base: 25 },
  { serviceCode: 'AmazonS3', serviceName: 'Amazon Simple Storage Service', usageType: 'APN1-TimedStorage-ByteHrs', base: 9 },
  { serviceCode: 'AWSDataTransfer', serviceName: 'AWS Data Transfer', usageType: 'APN1-DataTransfer-Out-Bytes', base: 6 },
];

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let tenant: Awaited<ReturnType<typeof seedTenant>>;
let today: string;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  tenant = await seedTenant(app.ctx, 'ALPHA');
  await app.ctx.db.transaction().execute((tx) => seedDemoIssuer(tx, app.ctx.now()));
  await insertAccount(app.ctx.db, PROD, 'alpha-prod', [{ companyId: tenant.companyId, from: '2025-01-01', to: null }]);
  await insertAccount(app.ctx.db, DEV, 'alpha-dev', [{ companyId: tenant.companyId, from: '2025-01-01', to: null }]);
  // Three months of daily costs up to yesterday (UTC), two accounts, four services; data transfer jumps on the 15th of last month.
  today = app.ctx.now().toISOString().slice(0, 10);
  const lastMonth = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
  const start = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 3, 1)).toISOString().slice(0, 10);
  const facts: CostFact[] = [];
  for (let day = start, i = 0; day < today; day = addDays(day, 1), i++) {
    for (const [a, account] of [PROD, DEV].entries()) {
      for (const s of SERVICES) {
        const spike = s.serviceCode === 'AWSDataTransfer' && day === `${lastMonth}-15` ? 8 : 1;
        const usd = (s.base * (a === 0 ? 1 : 0.35) * (1 + (i % 7) / 20) * spike).toFixed(2);
        facts.push(costFact(PAYER, account, day, usd, { serviceCode: s.serviceCode, serviceName: s.serviceName, usageType: s.usageType }));
      }
    }
  }
  await storeCostFacts(app.ctx, facts, { fingerprint: 'portal-e2e', isFinal: false });
  // user:Environment as an ingest stores it: prod's lines are prod, dev's EC2 is dev, the rest of dev untagged.
  await app.ctx.db
    .insertInto('cost_tag_facts')
    .values(
      facts.map((f) => ({
        payer_account_id: f.payerAccountId,
        billing_period: f.billingPeriod,
        usage_account_id: f.usageAccountId,
        usage_date: f.usageDate,
        service_code: f.serviceCode,
        service_name: f.serviceName,
        region: f.region,
        usage_type: f.usageType,
        line_item_type: f.lineItemType,
        billing_entity: f.billingEntity,
        tag_key: 'user:Environment',
        tag_value: f.usageAccountId === PROD ? 'prod' : f.serviceCode === 'AmazonEC2' ? 'dev' : '',
        unblended_usd: f.unblendedUsd,
        list_usd: f.listUsd,
        amortized_usd: f.amortizedUsd,
        line_count: f.lineCount,
      })),
    )
    .execute();
  await app.ctx.db
    .insertInto('fx_rates')
    .values({ rate_date: addDays(today, -3), usd_jpy: '151.20', source: 'MUFG', imported_by: 'e2e' })
    .execute();
  await insertIssuedInvoice(app.ctx.db, {
    companyId: tenant.companyId,
    month: lastMonth,
    number: 'ALPHA-0001',
    // One line per account × service, as the invoice run writes them: the month's USD at 152.00.
    lines: [PROD, DEV].flatMap((account) =>
      SERVICES.map((s) => {
        const usd = facts
          .filter((f) => f.usageAccountId === account && f.serviceCode === s.serviceCode && f.billingPeriod === lastMonth)
          .reduce((sum, f) => sum + Math.round(Number(f.unblendedUsd) * 100), 0);
        return {
          accountId: account,
          serviceCode: s.serviceCode,
          jpy: BigInt(Math.round((usd * 152) / 100)),
          source: {
            usageAccountId: account,
            serviceCode: s.serviceCode,
            billingEntity: 'AWS',
            section: 'usage',
            lineItemTypes: ['Usage'],
            factCount: 31,
          },
        };
      }),
    ),
    taxJpy: 60_000n,
    dueDate: addDays(today, 10),
    sent: true,
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('customer cost portal', () => {
  it('shows the overview, the explorer with its URL query, a CSV and an invoice PDF', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, tenant.member);
    // The cost overview is the customer's home page.
    await page.waitForURL('**/costs');
    await page.getByRole('heading', { name: 'コスト概要', level: 1 }).waitFor();
    await page.getByTestId('estimate').getByText('見込み').waitFor();
    expect(await page.getByTestId('estimate').innerText()).toMatch(/¥[\d,]+/);
    expect(await page.getByTestId('top-service').innerText()).toContain('Amazon Elastic Compute Cloud');
    expect(await page.getByTestId('unpaid').innerText()).toContain('ALPHA-0001');
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'portal-overview');

    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'コストエクスプローラー' }).click();
    await page.getByRole('heading', { name: 'コストエクスプローラー', level: 1 }).waitFor();
    await page.getByTestId('explorer-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'portal-explorer-service-daily');

    await page.getByLabel('グループ').selectOption('account');
    await page.getByRole('button', { name: '過去30日' }).click();
    await page.waitForURL((url) => url.searchParams.get('groupBy') === 'account' && url.searchParams.get('from') === addDays(today, -29));
    await expect.poll(() => page.getByTestId('explorer-table').innerText()).toContain('alpha-dev');
    await screenshot(page, 'portal-explorer-account-30days');

    // The URL holds the whole query: reloading it shows the same view.
    await page.reload();
    expect(await page.getByLabel('グループ').inputValue()).toBe('account');
    const table = await page.getByTestId('explorer-table').innerText();
    expect(table).toContain('alpha-prod');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV をダウンロード' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^costs-account-daily-.*-JPY\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0]).toMatch(/^アカウント,key,/);
    expect(lines.some((l) => l.startsWith('alpha-prod (100000000001),100000000001,'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^合計,,/);
    // The CSV's total is the screen's.
    const total = lines.at(-1)!.split(',').at(-1)!;
    expect(await page.getByTestId('explorer-table').locator('tfoot').innerText()).toContain(`¥${Number(total).toLocaleString('en-US')}`);

    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '請求書' }).click();
    await page.getByText('ALPHA-0001').waitFor();
    expect(await page.locator('table').innerText()).toContain('送付済み');
    await screenshot(page, 'portal-invoices');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'PDF' }).first().click()]);
    expect(
      fs
        .readFileSync((await pdf.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await page.context().close();
  });

  it('groups the explorer by a cost-allocation tag and filters on its values', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, tenant.member);
    await page.waitForURL('**/costs');
    await page.goto(`${app.baseUrl}/costs/explorer?granularity=monthly&currency=JPY`);
    await page.getByTestId('explorer-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByLabel('グループ').selectOption('tag:user:Environment');
    await page.waitForURL((url) => url.searchParams.get('groupBy') === 'tag' && url.searchParams.get('tagKey') === 'user:Environment');
    await expect.poll(() => page.getByTestId('explorer-table').innerText()).toContain('(タグなし)');
    const table = await page.getByTestId('explorer-table').innerText();
    expect(table).toContain('コスト配分タグ: user:Environment');
    expect(table).toContain('prod');
    expect(table).toContain('dev');
    await screenshot(page, 'portal-explorer-tag');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV をダウンロード' }).click()]);
    const lines = fs
      .readFileSync((await download.path())!, 'utf8')
      .slice(1)
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^コスト配分タグ: user:Environment,key,/);
    expect(lines.some((l) => l.startsWith('(タグなし),(untagged),'))).toBe(true);

    // A value chip filters; the URL keeps it, so the view reloads as it was.
    await page.getByTestId('tag-filters').getByRole('button', { name: 'prod' }).click();
    await page.waitForURL((url) => url.searchParams.get('tag') === 'prod');
    await expect.poll(() => page.getByTestId('explorer-table').innerText()).not.toContain('(タグなし)');
    await page.reload();
    expect(await page.getByTestId('tag-filters').getByRole('button', { name: 'prod' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'portal-explorer-tag-prod');
    await page.context().close();
  });
});
