import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokyoDateOf } from '../../src/modules/calendar/rules/calendar-date.ts';
import { openInquiry } from '../../src/modules/inquiries/open-inquiry.ts';
import { importYearlyTotals } from '../../src/modules/membership/import-yearly-totals.ts';
import { basisYearOf, fiscalYearOf } from '../../src/modules/membership/rules/rank.ts';
import { runAprilFirst } from '../../src/modules/membership/run-april-first.ts';
import { seedStaff, seedTenant, type FixtureUser } from '../support/fixtures.ts';
import { launchBrowser, newPage, screenshot, signInWithMfa, startApp } from './support.ts';

/**
 * cloudpack+: a representative applies for a Lite service on one AWS account, exchanges messages
 * with the CSM, who moves the work along and uploads the report; the representative reads it and
 * sees the ticket history.
 */
let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let tenant: Awaited<ReturnType<typeof seedTenant>>;
let csm: FixtureUser;
let admin: FixtureUser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  csm = await seedStaff(app.ctx, 'csm');
  admin = await seedStaff(app.ctx, 'admin');
  tenant = await seedTenant(app.ctx, 'ACME');
  await app.ctx.db
    .insertInto('aws_accounts')
    .values({ account_id: '111111111111', name: 'acme-prod', root_email: 'root@acme.test' })
    .execute();
  await app.ctx.db
    .insertInto('account_assignments')
    .values({ account_id: '111111111111', company_id: tenant.companyId, valid_from: '2024-01-01', valid_to: null })
    .execute();
  const fiscalYear = fiscalYearOf(tokyoDateOf(app.clock.now()));
  const cli = { actor: { kind: 'system' as const, label: 'e2e' } };
  // ¥30,250,000 last calendar year → GOLD → 15 tickets.
  await importYearlyTotals(app.ctx, cli, { rows: [{ companyCode: 'ACME', calendarYear: basisYearOf(fiscalYear), totalJpy: '30250000' }] });
  await runAprilFirst(app.ctx, cli, { fiscalYear });
  await app.ctx.db.updateTable('membership_years').set({ csm_user_id: csm.id }).where('company_id', '=', tenant.companyId).execute();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('cloudpack+', () => {
  it('takes an application for a Lite service, keeps the thread with the CSM, and shows the report and the tickets', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, tenant.representative);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'cloudpack+' }).click();
    await page.getByRole('heading', { name: 'cloudpack+', level: 1 }).waitFor();
    await page.getByTestId('ticket-balance').getByText('15 枚').waitFor();
    expect(await page.locator('main').innerText()).toContain('Staff csm');

    await page.getByLabel('サービス').selectOption('cost-consulting-lite');
    await page.getByLabel('AWSアカウント').selectOption('111111111111');
    await page.getByLabel('ご要望・備考').fill('本番アカウントのEC2とRDSを中心に見てください');
    await page.getByRole('button', { name: '申し込む', exact: true }).click();
    await page.getByText('お申し込みを受け付けました。').waitFor();
    await page.getByTestId('ticket-balance').getByText('10 枚').waitFor();
    await page.locator('tr', { hasText: '111111111111' }).getByRole('link', { name: '開く' }).click();
    await page.getByRole('heading', { name: 'コスト最適化コンサルティングLite', level: 1 }).waitFor();
    await page.getByLabel('メッセージ').fill('打ち合わせは来週火曜の午後でお願いします。');
    await page.getByRole('button', { name: '送信' }).click();
    await page.getByText('打ち合わせは来週火曜の午後でお願いします。').waitFor();

    const staff = await newPage(browser, app.baseUrl);
    await signInWithMfa(staff, app.clock, csm);
    await staff.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'cloudpack+' }).click();
    await staff.getByRole('heading', { name: 'cloudpack+ 管理', level: 1 }).waitFor();
    await screenshot(staff, 'membership-staff-overview');
    await staff.locator('tr', { hasText: 'コスト最適化コンサルティングLite' }).getByRole('link', { name: '開く' }).click();
    await staff.getByText('打ち合わせは来週火曜の午後でお願いします。').waitFor();
    for (const [to, label] of [
      ['scheduling', '日程調整中'],
      ['in_progress', '実施中'],
    ] as const) {
      await staff.getByLabel('状態', { exact: true }).selectOption(to);
      await staff.getByRole('button', { name: '状態を変更' }).click();
      await staff.locator('.thread').getByText(label).waitFor();
    }
    await staff.getByLabel('メッセージ').fill('診断結果のレポートをお送りします。');
    await staff
      .locator('input[type=file]')
      .setInputFiles({ name: 'コスト最適化レポート.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\nreport\n%%EOF\n') });
    await staff.getByLabel('レポートとして送る').check();
    await staff.getByRole('button', { name: '送信' }).click();
    await staff.getByRole('link', { name: 'コスト最適化レポート.pdf' }).waitFor();
    await staff.getByLabel('状態', { exact: true }).selectOption('reported');
    await staff.getByRole('button', { name: '状態を変更' }).click();
    await staff.locator('.thread').getByText('報告済み').waitFor();
    await screenshot(staff, 'membership-staff-application');

    await page.reload();
    await page.getByRole('link', { name: 'コスト最適化レポート.pdf' }).waitFor();
    await page.getByText('診断結果のレポートをお送りします。').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'コスト最適化レポート.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('コスト最適化レポート.pdf');
    await screenshot(page, 'membership-customer-application');

    await page.getByRole('link', { name: 'cloudpack+ に戻る' }).click();
    const history = page.getByTestId('ticket-history');
    await history.waitFor();
    const rows = await history.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/利用\s+-5\s+10\s+コスト最適化コンサルティングLite/);
    expect(rows[1]).toMatch(/付与\s+\+15\s+15\s+GOLDランク \d{4}年度分/);
    await screenshot(page, 'membership-customer');

    // The CSM's e-mails went through the outbox.
    const mails = await app.ctx.db
      .selectFrom('mail_outbox')
      .select('subject')
      .where('to_address', '=', tenant.representative.email)
      .where('purpose', 'like', 'membership-%')
      .execute();
    expect(mails.map((m) => m.subject)).toContain('【Daiko】レポートが届きました: コスト最適化コンサルティングLite');
  });

  it('lets an admin edit a service in the catalog; the representative\u2019s application form shows the new cost', async () => {
    const representative = {
      kind: 'customer' as const,
      userId: tenant.representative.id,
      email: tenant.representative.email,
      role: 'representative' as const,
      companyId: tenant.companyId,
    };
    await openInquiry(
      app.ctx,
      { actor: representative },
      { companyId: tenant.companyId, subject: 'チケットの有効期限', category: 'membership', body: '繰り越せますか？' },
    );
    const staff = await newPage(browser, app.baseUrl);
    await signInWithMfa(staff, app.clock, admin);
    await staff.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'cloudpack+' }).click();
    await staff.getByRole('heading', { name: 'サービスカタログ' }).waitFor();
    // The overview counts the inquiry waiting for staff.
    expect(await staff.getByTestId('inquiries-waiting').innerText()).toMatch(/^1件/);
    await staff.getByRole('button', { name: '編集 セキュリティコンサルティングLite' }).click();
    const form = staff.getByRole('form', { name: '編集 セキュリティコンサルティングLite' });
    await form.getByLabel('必要チケット').fill('0');
    await form.getByRole('button', { name: '保存' }).click();
    await form.getByText('1〜100の整数で入力してください。').waitFor();
    await form.getByLabel('必要チケット').fill('7');
    await form.getByLabel('最短開始（営業日）').fill('3');
    await form.getByLabel('お客様が作業開始前にキャンセルできる（チケット返却）').uncheck();
    await screenshot(staff, 'membership-staff-catalog-editor');
    await form.getByRole('button', { name: '保存' }).click();
    await staff.getByText('「セキュリティコンサルティングLite」を保存しました。').waitFor();
    const row = staff.locator('tr', { hasText: 'セキュリティコンサルティングLite' });
    expect(await row.innerText()).toMatch(/7\s+REGULAR\s+1アカウント\s+上限なし\s+3営業日後\s+提供中\s+キャンセル不可/);
    // The training menu: retire one item.
    await staff.getByRole('button', { name: '編集 サーバーレス入門(ハンズオン)' }).click();
    await staff.getByLabel('提供中（外すとメニューから外れます。申込済みのものはそのまま）').uncheck();
    await staff.getByRole('form', { name: '編集 サーバーレス入門(ハンズオン)' }).getByRole('button', { name: '保存' }).click();
    await staff.locator('tr', { hasText: 'サーバーレス入門(ハンズオン)' }).getByText('終了').waitFor();
    await screenshot(staff, 'membership-staff-catalog');
    const audit = await app.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_label'])
      .where('entity_id', '=', 'security-consulting-lite')
      .execute();
    expect(audit).toEqual([{ action: 'membership.catalog.updated', actor_label: admin.email }]);

    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, tenant.representative);
    await page.goto('/membership');
    await page.getByRole('heading', { name: 'オプションサービスに申し込む' }).waitFor();
    const options = await page.getByLabel('サービス').locator('option').allInnerTexts();
    expect(options).toContain('セキュリティコンサルティングLite（7枚）');
    await page.getByLabel('サービス').selectOption('security-consulting-lite');
    await page.getByLabel('AWSアカウント').selectOption('111111111111');
    await page.getByRole('button', { name: '申し込む', exact: true }).click();
    await page.getByText('お申し込みを受け付けました。').waitFor();
    await page.getByTestId('ticket-balance').getByText('3 枚').waitFor();
    expect(await page.getByTestId('ticket-history').locator('tbody tr').first().innerText()).toMatch(
      /利用\s+-7\s+3\s+セキュリティコンサルティングLite/,
    );
  });
});
