import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/identity/rules/totp.ts';
import { ApiClient, startTestServer } from '../support/api.ts';
import { seedStaff, seedTenant, PASSWORD } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let tenant: Awaited<ReturnType<typeof seedTenant>>;
let admin: Awaited<ReturnType<typeof seedStaff>>;

beforeAll(async () => {
  env = await createTestContext();
  server = await startTestServer(env.ctx);
  tenant = await seedTenant(env.ctx, 'ACME');
  admin = await seedStaff(env.ctx, 'admin');
});
afterAll(async () => {
  await server.close();
  await env.close();
});

const tempPasswordFor = async (email: string) => {
  const mail = await env.ctx.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return /仮パスワード: (\S+)/.exec(mail.text_body)![1]!;
};

describe('platform', () => {
  it('answers the health check and refuses /me without a session', async () => {
    const api = new ApiClient(server, env.clock);
    expect((await api.get('/api/health')).json()).toEqual({ status: 'ok' });
    const me = await api.get('/api/me');
    expect(me.statusCode).toBe(401);
    expect(me.json()).toEqual({ error: 'unauthorized', message: expect.any(String) });
  });

  it('serves the OpenAPI document', async () => {
    const doc = await new ApiClient(server, env.clock).get('/api/docs/json');
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toContain('/api/me');
  });

  it('sets security headers', async () => {
    const res = await new ApiClient(server, env.clock).get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('sign-in of an enrolled user', () => {
  it('needs the password and then a TOTP code before anything else works', async () => {
    const api = new ApiClient(server, env.clock);
    const first = await api.post('/api/auth/sign-in', { email: tenant.member.email, password: PASSWORD });
    expect(first.statusCode).toBe(200);
    expect(first.json().stage).toBe('mfa_challenge');
    expect(first.cookies[0]).toMatchObject({ name: 'daiko_session', httpOnly: true, sameSite: 'Lax' });
    expect((await api.get(`/api/companies/${tenant.companyId}/users`)).statusCode).toBe(403);

    expect((await api.post('/api/auth/mfa/verify', { code: '000000' })).statusCode).toBe(401);
    const ok = await api.post('/api/auth/mfa/verify', { code: totpCodeAt(tenant.member.totpSecret, env.clock.now()) });
    expect(ok.json()).toEqual({ stage: 'active' });
    const users = await api.get(`/api/companies/${tenant.companyId}/users`);
    expect(users.statusCode).toBe(200);
    expect(users.json().map((u: { email: string }) => u.email).sort()).toEqual([tenant.member.email, tenant.representative.email].sort());
  });

  it('refuses a replayed TOTP code', async () => {
    env.clock.advance(30_000);
    const at = env.clock.now();
    const code = totpCodeAt(tenant.representative.totpSecret, at);
    const a = new ApiClient(server, env.clock);
    await a.post('/api/auth/sign-in', { email: tenant.representative.email, password: PASSWORD });
    expect((await a.post('/api/auth/mfa/verify', { code })).statusCode).toBe(200);
    const b = new ApiClient(server, env.clock);
    await b.post('/api/auth/sign-in', { email: tenant.representative.email, password: PASSWORD });
    expect((await b.post('/api/auth/mfa/verify', { code })).statusCode).toBe(401);
  });

  it('rejects a write without the CSRF token', async () => {
    const api = await new ApiClient(server, env.clock).signIn(admin.email, admin.password, admin.totpSecret);
    api.csrfToken = 'forged';
    const res = await api.post('/api/auth/sign-out');
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('csrf_failed');
  });

  it('locks an account after five wrong passwords, even for the right one', async () => {
    const api = new ApiClient(server, env.clock);
    for (let i = 0; i < 5; i++) {
      expect((await api.post('/api/auth/sign-in', { email: 'billing@reseller.test', password: 'wrong password!' })).statusCode).toBe(401);
    }
    await seedStaff(env.ctx, 'billing');
    const locked = await api.post('/api/auth/sign-in', { email: 'billing@reseller.test', password: PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error).toBe('too_many_attempts');
  });

  it('signs out everywhere', async () => {
    const a = await new ApiClient(server, env.clock).signIn(tenant.member.email, PASSWORD, tenant.member.totpSecret);
    const b = await new ApiClient(server, env.clock).signIn(tenant.member.email, PASSWORD, tenant.member.totpSecret);
    const live = await env.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', tenant.member.id).execute();
    expect(live.length).toBeGreaterThanOrEqual(2);
    expect((await a.post('/api/auth/sign-out-everywhere')).json()).toEqual({ ended: live.length });
    expect((await a.get('/api/me')).statusCode).toBe(401);
    expect((await b.get('/api/me')).statusCode).toBe(401);
  });
});

describe('a new user: temporary password, forced change, MFA enrolment', () => {
  it('walks the whole first sign-in', async () => {
    const rep = await new ApiClient(server, env.clock).signIn(tenant.representative.email, PASSWORD, tenant.representative.totpSecret);
    const created = await rep.post(`/api/companies/${tenant.companyId}/users`, { email: 'New.Member@acme.test', name: '新人 太郎', role: 'member' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'new.member@acme.test', role: 'member', mustChangePassword: true, mfaEnrolled: false });
    const temporary = await tempPasswordFor('new.member@acme.test');

    const api = new ApiClient(server, env.clock);
    expect((await api.post('/api/auth/sign-in', { email: 'new.member@acme.test', password: temporary })).json().stage).toBe('password_change');
    expect((await api.post('/api/auth/mfa/enrolment')).statusCode).toBe(403);
    const weak = await api.post('/api/auth/password', { currentPassword: temporary, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().message).toContain('at least 12 characters');
    expect((await api.post('/api/auth/password', { currentPassword: temporary, newPassword: 'a much longer passphrase' })).json()).toEqual({ stage: 'mfa_enrol' });
    expect((await api.get(`/api/companies/${tenant.companyId}/users`)).statusCode).toBe(403);

    const enrolment = (await api.post('/api/auth/mfa/enrolment')).json();
    expect(enrolment.otpauthUri).toContain(`secret=${enrolment.secret}`);
    expect(enrolment.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const confirmed = await api.post('/api/auth/mfa/enrolment/confirm', { code: totpCodeAt(enrolment.secret, env.clock.now()) });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().stage).toBe('active');
    expect(confirmed.json().recoveryCodes).toHaveLength(10);
    expect((await api.get(`/api/companies/${tenant.companyId}/users`)).statusCode).toBe(200);

    // The next sign-in asks for the code; a recovery code works once.
    const later = new ApiClient(server, env.clock);
    await later.post('/api/auth/sign-in', { email: 'new.member@acme.test', password: 'a much longer passphrase' });
    const recoveryCode = confirmed.json().recoveryCodes[0];
    expect((await later.post('/api/auth/mfa/verify', { recoveryCode })).json()).toEqual({ stage: 'active' });
    const again = new ApiClient(server, env.clock);
    await again.post('/api/auth/sign-in', { email: 'new.member@acme.test', password: 'a much longer passphrase' });
    expect((await again.post('/api/auth/mfa/verify', { recoveryCode })).statusCode).toBe(401);
  });
});

describe('user management (seed 004 §3.4.2)', () => {
  it('lets only representatives manage users, and keeps the last representative', async () => {
    const member = await new ApiClient(server, env.clock).signIn(tenant.member.email, PASSWORD, tenant.member.totpSecret);
    expect((await member.post(`/api/companies/${tenant.companyId}/users`, { email: 'x@acme.test', name: 'X', role: 'member' })).statusCode).toBe(403);
    expect((await member.get(`/api/users/${tenant.representative.id}`)).statusCode).toBe(200);
    expect((await member.delete(`/api/users/${tenant.representative.id}`)).statusCode).toBe(403);

    const rep = await new ApiClient(server, env.clock).signIn(tenant.representative.email, PASSWORD, tenant.representative.totpSecret);
    const demote = await rep.patch(`/api/users/${tenant.representative.id}`, { role: 'member' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error).toBe('last_representative');
    const promoted = await rep.patch(`/api/users/${tenant.member.id}`, { role: 'representative', name: '昇格 花子' });
    expect(promoted.json()).toMatchObject({ role: 'representative', name: '昇格 花子' });

    const audit = await env.ctx.db.selectFrom('audit_log').selectAll().where('entity_id', '=', tenant.member.id).where('action', '=', 'user.update').executeTakeFirstOrThrow();
    expect(audit.actor_label).toBe(tenant.representative.email);
    expect(audit.before).toMatchObject({ role: 'member' });
    expect(audit.after).toMatchObject({ role: 'representative', name: '昇格 花子' });
  });
});

describe('sessions expire', () => {
  it('after 30 idle minutes', async () => {
    const api = await new ApiClient(server, env.clock).signIn(admin.email, admin.password, admin.totpSecret);
    env.clock.advance(29 * 60_000);
    expect((await api.get('/api/me')).statusCode).toBe(200);
    env.clock.advance(29 * 60_000);
    expect((await api.get('/api/me')).statusCode).toBe(200);
    env.clock.advance(31 * 60_000);
    expect((await api.get('/api/me')).statusCode).toBe(401);
  });
});

describe('staff administration', () => {
  it("creates staff users and a company's first representative, and deletes users", async () => {
    const api = await new ApiClient(server, env.clock).signIn(admin.email, admin.password, admin.totpSecret);
    const csm = await api.post('/api/staff/users', { email: 'csm2@reseller.test', name: 'CSM 二郎', role: 'csm' });
    expect(csm.statusCode).toBe(201);
    expect(csm.json()).toMatchObject({ kind: 'staff', role: 'csm', companyId: null, mustChangePassword: true });
    expect((await api.post('/api/staff/users', { email: 'x@reseller.test', name: 'X', role: 'member' })).statusCode).toBe(400);
    expect((await api.get('/api/staff/users')).json().map((u: { email: string }) => u.email)).toContain('csm2@reseller.test');

    const other = await seedTenant(env.ctx, 'OTHER');
    const rep = await api.post(`/api/companies/${other.companyId}/users`, { email: 'first.rep@other.test', name: '代表 一郎', role: 'representative' });
    expect(rep.statusCode).toBe(201);
    const mail = await env.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'first.rep@other.test').executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ status: 'pending', sensitive: true, company_id: other.companyId });
    expect(mail.text_body).toContain('OTHER 株式会社');

    expect((await api.delete(`/api/users/${admin.id}`)).json().error).toBe('cannot_delete_self');
    const memberSession = await new ApiClient(server, env.clock).signIn(other.member.email, PASSWORD, other.member.totpSecret);
    expect((await api.delete(`/api/users/${other.member.id}`)).statusCode).toBe(200);
    expect((await memberSession.get('/api/me')).statusCode).toBe(401);
    expect((await api.get(`/api/users/${other.member.id}`)).statusCode).toBe(404);

    const audit = await api.get(`/api/audit-log?entityId=${other.member.id}`);
    expect(audit.json().entries.map((e: { action: string }) => e.action)).toEqual(['user.delete', 'session.mfa_verified', 'session.sign_in', 'user.provision']);
    expect(audit.json().entries[0]).toMatchObject({ actorLabel: admin.email, before: { email: other.member.email, role: 'member' }, after: null });
  });

  it('refuses to rewrite the audit log, even to the database owner', async () => {
    await expect(env.ctx.db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/);
    await expect(env.ctx.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });
});

describe('throttling per IP', () => {
  it('locks an address that tries many accounts', async () => {
    const attempt = (email: string, password: string) =>
      server.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password }, remoteAddress: '203.0.113.9' });
    for (let i = 0; i < 30; i++) expect((await attempt(`guess${i}@acme.test`, 'wrong password')).statusCode).toBe(401);
    expect((await attempt(tenant.member.email, PASSWORD)).statusCode).toBe(429);
    const elsewhere = await server.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: tenant.member.email, password: PASSWORD }, remoteAddress: '198.51.100.7' });
    expect(elsewhere.statusCode).toBe(200);
  });
});
