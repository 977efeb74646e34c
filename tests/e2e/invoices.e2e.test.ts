import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignAccount } from '../../src/modules/accounts/assign-account.ts';
import { registerAwsAccount } from '../../src/modules/accounts/register-aws-account.ts';
import { seedDemoIssuer } from '../../src/modules/invoicing/demo-issuer.ts';
import type { Caller } from '../../src/platform/context.ts';
import { costFact, storeCostFacts } from '../support/cost-facts.ts';
import { seedStaff, seedTenant, type FixtureUser } from '../support/fixtures.ts';
import { insertInvoice } from '../support/invoice-fixtures.ts';
import { launchBrowser, newPage, screenshot, signInWithMfa, startApp } from './support.ts';

/**
 * 請求書: a billing operator drafts October 2024 (first refused for a missing FX rate, then drafted),
 * reviews the draft's lines and rates, and finalizes it; the customer then sees the issued invoice
 * in the portal and downloads its PDF.
 */
const PAYER = '900000000000';
const ACCOUNT = '100000000001';
const STRANGER = '999999999999';
const operator: Caller = { actor: { kind: 'system', label: 'e2e' }, ip: null };

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let billing: FixtureUser;
let tenant: Awaited<ReturnType<typeof seedTenant>>;

async function rate(date: string, usdJpy: string) {
  await app.ctx.db.insertInto('fx_rates').values({ rate_date: date, usd_jpy: usdJpy, source: 'MUFG', imported_by: 'e2e' }).execute();
}

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  billing = await seedStaff(app.ctx, 'billing');
  tenant = await seedTenant(app.ctx, 'ALPHA');
  await app.ctx.db.transaction().execute((tx) => seedDemoIssuer(tx, app.ctx.now()));
  await registerAwsAccount(app.ctx, operator, { accountId: ACCOUNT, name: 'alpha-prod', rootEmail: null });
  await assignAccount(app.ctx, operator, { accountId: ACCOUNT, companyId: tenant.companyId, validFrom: '2024-01-01', validTo: null });
  await storeCostFacts(
    app.ctx,
    [
      costFact(PAYER, ACCOUNT, '2024-10-05', '100'),
      costFact(PAYER, ACCOUNT, '2024-10-07', '1000', { lineItemType: 'Fee', billType: 'Purchase' }),
      costFact(PAYER, STRANGER, '2024-10-05', '7'),
    ],
    { fingerprint: 'oct-v1', isFinal: true },
  );
  // October's usage converts at Nov 3 (Sunday, 文化の日) → Fri Nov 1; the purchase on Oct 7 has no rate yet.
  await rate('2024-11-01', '152.10');
  // September, already issued: ¥150,000 + ¥15,000 tax.
  await insertInvoice(app.ctx.db, {
    companyId: tenant.companyId,
    month: '2024-09',
    number: '202410-00001',
    subtotalJpy: 150_000n,
    taxJpy: 15_000n,
    issueDate: '2024-10-04',
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('invoices', () => {
  let invoiceNumber = '';

  it('drafts the month in the console, shows a draft for review, and finalizes it', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, billing);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '請求書' }).click();
    await page.getByRole('heading', { name: '請求書', level: 1 }).waitFor();
    await page.getByLabel('請求月').fill('2024-10');
    await page.getByRole('heading', { name: '2024年10月 の請求書' }).waitFor();
    await page.getByText('この月の請求書はまだありません。').waitFor();
    expect(await page.getByRole('button', { name: '確定', exact: true }).isDisabled()).toBe(true);

    // A missing purchase-date rate refuses the whole run, naming the date.
    await page.getByRole('button', { name: '請求書を作成（下書き）' }).click();
    const refusal = page.getByRole('alert');
    await expect.poll(() => refusal.innerText()).toContain('請求書を作成できませんでした。');
    expect(await refusal.innerText()).toContain('2024-10-07');
    await screenshot(page, 'invoices-run-refused');

    await rate('2024-10-07', '148.00');
    await page.getByRole('button', { name: '請求書を作成（下書き）' }).click();
    await page.getByText('下書きを 1 件作成しました。').waitFor();
    expect(await page.locator('.run-unassigned').innerText()).toContain(`${STRANGER}: USD 7`);
    // 100 × 152.10 = 15,210 + 1,000 × 148.00 = 148,000 → 163,210; tax 16,321; total 179,531.
    // Against September's 165,000: +14,531.
    const row = page.locator('.invoice-table tbody tr', { hasText: 'ALPHA' });
    await row.getByText('下書き').waitFor();
    expect((await row.locator('td').allInnerTexts()).map((s) => s.trim())).toEqual([
      'ALPHA',
      'ALPHA 株式会社',
      '下書き',
      '—',
      '¥163,210',
      '¥16,321',
      '¥179,531',
      '+¥14,531',
      '',
    ]);
    await screenshot(page, 'invoices-drafted');

    // The draft's detail: lines by section, each with its rate; the usage rate is marked as taken from Nov 1.
    await row.getByRole('link', { name: 'ALPHA' }).click();
    await page.getByRole('heading', { name: 'ALPHA 株式会社 2024年10月 の請求書' }).waitFor();
    const detailRow = (label: string) =>
      page.locator('.details-row', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
    expect(await detailRow('請求書番号').innerText()).toBe('確定時に付番');
    expect(await detailRow('合計').innerText()).toBe('¥179,531');
    const cells = async (section: string) =>
      (
        await page
          .locator('.card', { has: page.getByRole('heading', { name: section }) })
          .locator('tbody tr td')
          .allInnerTexts()
      ).map((c) => c.trim());
    expect(await cells('AWS 利用料（従量課金）')).toEqual([
      `${ACCOUNT}\nalpha-prod`,
      expect.stringContaining('Amazon Elastic Compute Cloud'),
      '100.00',
      '0%',
      '152.10\n2024/11/01 MUFG\n指定日 2024/11/03 のレートなし',
      '¥15,210',
    ]);
    expect(await cells('前払い購入（一括前払い）')).toEqual([
      `${ACCOUNT}\nalpha-prod`,
      'Amazon Elastic Compute Cloud\nAmazon Elastic Compute Cloud（2024-10-07 購入）',
      '1,000.00',
      '0%',
      '148.00\n2024/10/07 MUFG',
      '¥148,000',
    ]);
    expect(await page.getByRole('link', { name: 'PDF をダウンロード' }).count()).toBe(0);
    await screenshot(page, 'invoice-draft-detail');

    // Finalize after confirming.
    await page.getByRole('link', { name: '← 請求書' }).click();
    await page.getByRole('button', { name: '確定', exact: true }).click();
    await page.getByRole('alertdialog').getByText('2024年10月 の下書き 1 件を確定します。').waitFor();
    await page.getByRole('button', { name: '確定する' }).click();
    await page.getByText('1 件の請求書を確定しました。').waitFor();
    const finalized = await page.locator('.banner-success', { hasText: '確定しました' }).innerText();
    invoiceNumber = /ALPHA: 請求書番号 (\S+)/.exec(finalized)?.[1] ?? '';
    expect(invoiceNumber).toMatch(/^\d{6}-00001$/);
    await row.getByText('確定', { exact: true }).waitFor();
    expect(await row.innerText()).toContain(invoiceNumber);
    await screenshot(page, 'invoices-finalized');
    await page.context().close();
  });

  it('shows the customer its issued invoices and lets it download the PDF', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, tenant.representative);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '請求書' }).click();
    await page.getByRole('heading', { name: '請求書', level: 1 }).waitFor();
    const rows = page.locator('.invoice-table tbody tr');
    await rows.first().waitFor();
    expect((await rows.allInnerTexts()).map((r) => r.split('\t')[0]!.trim())).toEqual(['2024年10月', '2024年9月']);
    const october = rows.first();
    expect(await october.innerText()).toContain(invoiceNumber);
    expect(await october.innerText()).toContain('¥179,531');
    await screenshot(page, 'portal-invoices');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      october.getByRole('link', { name: 'PDF をダウンロード' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`請求書_${invoiceNumber}.pdf`);
    const bytes = fs.readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');

    await october.getByRole('link', { name: '2024年10月' }).click();
    await page.getByRole('heading', { name: 'ALPHA 株式会社 2024年10月 の請求書' }).waitFor();
    const pdf = await page.context().request.get(
      await page
        .getByRole('link', { name: 'PDF をダウンロード' })
        .getAttribute('href')
        .then((href) => href!),
    );
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.locator('.invoice-lines').first().waitFor();
    await screenshot(page, 'portal-invoice-detail');
    await page.context().close();
  });
  it('lets billing send an issued invoice, record a partial payment, and void another with a credit note', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, billing);
    await page.goto('/invoices?month=2024-10');
    await page.getByRole('heading', { name: '2024年10月 の請求書' }).waitFor();
    await page.locator('tr', { hasText: 'ALPHA' }).getByRole('link', { name: 'ALPHA' }).click();
    await page.getByRole('heading', { name: 'ALPHA 株式会社 2024年10月 の請求書' }).waitFor();
    const receivable = page.locator('.card', { has: page.getByRole('heading', { name: '入金', exact: true }) });
    await receivable.getByText('未送付', { exact: true }).first().waitFor();

    await page.getByRole('button', { name: '請求書を送付' }).click();
    // Once sent, the send button goes and the invoice is unpaid, with its send time.
    await receivable.getByText('未入金', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: '請求書を送付' }).count()).toBe(0);
    expect(await receivable.innerText()).not.toContain('未送付');

    // ¥179,531 billed; ¥100,000 received → partially paid, ¥79,531 still owed.
    await page.getByLabel('入金日').fill('2024-11-29');
    await page.getByLabel('入金額（円）').fill('100,000');
    await page.getByRole('button', { name: '入金を記録' }).click();
    await page.getByText('入金を記録しました。').waitFor();
    await receivable.getByText('一部入金', { exact: true }).waitFor();
    expect(await receivable.locator('[data-testid="payments"]').innerText()).toContain('¥100,000');
    expect(await receivable.innerText()).toContain('¥79,531');
    // A paid invoice cannot be voided: the form is not offered.
    await page.getByText('入金のある請求書は取り消せません。').waitFor();
    await screenshot(page, 'invoice-staff-payments');

    // September (unpaid) is voided with a credit note.
    await page.goto('/invoices?month=2024-09');
    await page.locator('tr', { hasText: 'ALPHA' }).getByRole('link', { name: 'ALPHA' }).click();
    await page.getByRole('heading', { name: 'ALPHA 株式会社 2024年9月 の請求書' }).waitFor();
    await page.getByLabel('取消の理由').fill('請求先の誤り');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '取り消して返還請求書を発行' }).click();
    await page.getByText(/返還請求書 \S+ を発行しました。/).waitFor();
    const voided = await app.ctx.db
      .selectFrom('invoices')
      .select(['status'])
      .where('number', '=', '202410-00001')
      .executeTakeFirstOrThrow();
    expect(voided.status).toBe('void');
    await screenshot(page, 'invoice-staff-voided');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('This invoice has been voided.').waitFor();
    await screenshot(page, 'invoice-staff-voided-en');
    await page.context().close();
  });
});
