import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, tokyoDateOf } from '../../src/modules/calendar/rules/calendar-date.ts';
import { fiscalYearOf } from '../../src/modules/membership/rules/rank.ts';
import { assignCsm } from '../../src/modules/optimization/assign-csm.ts';
import { costFact, storeCostFacts } from '../support/cost-facts.ts';
import { seedStaff, seedTenant, type FixtureUser } from '../support/fixtures.ts';
import { apiSession, launchBrowser, newPage, screenshot, signInWithMfa, startApp } from './support.ts';

/**
 * お問い合わせ and クラウド最適化: a member asks a question in the portal, a CSM answers it in the
 * console and the member closes it; the CSM's cost proposal is agreed, implemented and its effect
 * shown as a chart from the cost data; the representative registers a Trusted Advisor role.
 */
let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let tenant: Awaited<ReturnType<typeof seedTenant>>;
let csm: FixtureUser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  csm = await seedStaff(app.ctx, 'csm');
  tenant = await seedTenant(app.ctx, 'ACME');
  const fiscalYear = fiscalYearOf(tokyoDateOf(app.clock.now()));
  await app.ctx.db
    .insertInto('membership_years')
    .values({
      company_id: tenant.companyId,
      fiscal_year: fiscalYear,
      basis_total_jpy: null,
      basis_source: 'none',
      computed_rank: 'GOLD',
      rank: 'GOLD',
      override_reason: null,
      overridden_by: null,
      overridden_at: null,
      csm_user_id: null,
      opened_by: 'e2e',
    })
    .execute();
  await app.ctx.db
    .insertInto('aws_accounts')
    .values({ account_id: '111111111111', name: 'acme-prod', root_email: 'root@acme.test' })
    .execute();
  await app.ctx.db
    .insertInto('account_assignments')
    .values({ account_id: '111111111111', company_id: tenant.companyId, valid_from: '2026-01-01', valid_to: null })
    .execute();
  const ec2 = { '04': '1000', '05': '1100', '06': '1200', '07': '900', '08': '700', '09': '650', '10': '650' };
  await storeCostFacts(
    app.ctx,
    Object.entries(ec2).map(([m, usd]) => costFact('999999999999', '111111111111', `2026-${m}-10`, usd)),
    { fingerprint: 'e2e', isFinal: false },
  );
  const rates = [];
  for (let d = '2026-05-01'; d <= '2026-11-10'; d = addDays(d, 1))
    rates.push({ rate_date: d, usd_jpy: '150.00', source: 'MUFG', imported_by: 'e2e' });
  await app.ctx.db.insertInto('fx_rates').values(rates).execute();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('inquiries and cloud optimization', () => {
  it('carries an inquiry thread between a member and a CSM', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, tenant.member);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'お問い合わせ' }).click();
    await page.getByRole('heading', { name: 'お問い合わせ', level: 1 }).waitFor();
    await page.getByLabel('件名').fill('トレーニングの申込方法');
    await page.getByLabel('カテゴリー').selectOption('training');
    await page.getByLabel('内容').fill('トレーニングサービスはどこから申し込めますか？');
    await page.getByRole('button', { name: '送信する' }).click();
    await page.getByText('お問い合わせを送信しました。').waitFor();
    await page.locator('tr', { hasText: 'トレーニングの申込方法' }).getByText('回答待ち').waitFor();

    const staff = await newPage(browser, app.baseUrl);
    await signInWithMfa(staff, app.clock, csm);
    await staff.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'お問い合わせ' }).click();
    await staff.getByRole('heading', { name: 'お問い合わせ対応', level: 1 }).waitFor();
    await screenshot(staff, 'inquiries-staff-queue');
    await staff.getByRole('link', { name: 'トレーニングの申込方法' }).click();
    await staff.getByLabel('返信').fill('ポータルの「cloudpack+」から申し込めます。');
    await staff.getByRole('button', { name: '送信する' }).click();
    await staff.getByText('ポータルの「cloudpack+」から申し込めます。').waitFor();

    await page.getByRole('link', { name: 'トレーニングの申込方法' }).click();
    await page.getByText('ポータルの「cloudpack+」から申し込めます。').waitFor();
    expect(await page.locator('.thread-message').count()).toBe(2);
    await screenshot(page, 'inquiries-thread');
    await page.getByRole('button', { name: 'クローズする' }).click();
    await page.getByText(/ACME member がクローズしました/).waitFor();
  });

  it('shows a cost proposal agreed with the customer and its measured effect as a chart', async () => {
    await assignCsm(app.ctx, { actor: { kind: 'system', label: 'e2e' } }, { companyId: tenant.companyId, csmUserId: csm.id });
    const csmApi = await apiSession(app.baseUrl, app.clock, csm);
    const proposal = await csmApi.post<{ id: string }>(`/api/companies/${tenant.companyId}/optimization/proposals`, {
      category: 'cost',
      title: 'EC2 のライトサイジング',
      description: 'm5.xlarge を m5.large に変更します。',
      expectedEffect: '月額約6万円の削減',
      expectedSavingJpy: 60000,
      effort: 'small',
      accountIds: ['111111111111'],
      serviceCodes: ['AmazonEC2'],
    });
    await csmApi.post(`/api/optimization-proposals/${proposal.id}/priority`, { priority: 'high' });

    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, tenant.representative);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'クラウド最適化' }).click();
    await page.getByText('Staff csm（兼任）').waitFor();
    await page.getByRole('link', { name: 'EC2 のライトサイジング' }).click();
    await page.getByRole('group', { name: '優先度を設定' }).getByRole('button', { name: '高' }).click();
    await page.getByText('高（representative@acme.test）').waitFor();

    await csmApi.post(`/api/optimization-proposals/${proposal.id}/status`, { status: 'agreed' });
    await csmApi.post(`/api/optimization-proposals/${proposal.id}/status`, { status: 'in_progress' });
    await csmApi.post(`/api/optimization-proposals/${proposal.id}/status`, { status: 'implemented', changeDate: '2026-07-15' });
    await page.reload();
    await page.getByRole('heading', { name: '効果測定' }).waitFor();
    // Before ¥165,000, after ¥100,000 a month (see tests/optimization/optimization.api.test.ts).
    await page.getByText('¥65,000（39.4%）').waitFor();
    expect(await page.locator('.recharts-bar-rectangle').count()).toBe(7);
    await screenshot(page, 'optimization-proposal');
  });

  it('lets the representative register a Trusted Advisor role and read the checks', async () => {
    const page = await newPage(browser, app.baseUrl);
    await signInWithMfa(page, app.clock, tenant.representative);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'Trusted Advisor' }).click();
    await page.getByText('"sts:ExternalId"').waitFor();
    await page.getByLabel('ロール ARN').fill('arn:aws:iam::123456789012:role/DaikoTrustedAdvisor');
    await page.getByRole('button', { name: '登録する' }).click();
    await page.getByRole('cell', { name: 'ルートアカウントの MFA', exact: true }).first().waitFor();
    await page.getByRole('button', { name: '詳細: セキュリティグループ - 特定ポートへの無制限アクセス' }).click();
    await page.getByRole('cell', { name: 'bastion-sg', exact: true }).waitFor();
    await screenshot(page, 'trusted-advisor');
  });
});
