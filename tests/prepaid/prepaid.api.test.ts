import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestServer } from '../support/api.ts';
import { PASSWORD, seedStaff, seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let bravo: Awaited<ReturnType<typeof seedTenant>>;
let representative: ApiClient;
let member: ApiClient;
let bravoRepresentative: ApiClient;
let csm: ApiClient;

beforeAll(async () => {
  env = await createTestContext();
  // 2026-10-01 10:00 in Japan.
  env.clock.advance(Date.parse('2026-10-01T01:00:00Z') - Date.now());
  server = await startTestServer(env.ctx);
  acme = await seedTenant(env.ctx, 'ACME');
  bravo = await seedTenant(env.ctx, 'BRAVO');
  const signIn = (u: { email: string; totpSecret: string }) => new ApiClient(server, env.clock).signIn(u.email, PASSWORD, u.totpSecret);
  await seedStaff(env.ctx, 'admin');
  csm = await signIn(await seedStaff(env.ctx, 'csm'));
  representative = await signIn(acme.representative);
  member = await signIn(acme.member);
  bravoRepresentative = await signIn(bravo.representative);
});
afterAll(async () => {
  await server.close();
  await env.close();
});

describe('prepaid notices over HTTP', () => {
  it('lets a representative file, staff acknowledge and resolve, and keeps tenants apart', async () => {
    const url = `/api/companies/${acme.companyId}/prepaid-notices`;
    const body = { purchaseType: 'SavingsPlan', expectedUsd: '36792.50', expectedDate: '2026-10-20', note: '1年 全額前払い' };
    expect((await member.post(url, body)).statusCode).toBe(403);
    expect((await bravoRepresentative.post(url, body)).statusCode).toBe(403);
    expect((await representative.post(url, { ...body, expectedUsd: '1.234' })).statusCode).toBe(400);
    expect((await representative.post(url, { ...body, expectedDate: '2026-09-30' })).statusCode).toBe(400);

    const filed = await representative.post(url, body);
    expect(filed.statusCode).toBe(200);
    expect(filed.json()).toMatchObject({ companyCode: 'ACME', purchaseType: 'SavingsPlan', expectedUsd: '36792.50', expectedDate: '2026-10-20', status: 'filed', filedBy: 'representative@acme.test' });
    const noticeId = filed.json().id as string;

    // Members read their company's notices; another tenant gets nothing.
    const listed = await member.get(url);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().notices.map((n: { id: string }) => n.id)).toEqual([noticeId]);
    expect((await bravoRepresentative.get(url)).statusCode).toBe(404);
    expect((await bravoRepresentative.post(`/api/prepaid-notices/${noticeId}/withdraw`)).statusCode).toBe(404);
    expect((await representative.get('/api/prepaid-notices')).statusCode).toBe(403);

    expect((await representative.post(`/api/prepaid-notices/${noticeId}/acknowledge`)).statusCode).toBe(403);
    const acknowledged = await csm.post(`/api/prepaid-notices/${noticeId}/acknowledge`);
    expect(acknowledged.statusCode).toBe(200);
    expect(acknowledged.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'csm@reseller.test' });
    expect((await csm.post(`/api/prepaid-notices/${noticeId}/acknowledge`)).statusCode).toBe(409);
    // The customer sees that it was acknowledged, not by whom.
    expect((await member.get(url)).json().notices[0]).toMatchObject({ status: 'acknowledged', acknowledgedBy: null });
    const ackMail = await env.ctx.db.selectFrom('mail_outbox').select(['to_address', 'subject']).where('purpose', '=', 'prepaid-notice-acknowledged').execute();
    expect(ackMail).toEqual([{ to_address: 'representative@acme.test', subject: '【Daiko】大口前払い購入の事前連絡を受領しました' }]);

    expect((await representative.post(`/api/prepaid-notices/${noticeId}/withdraw`)).json()).toMatchObject({ status: 'withdrawn' });
    expect((await representative.post(`/api/prepaid-notices/${noticeId}/withdraw`)).statusCode).toBe(409);

    // An alert (as the check after an ingest records it), resolved by staff with a note.
    const { id: alertId } = await env.ctx.db
      .insertInto('prepaid_purchases')
      .values({ payer_account_id: '999999999999', usage_account_id: '111111111111', purchase_date: '2026-10-20', service_code: 'ComputeSavingsPlans', service_name: 'Savings Plans', purchase_type: 'SavingsPlan', commitment_arn: 'arn:sp', amount_usd: '36792', amount_jpy: 5_518_800n, usd_jpy: '150.00', rate_date: '2026-10-20', rate_source: 'MUFG', company_id: acme.companyId, notice_id: null, alert_status: 'open', resolved_by: null, resolved_at: null, resolution_note: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await member.get(url)).json().purchases).toMatchObject([{ id: alertId, status: 'open', amountJpy: 5_518_800, amountUsd: '36792' }]);
    expect((await representative.post(`/api/prepaid-alerts/${alertId}/resolve`, { note: 'x' })).statusCode).toBe(403);
    expect((await csm.post(`/api/prepaid-alerts/${alertId}/resolve`, { note: ' ' })).statusCode).toBe(400);
    const resolved = await csm.post(`/api/prepaid-alerts/${alertId}/resolve`, { note: '電話で確認済み' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolvedBy: 'csm@reseller.test', resolutionNote: '電話で確認済み' });

    const all = (await csm.get('/api/prepaid-notices')).json();
    expect(all.notices).toMatchObject([{ id: noticeId, status: 'withdrawn' }]);
    expect(all.purchases).toMatchObject([{ id: alertId, status: 'resolved', companyCode: 'ACME' }]);
  });
});
