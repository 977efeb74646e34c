import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestServer } from '../support/api.ts';
import { PASSWORD, seedStaff, seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let bravo: Awaited<ReturnType<typeof seedTenant>>;
let member: ApiClient;
let representative: ApiClient;
let bravoRepresentative: ApiClient;
let csm: ApiClient;
let billing: ApiClient;

const jst = (local: string) => new Date(`${local}+09:00`);
/**
 * Moves the services' clock to a Japan-time instant; everyone signs in again first (sessions expire
 * meanwhile, and each sign-in moves the clock on a TOTP step).
 */
async function at(local: string) {
  const target = jst(local).getTime();
  env.clock.advance(target - 180_000 - env.clock.now().getTime());
  if (server) await signInAll();
  env.clock.advance(target - env.clock.now().getTime());
}
let staffUsers: { csm: Awaited<ReturnType<typeof seedStaff>>; billing: Awaited<ReturnType<typeof seedStaff>> };
async function signInAll() {
  const signIn = (u: { email: string; totpSecret: string }) => new ApiClient(server, env.clock).signIn(u.email, PASSWORD, u.totpSecret);
  csm = await signIn(staffUsers.csm);
  billing = await signIn(staffUsers.billing);
  member = await signIn(acme.member);
  representative = await signIn(acme.representative);
  bravoRepresentative = await signIn(bravo.representative);
}

beforeAll(async () => {
  env = await createTestContext();
  await at('2026-10-08T09:00:00');
  server = await startTestServer(env.ctx);
  acme = await seedTenant(env.ctx, 'ACME');
  bravo = await seedTenant(env.ctx, 'BRAVO');
  await seedStaff(env.ctx, 'admin');
  staffUsers = { csm: await seedStaff(env.ctx, 'csm'), billing: await seedStaff(env.ctx, 'billing') };
  await signInAll();
});
afterAll(async () => {
  await server.close();
  await env.close();
});

describe('inquiries over HTTP', () => {
  it('lets a member ask, staff answer in service hours, the customer close, and a new message reopen', async () => {
    const url = `/api/companies/${acme.companyId}/inquiries`;
    const body = { subject: 'トレーニングの申込方法', category: 'training', body: 'トレーニングサービスはどこから申し込めますか？' };
    expect((await csm.post(url, body)).statusCode).toBe(403);
    expect((await bravoRepresentative.post(url, body)).statusCode).toBe(404);
    expect((await member.post(url, { ...body, subject: ' ' })).statusCode).toBe(400);

    // Friday 2026-10-09 18:30 JST: half an hour of service hours left that day.
    await at('2026-10-09T18:30:00');
    const opened = await member.post(url, body);
    expect(opened.statusCode).toBe(200);
    const inquiry = opened.json();
    expect(inquiry).toMatchObject({
      companyCode: 'ACME',
      status: 'open',
      openedBy: 'ACME member',
      awaitingStaff: true,
      waitingMinutes: 0,
      messageCount: 1,
    });
    const id = inquiry.id as string;
    const staffMail = await env.ctx.db
      .selectFrom('mail_outbox')
      .select(['to_address', 'subject'])
      .where('purpose', '=', 'inquiry-opened')
      .orderBy('to_address')
      .execute();
    expect(staffMail).toEqual([
      { to_address: 'admin@reseller.test', subject: '【Daiko】新しいお問い合わせ: トレーニングの申込方法' },
      { to_address: 'csm@reseller.test', subject: '【Daiko】新しいお問い合わせ: トレーニングの申込方法' },
    ]);

    // Tuesday 2026-10-13 10:45 (Sat, Sun and Monday 10-12 スポーツの日 are closed): 30 + 45 = 75 min waiting.
    await at('2026-10-13T10:45:30');
    const queue = await billing.get('/api/inquiries');
    expect(queue.statusCode).toBe(200);
    expect(queue.json().inquiries[0]).toMatchObject({ id, awaitingStaff: true, waitingMinutes: 75, firstResponseMinutes: null });
    expect((await representative.get('/api/inquiries')).statusCode).toBe(403);

    // Another company sees nothing of it.
    expect((await bravoRepresentative.get(`/api/inquiries/${id}`)).statusCode).toBe(404);
    expect((await bravoRepresentative.post(`/api/inquiries/${id}/messages`, { body: 'x' })).statusCode).toBe(404);
    expect((await bravoRepresentative.post(`/api/inquiries/${id}/close`)).statusCode).toBe(404);
    expect((await bravoRepresentative.get(url)).statusCode).toBe(404);
    expect((await bravoRepresentative.get(`/api/companies/${bravo.companyId}/inquiries`)).json()).toEqual({ inquiries: [] });

    // (Instants are set half a minute past the minute: the test clock runs on while requests are made.)
    // Staff answer at 11:00: first response 90 min after opening in service hours.
    await at('2026-10-13T11:00:30');
    const answered = await csm.post(`/api/inquiries/${id}/messages`, { body: 'ポータルの「トレーニング」から申し込めます。' });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ awaitingStaff: false, waitingMinutes: null, firstResponseMinutes: 90, messageCount: 2 });
    const answerMail = await env.ctx.db
      .selectFrom('mail_outbox')
      .select('to_address')
      .where('purpose', '=', 'inquiry-message')
      .orderBy('to_address')
      .execute();
    // The member who asked and the company's representative.
    expect(answerMail.map((m) => m.to_address)).toEqual(['member@acme.test', 'representative@acme.test']);

    // The customer reads the thread (the staff's name is shown) and closes it at 12:00: resolution 150 min.
    const thread = await representative.get(`/api/inquiries/${id}`);
    expect(thread.json().messages.map((m: { authorKind: string; authorName: string }) => [m.authorKind, m.authorName])).toEqual([
      ['customer', 'ACME member'],
      ['staff', 'Staff csm'],
    ]);
    await at('2026-10-13T12:00:30');
    const closed = await representative.post(`/api/inquiries/${id}/close`);
    expect(closed.json()).toMatchObject({
      status: 'closed',
      closedBy: 'ACME representative',
      resolutionMinutes: 150,
      firstResponseMinutes: 90,
    });
    expect((await representative.post(`/api/inquiries/${id}/close`)).statusCode).toBe(409);

    // A new question on the closed thread reopens it and starts the waiting clock again.
    await at('2026-10-13T13:00:00');
    const reopened = await member.post(`/api/inquiries/${id}/messages`, { body: 'ハンズオンの定員はありますか？' });
    expect(reopened.json()).toMatchObject({
      status: 'open',
      closedAt: null,
      resolutionMinutes: null,
      awaitingStaff: true,
      firstResponseMinutes: 90,
    });
    await at('2026-10-13T13:20:30');
    expect((await csm.get('/api/inquiries')).json().inquiries[0]).toMatchObject({ id, waitingMinutes: 20 });
    const closedByStaff = await csm.post(`/api/inquiries/${id}/close`);
    expect(closedByStaff.json()).toMatchObject({ status: 'closed', closedBy: 'Staff csm', awaitingStaff: false });

    const audit = await env.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual([
      'inquiry.opened',
      'inquiry.message.posted',
      'inquiry.closed',
      'inquiry.reopened',
      'inquiry.closed',
    ]);
  });

  it('refuses inquiries to a company that is not eligible for the membership', async () => {
    await env.ctx.db.updateTable('companies').set({ excl_public_sector: true }).where('id', '=', bravo.companyId).execute();
    const res = await bravoRepresentative.post(`/api/companies/${bravo.companyId}/inquiries`, {
      subject: 'x',
      category: 'other',
      body: 'y',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('membership_not_eligible');
    expect((await bravoRepresentative.get(`/api/companies/${bravo.companyId}/inquiries`)).statusCode).toBe(403);
    await env.ctx.db.updateTable('companies').set({ excl_public_sector: false }).where('id', '=', bravo.companyId).execute();
  });
});
