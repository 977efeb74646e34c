import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestServer } from '../support/api.ts';
import { PASSWORD, seedStaff, seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let globex: Awaited<ReturnType<typeof seedTenant>>;
let admin: ApiClient;
let billing: ApiClient;
let acmeRep: ApiClient;
let acmeMember: ApiClient;

beforeAll(async () => {
  env = await createTestContext();
  server = await startTestServer(env.ctx);
  acme = await seedTenant(env.ctx, 'ACME');
  globex = await seedTenant(env.ctx, 'GLOBEX');
  const signIn = (u: { email: string; totpSecret: string }) => new ApiClient(server, env.clock).signIn(u.email, PASSWORD, u.totpSecret);
  admin = await signIn(await seedStaff(env.ctx, 'admin'));
  billing = await signIn(await seedStaff(env.ctx, 'billing'));
  acmeRep = await signIn(acme.representative);
  acmeMember = await signIn(acme.member);
});
afterAll(async () => {
  await server.close();
  await env.close();
});

const NEW_COMPANY = {
  code: 'INITECH',
  name: 'イニテック株式会社',
  nameKana: 'イニテック',
  billingAgency: true,
  billingEmail: 'Billing@Initech.test',
  invoiceAddressee: '経理部 御中',
  payerKanaNames: ['ｲﾆﾃﾂｸ(ｶ'],
  exclusions: { partner: true },
};

describe('POST /api/companies', () => {
  it('lets an admin create a company, audited', async () => {
    const res = await admin.post('/api/companies', NEW_COMPANY);
    expect(res.statusCode).toBe(201);
    const company = res.json();
    expect(company).toEqual({
      id: expect.any(String),
      code: 'INITECH',
      name: 'イニテック株式会社',
      nameKana: 'イニテック',
      billingAgency: true,
      billingEmail: 'billing@initech.test',
      invoiceAddressee: '経理部 御中',
      postalAddress: null,
      corporateNumber: null,
      payerKanaNames: ['ｲﾆﾃﾂｸ(ｶ'],
      exclusions: { dedicatedConnectionOnly: false, cdnOnly: false, publicSector: false, partner: true, indirectContract: false },
      membershipEligible: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const audit = await env.ctx.db.selectFrom('audit_log').selectAll().where('entity_id', '=', company.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'company.create', actor_label: 'admin@reseller.test', company_id: company.id });
    expect(audit.after).toMatchObject({ code: 'INITECH', exclusions: { partner: true } });
  });

  it('refuses a taken code with 409 code_taken', async () => {
    const res = await admin.post('/api/companies', { ...NEW_COMPANY, name: 'Other' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('code_taken');
  });

  it('validates the body', async () => {
    const res = await admin.post('/api/companies', { code: 'no spaces', name: '', billingAgency: 'yes' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid_input');
  });

  it('is for admins only', async () => {
    for (const client of [billing, acmeRep, acmeMember]) {
      expect((await client.post('/api/companies', { ...NEW_COMPANY, code: 'NOPE' })).statusCode).toBe(403);
    }
  });
});

describe('GET /api/companies', () => {
  it('lists companies with counts and eligibility, for any staff role', async () => {
    await admin.post('/api/aws-accounts', {
      accountId: '000000000001',
      name: 'acme-prod',
      companyId: acme.companyId,
      validFrom: '2020-01-01',
    });
    await admin.post('/api/aws-accounts', {
      accountId: '000000000002',
      name: 'acme-old',
      companyId: acme.companyId,
      validFrom: '2020-01-01',
    });
    const old = (await admin.get('/api/aws-accounts?companyId=' + acme.companyId))
      .json()
      .find((a: { accountId: string }) => a.accountId === '000000000002');
    await admin.patch(`/api/aws-accounts/000000000002/assignments/${old.assignments[0].id}`, { validTo: '2021-01-01' });

    const res = await billing.get('/api/companies');
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(list.map((c: { code: string }) => c.code)).toEqual(['ACME', 'GLOBEX', 'INITECH']);
    expect(list[0]).toEqual({
      id: acme.companyId,
      code: 'ACME',
      name: 'ACME 株式会社',
      nameKana: 'テスト',
      billingAgency: true,
      billingEmail: 'billing@acme.test',
      accountCount: 1,
      userCount: 2,
      membershipEligible: true,
    });
    expect(list[2]).toMatchObject({ accountCount: 0, userCount: 0, membershipEligible: false });
  });

  it('is not for customers', async () => {
    expect((await acmeRep.get('/api/companies')).statusCode).toBe(403);
    expect((await acmeMember.get('/api/companies')).statusCode).toBe(403);
  });
});

describe('GET /api/companies/:companyId', () => {
  it('shows a company to staff and to its own users, representative or member', async () => {
    for (const client of [billing, acmeRep, acmeMember]) {
      const res = await client.get(`/api/companies/${acme.companyId}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: acme.companyId, code: 'ACME', membershipEligible: true });
    }
  });

  it('answers 404 for another tenant and for a company that does not exist', async () => {
    for (const client of [acmeRep, acmeMember]) {
      const res = await client.get(`/api/companies/${globex.companyId}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe('not_found');
    }
    expect((await admin.get(`/api/companies/${randomUUID()}`)).statusCode).toBe(404);
    expect((await acmeRep.get(`/api/companies/${randomUUID()}`)).statusCode).toBe(404);
  });

  it('needs a session', async () => {
    expect((await new ApiClient(server, env.clock).get(`/api/companies/${acme.companyId}`)).statusCode).toBe(401);
  });
});

describe('PATCH /api/companies/:companyId', () => {
  it('changes only the given fields and audits before and after', async () => {
    const res = await admin.patch(`/api/companies/${globex.companyId}`, {
      name: 'グロベックス',
      exclusions: { publicSector: true },
      postalAddress: '東京都千代田区',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      code: 'GLOBEX',
      name: 'グロベックス',
      billingEmail: 'billing@globex.test',
      postalAddress: '東京都千代田区',
      exclusions: { publicSector: true, partner: false },
      membershipEligible: false,
    });
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', globex.companyId)
      .where('action', '=', 'company.update')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ name: 'GLOBEX 株式会社', exclusions: { publicSector: false } });
    expect(audit.after).toMatchObject({ name: 'グロベックス', exclusions: { publicSector: true } });
  });

  it('clears a field with null, and refuses a taken code', async () => {
    expect((await admin.patch(`/api/companies/${globex.companyId}`, { billingEmail: null })).json().billingEmail).toBeNull();
    const taken = await admin.patch(`/api/companies/${globex.companyId}`, { code: 'ACME' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toBe('code_taken');
    expect((await admin.patch(`/api/companies/${globex.companyId}`, { code: 'GLOBEX-JP' })).json().code).toBe('GLOBEX-JP');
  });

  it('writes no audit row when nothing changes', async () => {
    const count = async () =>
      (await env.ctx.db.selectFrom('audit_log').select('id').where('entity_id', '=', acme.companyId).execute()).length;
    const before = await count();
    expect((await admin.patch(`/api/companies/${acme.companyId}`, { name: 'ACME 株式会社' })).statusCode).toBe(200);
    expect(await count()).toBe(before);
  });

  it('is for admins only, and 404 for an unknown company', async () => {
    expect((await billing.patch(`/api/companies/${acme.companyId}`, { name: 'x' })).statusCode).toBe(403);
    expect((await acmeRep.patch(`/api/companies/${acme.companyId}`, { name: 'x' })).statusCode).toBe(403);
    expect((await acmeMember.patch(`/api/companies/${globex.companyId}`, { name: 'x' })).statusCode).toBe(403);
    expect((await admin.patch(`/api/companies/${randomUUID()}`, { name: 'x' })).statusCode).toBe(404);
  });
});

describe('the corporate number (法人番号)', () => {
  // 5010401067252: check digit 5 over 010401067252 (worked out in corporate-number.unit.test.ts).
  const VALID = '5010401067252';
  const audits = () =>
    env.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', acme.companyId)
      .where('action', '=', 'company.update')
      .orderBy('id')
      .execute();

  it('is set by an admin, shown on the company, and audited before and after', async () => {
    const before = (await audits()).length;
    const res = await admin.patch(`/api/companies/${acme.companyId}`, { corporateNumber: ` ${VALID} ` });
    expect(res.statusCode).toBe(200);
    expect(res.json().corporateNumber).toBe(VALID);
    expect((await billing.get(`/api/companies/${acme.companyId}`)).json().corporateNumber).toBe(VALID);
    const rows = await audits();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)!.before).toMatchObject({ corporateNumber: null });
    expect(rows.at(-1)!.after).toMatchObject({ corporateNumber: VALID });
  });

  it('refuses a number whose check digit fails, or that is not 13 digits, and changes nothing', async () => {
    const before = (await audits()).length;
    for (const bad of ['6010401067252', '501040106725', 'T5010401067252']) {
      const res = await admin.patch(`/api/companies/${acme.companyId}`, { corporateNumber: bad });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error).toBe('invalid_input');
      expect(res.body).toContain('not a corporate number');
    }
    const created = await admin.post('/api/companies', {
      code: 'BADNUM',
      name: 'Bad',
      billingAgency: true,
      corporateNumber: '6010401067252',
    });
    expect(created.statusCode).toBe(400);
    expect((await admin.get(`/api/companies/${acme.companyId}`)).json().corporateNumber).toBe(VALID);
    expect(await audits()).toHaveLength(before);
  });

  it('is cleared with an empty value or null, and given on create', async () => {
    expect((await admin.patch(`/api/companies/${acme.companyId}`, { corporateNumber: '' })).json().corporateNumber).toBeNull();
    expect((await admin.patch(`/api/companies/${acme.companyId}`, { corporateNumber: VALID })).json().corporateNumber).toBe(VALID);
    expect((await admin.patch(`/api/companies/${acme.companyId}`, { corporateNumber: null })).json().corporateNumber).toBeNull();
    const created = await admin.post('/api/companies', {
      code: 'NUMBERED',
      name: '番号あり',
      billingAgency: true,
      corporateNumber: '7000012050002',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().corporateNumber).toBe('7000012050002');
  });
});
