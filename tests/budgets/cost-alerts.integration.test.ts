import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCostSource } from '../../src/modules/costs/ingest-cost-source.ts';
import type { Caller } from '../../src/platform/context.ts';
import { seedStaff, seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';
import { generateSpikedMonth } from './spiked-month.ts';

const ACME_ACCOUNT = '111111111111';
const BRAVO_ACCOUNT = '222222222222';
const system: Caller = { actor: { kind: 'system', label: 'test' } };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiko-alerts-'));

let env: Awaited<ReturnType<typeof createTestContext>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let bravo: Awaited<ReturnType<typeof seedTenant>>;

beforeAll(async () => {
  env = await createTestContext();
  // 2026-11-02 10:00 in Japan: October's own rate (the 3rd of November) is not published yet.
  env.clock.advance(Date.parse('2026-11-02T01:00:00Z') - Date.now());
  await seedStaff(env.ctx, 'admin');
  await seedStaff(env.ctx, 'csm');
  acme = await seedTenant(env.ctx, 'ACME');
  bravo = await seedTenant(env.ctx, 'BRAVO');
  for (const [account, companyId] of [
    [ACME_ACCOUNT, acme.companyId],
    [BRAVO_ACCOUNT, bravo.companyId],
  ] as const) {
    await env.ctx.db.insertInto('aws_accounts').values({ account_id: account, name: account, root_email: null }).execute();
    await env.ctx.db
      .insertInto('account_assignments')
      .values({ account_id: account, company_id: companyId, valid_from: '2026-01-01', valid_to: null })
      .execute();
  }
  await env.ctx.db
    .insertInto('fx_rates')
    .values({ rate_date: '2026-10-30', usd_jpy: '151.00', source: 'MUFG', imported_by: 'test' })
    .execute();
  await generateSpikedMonth({
    outDir: dir,
    month: '2026-10',
    accounts: [
      { accountId: ACME_ACCOUNT, customer: 'ACME' },
      { accountId: BRAVO_ACCOUNT, customer: 'BRAVO' },
    ],
    spike: { accountId: ACME_ACCOUNT, serviceCode: 'AmazonRDS', date: '2026-10-20', usd: '5000' },
    chime: { accountId: BRAVO_ACCOUNT, date: '2026-10-15', usd: '12.34' },
  });
});
afterAll(async () => {
  await env.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const alerts = () => env.ctx.db.selectFrom('cost_alerts').selectAll().orderBy('dedupe_key').execute();
const mails = () =>
  env.ctx.db
    .selectFrom('mail_outbox')
    .select(['purpose', 'to_address', 'subject', 'text_body'])
    .where('purpose', 'in', ['cost-alert', 'restricted-service-alert'])
    .orderBy('to_address')
    .execute();

describe('cost alerts after an ingest', () => {
  it('raises the spike and the restricted service, and mails them through the outbox', async () => {
    const [summary] = await ingestCostSource(env.ctx, system, dir);
    expect(summary!.status).toBe('succeeded');

    const raised = await alerts();
    const spike = raised.find((a) => a.kind === 'anomaly' && a.service_code === 'AmazonRDS' && a.usage_date === '2026-10-20');
    expect(spike).toBeDefined();
    expect(spike!.company_id).toBe(acme.companyId);
    // The day holds the generated RDS usage plus the $5,000 line, far above its 14-day median.
    const day = await env.ctx.db
      .selectFrom('cost_facts')
      .select((eb) => eb.fn.sum<string>('unblended_usd').as('usd'))
      .where('usage_account_id', '=', ACME_ACCOUNT)
      .where('service_code', '=', 'AmazonRDS')
      .where('usage_date', '=', '2026-10-20')
      .executeTakeFirstOrThrow();
    expect(new Decimal(spike!.amount_usd).eq(day.usd)).toBe(true);
    expect(new Decimal(spike!.amount_usd).minus(spike!.baseline_usd!).gte(5000)).toBe(true);
    // Yen at the latest published rate (Oct 30, 151.00), rounded half-up once.
    expect(spike!.usd_jpy).toBe('151.00');
    expect(spike!.amount_jpy).toBe(new Decimal(spike!.amount_usd).times(151).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0));

    // Amazon Chime on BRAVO's account: USD 12.34 × 151.00 = 1,863.34 → ¥1,863.
    const restricted = raised.filter((a) => a.kind === 'restricted');
    expect(restricted.map((a) => [a.company_id, a.usage_account_id, a.service_code, a.amount_usd, a.amount_jpy])).toEqual([
      [bravo.companyId, BRAVO_ACCOUNT, 'AmazonChime', '12.34', '1863'],
    ]);

    const sent = await mails();
    const acmeMail = sent.find((m) => m.to_address === 'representative@acme.test');
    expect(acmeMail?.text_body).toContain('コスト急増: Amazon Relational Database Service の 2026/10/20（UTC）');
    expect(sent.find((m) => m.to_address === 'representative@bravo.test')?.text_body).toContain(
      '利用制限サービスの利用: Amazon Chime（アカウント 222222222222、2026年10月）USD 12.34（¥1,863）',
    );
    expect(sent.filter((m) => m.purpose === 'restricted-service-alert').map((m) => m.to_address)).toEqual(['admin@reseller.test']);
    // Members did not subscribe; the CSM is not told.
    expect(sent.map((m) => m.to_address)).not.toContain('member@acme.test');
    expect(sent.map((m) => m.to_address)).not.toContain('csm@reseller.test');
  });

  it('raises nothing twice when the same month is ingested again', async () => {
    const before = { alerts: (await alerts()).length, mails: (await mails()).length };
    const [summary] = await ingestCostSource(env.ctx, system, dir);
    expect(summary!.status).toBe('unchanged');
    expect({ alerts: (await alerts()).length, mails: (await mails()).length }).toEqual(before);
  });
});
