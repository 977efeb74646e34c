import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/modules/calendar/rules/calendar-date.ts';
import { ApiClient, startTestServer } from '../support/api.ts';
import { costFact, storeCostFacts } from '../support/cost-facts.ts';
import { PASSWORD, seedStaff, seedTenant, type FixtureUser } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let bravo: Awaited<ReturnType<typeof seedTenant>>;
let plat: Awaited<ReturnType<typeof seedTenant>>;
let csmUser: FixtureUser;
let csm2User: FixtureUser;
const signIn = (u: { email: string; totpSecret: string }) => new ApiClient(server, env.clock).signIn(u.email, PASSWORD, u.totpSecret);

beforeAll(async () => {
  env = await createTestContext();
  // 2026-11-20 11:00 JST: fiscal year 2026; October is the last complete month.
  env.clock.advance(Date.parse('2026-11-20T02:00:00Z') - Date.now());
  server = await startTestServer(env.ctx);
  acme = await seedTenant(env.ctx, 'ACME');
  bravo = await seedTenant(env.ctx, 'BRAVO');
  plat = await seedTenant(env.ctx, 'PLAT');
  await seedStaff(env.ctx, 'admin');
  csmUser = await seedStaff(env.ctx, 'csm');
  csm2User = await seedStaff(env.ctx, 'csm', 'csm2@reseller.test');
  const year = (companyId: string, rank: 'PLATINUM' | 'GOLD' | 'BRONZE') => ({
    company_id: companyId,
    fiscal_year: 2026,
    basis_total_jpy: null,
    basis_source: 'none' as const,
    computed_rank: rank,
    rank,
    override_reason: null,
    overridden_by: null,
    overridden_at: null,
    csm_user_id: null,
    opened_by: 'test',
  });
  await env.ctx.db
    .insertInto('membership_years')
    .values([year(acme.companyId, 'GOLD'), year(bravo.companyId, 'BRONZE'), year(plat.companyId, 'PLATINUM')])
    .execute();
  await env.ctx.db
    .insertInto('aws_accounts')
    .values([
      { account_id: '111111111111', name: 'acme-prod', root_email: 'root@acme.test' },
      { account_id: '222222222222', name: 'acme-dev', root_email: 'dev@acme.test' },
    ])
    .execute();
  await env.ctx.db
    .insertInto('account_assignments')
    .values([
      { account_id: '111111111111', company_id: acme.companyId, valid_from: '2026-01-01', valid_to: null },
      { account_id: '222222222222', company_id: acme.companyId, valid_from: '2026-01-01', valid_to: null },
    ])
    .execute();
  // EC2 of acme-prod per month (USD): Apr 1000, May 1100, Jun 1200 | Jul 900 | Aug 700, Sep 650, Oct 650.
  // S3, another account and tax are outside the proposal's scope.
  const ec2 = { '04': '1000', '05': '1100', '06': '1200', '07': '900', '08': '700', '09': '650', '10': '650' };
  await storeCostFacts(
    env.ctx,
    Object.entries(ec2).flatMap(([m, usd]) => [
      costFact('999999999999', '111111111111', `2026-${m}-10`, usd),
      costFact('999999999999', '111111111111', `2026-${m}-10`, '50', {
        serviceCode: 'AmazonS3',
        serviceName: 'Amazon S3',
        usageType: 'TimedStorage',
      }),
      costFact('999999999999', '222222222222', `2026-${m}-10`, '300'),
      costFact('999999999999', '111111111111', `2026-${m}-28`, '100', { lineItemType: 'Tax', usageType: 'Tax' }),
    ]),
    { fingerprint: 'opt', isFinal: false },
  );
  // USD/JPY 150.00 every day: each month's usage rate (the 3rd of the next month) is there.
  const rates = [];
  for (let d = '2026-05-01'; d <= '2026-11-10'; d = addDays(d, 1))
    rates.push({ rate_date: d, usd_jpy: '150.00', source: 'MUFG', imported_by: 'test' });
  await env.ctx.db.insertInto('fx_rates').values(rates).execute();
});
afterAll(async () => {
  await server.close();
  await env.close();
});

describe('cloud optimization service over HTTP', () => {
  it('lets an admin assign a shared CSM, the CSM propose, both agree a priority, and measures the cost effect', async () => {
    const admin = await signIn({
      email: 'admin@reseller.test',
      totpSecret: (
        await env.ctx.db.selectFrom('users').select('mfa_secret').where('email', '=', 'admin@reseller.test').executeTakeFirstOrThrow()
      ).mfa_secret!,
    });
    const csm = await signIn(csmUser);
    const representative = await signIn(acme.representative);
    const member = await signIn(acme.member);
    const bravoRep = await signIn(bravo.representative);
    const url = `/api/companies/${acme.companyId}/optimization`;

    // Only admins assign; a CSM user is required.
    expect((await csm.call('PUT', `${url}/csm`, { csmUserId: csmUser.id })).statusCode).toBe(403);
    expect((await representative.call('PUT', `${url}/csm`, { csmUserId: csmUser.id })).statusCode).toBe(403);
    expect((await admin.call('PUT', `${url}/csm`, { csmUserId: acme.member.id })).statusCode).toBe(400);
    const assigned = await admin.call('PUT', `${url}/csm`, { csmUserId: csmUser.id });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ rank: 'GOLD', csmKind: 'shared', fiscalYear: 2026, csm: { email: 'csm@reseller.test' } });
    // PLATINUM needs a dedicated CSM: csm@ already serves ACME; csm2 is free.
    const platUrl = `/api/companies/${plat.companyId}/optimization/csm`;
    expect((await admin.call('PUT', platUrl, { csmUserId: csmUser.id })).json().error).toBe('csm_not_available');
    expect((await admin.call('PUT', platUrl, { csmUserId: csm2User.id })).json()).toMatchObject({ rank: 'PLATINUM', csmKind: 'dedicated' });
    const workloads = (await csm.get('/api/optimization/csms')).json();
    expect(workloads.csms.map((c: { email: string; companies: { code: string }[] }) => [c.email, c.companies.map((x) => x.code)])).toEqual([
      ['csm2@reseller.test', ['PLAT']],
      ['csm@reseller.test', ['ACME']],
    ]);
    // BRONZE gets no optimization service.
    expect((await admin.call('PUT', `/api/companies/${bravo.companyId}/optimization/csm`, { csmUserId: csmUser.id })).json().error).toBe(
      'optimization_not_offered',
    );
    expect((await bravoRep.get(`/api/companies/${bravo.companyId}/optimization`)).statusCode).toBe(403);

    // The assigned CSM proposes; another CSM may not.
    const body = {
      category: 'cost',
      title: 'EC2 のライトサイジング',
      description: 'm5.xlarge を m5.large に変更します。',
      expectedEffect: '月額約6万円の削減',
      expectedSavingJpy: 60000,
      effort: 'small',
      accountIds: ['111111111111'],
      serviceCodes: ['AmazonEC2'],
    };
    expect((await (await signIn(csm2User)).post(`${url}/proposals`, body)).statusCode).toBe(403);
    expect((await csm.post(`${url}/proposals`, { ...body, expectedSavingJpy: null })).statusCode).toBe(400);
    expect((await csm.post(`${url}/proposals`, { ...body, accountIds: ['333333333333'] })).statusCode).toBe(400);
    expect((await representative.post(`${url}/proposals`, body)).statusCode).toBe(403);
    const opened = await csm.post(`${url}/proposals`, body);
    expect(opened.statusCode).toBe(200);
    const id = opened.json().id as string;
    const mails = await env.ctx.db.selectFrom('mail_outbox').select('to_address').where('purpose', '=', 'optimization-proposal').execute();
    expect(mails).toEqual([{ to_address: 'representative@acme.test' }]);

    // Members see the proposals; another company does not.
    expect((await member.get(url)).json().proposals.map((p: { id: string }) => p.id)).toEqual([id]);
    expect((await bravoRep.get(url)).statusCode).toBe(404);
    expect((await bravoRep.get(`/api/optimization-proposals/${id}`)).statusCode).toBe(404);
    expect((await bravoRep.post(`/api/optimization-proposals/${id}/priority`, { priority: 'low' })).statusCode).toBe(404);

    // Priority: both sides give one; agreed once they match; a member cannot.
    const p = `/api/optimization-proposals/${id}`;
    expect((await member.post(`${p}/priority`, { priority: 'high' })).statusCode).toBe(403);
    expect((await csm.post(`${p}/priority`, { priority: 'medium' })).json()).toMatchObject({ csmPriority: 'medium', agreedPriority: null });
    expect((await csm.post(`${p}/status`, { status: 'agreed' })).json().error).toBe('proposal_status_refused');
    const agreed = await representative.post(`${p}/priority`, { priority: 'medium' });
    expect(agreed.json()).toMatchObject({
      customerPriority: 'medium',
      customerPriorityBy: 'representative@acme.test',
      csmPriorityBy: 'CSM',
      agreedPriority: 'medium',
    });
    expect((await representative.post(`${p}/status`, { status: 'agreed' })).json().error).toBe('proposal_status_refused');
    expect((await csm.post(`${p}/status`, { status: 'agreed' })).json()).toMatchObject({ status: 'agreed' });
    expect((await csm.post(`${p}/status`, { status: 'in_progress' })).json()).toMatchObject({ status: 'in_progress' });
    expect((await csm.post(`${p}/status`, { status: 'implemented' })).statusCode).toBe(409);
    expect((await csm.post(`${p}/status`, { status: 'implemented', changeDate: '2026-12-01' })).statusCode).toBe(400);
    expect((await csm.post(`${p}/status`, { status: 'implemented', changeDate: '2026-07-15' })).json()).toMatchObject({
      status: 'implemented',
      changeDate: '2026-07-15',
    });

    // Measured from the cost data: acme-prod EC2 only, amortized, without tax, at ¥150.00/USD.
    // Before (Apr–Jun): (1000 + 1100 + 1200) / 3 = 1100 USD = ¥165,000. After (Aug–Oct): 2000 / 3 = 666.67 USD,
    // (105,000 + 97,500 + 97,500) / 3 = ¥100,000. Saving ¥65,000 a month, 433.33 USD, 39.4 %.
    const detail = (await member.get(p)).json();
    expect(detail.measurement).toMatchObject({
      changeMonth: '2026-07',
      state: 'complete',
      beforeAverage: { usd: '1100.00', jpy: 165000 },
      afterAverage: { usd: '666.67', jpy: 100000 },
      savingPerMonth: { usd: '433.33', jpy: 65000 },
      savingPercent: '39.4',
    });
    expect(detail.measurement.months.map((m: { month: string; jpy: number; phase: string }) => [m.month, m.jpy, m.phase])).toEqual([
      ['2026-04', 150000, 'before'],
      ['2026-05', 165000, 'before'],
      ['2026-06', 180000, 'before'],
      ['2026-07', 135000, 'change'],
      ['2026-08', 105000, 'after'],
      ['2026-09', 97500, 'after'],
      ['2026-10', 97500, 'after'],
    ]);
    expect((await csm.post(`${p}/status`, { status: 'measured', note: '月額¥65,000の削減を確認' })).json()).toMatchObject({
      status: 'measured',
    });

    // The customer may decline a proposal until it is implemented.
    const second = (
      await csm.post(`${url}/proposals`, {
        ...body,
        category: 'security',
        title: 'ルートアカウントの MFA',
        expectedSavingJpy: null,
        expectedEffect: '不正利用リスクの低減',
        accountIds: [],
        serviceCodes: [],
      })
    ).json();
    expect(
      (await representative.post(`/api/optimization-proposals/${second.id}/status`, { status: 'declined', note: '社内で対応済み' })).json(),
    ).toMatchObject({ status: 'declined' });
    expect((await (await signIn(acme.representative)).get(`/api/optimization-proposals/${second.id}`)).json().measurement).toBeNull();
  });
});
