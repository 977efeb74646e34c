import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ISSUER, seedDemoIssuer } from '../../src/modules/invoicing/demo-issuer.ts';
import { loadIssuer } from '../../src/modules/invoicing/issuer-settings-presenter.ts';
import { ApiClient, startTestServer } from '../support/api.ts';
import { PASSWORD, seedStaff, seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: ApiClient;
let billing: ApiClient;
let csm: ApiClient;
let representative: ApiClient;

beforeAll(async () => {
  env = await createTestContext();
  server = await startTestServer(env.ctx);
  const tenant = await seedTenant(env.ctx, 'ACME');
  const signIn = (u: { email: string; totpSecret: string }) => new ApiClient(server, env.clock).signIn(u.email, PASSWORD, u.totpSecret);
  admin = await signIn(await seedStaff(env.ctx, 'admin'));
  billing = await signIn(await seedStaff(env.ctx, 'billing'));
  csm = await signIn(await seedStaff(env.ctx, 'csm'));
  representative = await signIn(tenant.representative);
});
afterAll(async () => {
  await server.close();
  await env.close();
});

const SETTINGS = {
  legalName: '株式会社テスト代行',
  postalCode: '1000005',
  address: '東京都千代田区丸の内1-1-1',
  phone: '03-0000-0000',
  registrationNumber: 't7000012050002',
  bank: {
    bankName: 'テスト銀行',
    bankCode: '0001',
    branchName: '本店',
    branchCode: '',
    accountType: '当座',
    accountNumber: '7654321',
    accountHolder: 'カ)テストダイコウ',
  },
  invoiceNumberFormat: '{YYYY}{MM}-{SEQ:5}',
  creditNoteNumberFormat: 'CN{YYYY}{MM}-{SEQ:5}',
  sequenceScope: 'issue-month',
};

const put = (client: ApiClient, body: unknown) => client.call('PUT', '/api/issuer-settings', body);

describe('issuer settings', () => {
  it('start empty, and the invoice run cannot load an issuer', async () => {
    const res = await billing.get('/api/issuer-settings');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ settings: null });
    await expect(loadIssuer(env.ctx.db)).rejects.toMatchObject({ code: 'issuer_not_configured', status: 409 });
  });

  it('are saved by an admin, normalized and audited', async () => {
    const res = await put(admin, SETTINGS);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      legalName: '株式会社テスト代行',
      postalCode: '100-0005',
      address: '東京都千代田区丸の内1-1-1',
      phone: '03-0000-0000',
      registrationNumber: 'T7000012050002',
      bank: {
        bankName: 'テスト銀行',
        bankCode: '0001',
        branchName: '本店',
        branchCode: null,
        accountType: '当座',
        accountNumber: '7654321',
        accountHolder: 'カ)テストダイコウ',
      },
      invoiceNumberFormat: '{YYYY}{MM}-{SEQ:5}',
      creditNoteNumberFormat: 'CN{YYYY}{MM}-{SEQ:5}',
      sequenceScope: 'issue-month',
      updatedAt: expect.any(String),
    });
    const audit = await env.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'issuer-settings.update').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_label: 'admin@reseller.test',
      entity_type: 'issuer_settings',
      entity_id: 'issuer',
      before: null,
    });
    expect(audit[0]!.after).toMatchObject({ registrationNumber: 'T7000012050002', bank: { accountType: '当座' } });
  });

  it('are read by every staff role, never by customers', async () => {
    for (const client of [admin, billing, csm]) {
      const res = await client.get('/api/issuer-settings');
      expect(res.statusCode).toBe(200);
      expect(res.json().settings.registrationNumber).toBe('T7000012050002');
    }
    expect((await representative.get('/api/issuer-settings')).statusCode).toBe(403);
  });

  it('give the invoice run its issuer block and numbering', async () => {
    const { issuer, numbering } = await loadIssuer(env.ctx.db);
    expect(issuer).toEqual({
      legalName: '株式会社テスト代行',
      postalCode: '100-0005',
      address: '東京都千代田区丸の内1-1-1',
      phone: '03-0000-0000',
      registrationNumber: 'T7000012050002',
      bank: {
        bankName: 'テスト銀行',
        bankCode: '0001',
        branchName: '本店',
        branchCode: null,
        accountType: '当座',
        accountNumber: '7654321',
        accountHolder: 'カ)テストダイコウ',
      },
    });
    expect(numbering).toEqual({
      invoiceNumberFormat: '{YYYY}{MM}-{SEQ:5}',
      creditNoteNumberFormat: 'CN{YYYY}{MM}-{SEQ:5}',
      sequenceScope: 'issue-month',
    });
  });

  it('write no audit row when nothing changed, one with before and after when something did', async () => {
    expect((await put(admin, SETTINGS)).statusCode).toBe(200);
    const count = async () =>
      (await env.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'issuer-settings.update').execute()).length;
    expect(await count()).toBe(1);
    const res = await put(admin, { ...SETTINGS, phone: null, bank: { ...SETTINGS.bank, accountType: '普通' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ phone: null, bank: { accountType: '普通' } });
    expect(await count()).toBe(2);
    const last = await env.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'issuer-settings.update')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.before).toMatchObject({ phone: '03-0000-0000', bank: { accountType: '当座' } });
    expect(last.after).toMatchObject({ phone: null, bank: { accountType: '普通' } });
  });

  it('refuse a registration number whose check digit is wrong', async () => {
    const res = await put(admin, { ...SETTINGS, registrationNumber: 'T8000012050002' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/check digit/);
  });

  it('refuse a number format that would repeat numbers within its scope', async () => {
    const res = await put(admin, { ...SETTINGS, invoiceNumberFormat: '{YYYY}-{SEQ:5}', sequenceScope: 'issue-month' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/issue year and month/);
    const bad = await put(admin, { ...SETTINGS, invoiceNumberFormat: 'INV-{SEQ:5}{TODAY}' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/Unknown token \{TODAY\}/);
  });

  it('refuse a credit note format that prints the invoices’ numbers', async () => {
    const res = await put(admin, { ...SETTINGS, creditNoteNumberFormat: SETTINGS.invoiceNumberFormat });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/Credit notes count on their own sequence/);
  });

  it('refuse other malformed fields', async () => {
    for (const body of [
      { ...SETTINGS, postalCode: '100-00056' },
      { ...SETTINGS, legalName: '' },
      { ...SETTINGS, bank: { ...SETTINGS.bank, accountType: '貯蓄' } },
      { ...SETTINGS, bank: { ...SETTINGS.bank, accountNumber: '12-34' } },
      { ...SETTINGS, bank: { ...SETTINGS.bank, bankCode: '12' } },
      { ...SETTINGS, sequenceScope: 'weekly' },
    ]) {
      expect((await put(admin, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('are changed by admins only', async () => {
    for (const client of [billing, csm, representative]) {
      expect((await put(client, { ...SETTINGS, legalName: '乗っ取り株式会社' })).statusCode).toBe(403);
    }
    expect((await admin.get('/api/issuer-settings')).json().settings.legalName).toBe('株式会社テスト代行');
  });

  it('have demo values that pass their own validation', async () => {
    await env.ctx.db.transaction().execute((tx) => seedDemoIssuer(tx, env.clock.now()));
    const { issuer, numbering } = await loadIssuer(env.ctx.db);
    expect(issuer.registrationNumber).toBe(DEMO_ISSUER.registrationNumber);
    expect(issuer.legalName).toBe('株式会社ダイコウ');
    expect(numbering.sequenceScope).toBe('issue-month');
    const audit = await env.ctx.db.selectFrom('audit_log').selectAll().where('actor_label', '=', 'cli:demo-seed').executeTakeFirstOrThrow();
    expect(audit.action).toBe('issuer-settings.update');
  });
});
