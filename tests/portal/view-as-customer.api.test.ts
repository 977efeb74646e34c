import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestServer } from '../support/api.ts';
import { seedStaff, seedTenant, type FixtureUser } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

/** Staff's read-only "view as customer": POST /api/companies/:companyId/portal/view-sessions (docs/portal.md). */
let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let bravo: Awaited<ReturnType<typeof seedTenant>>;
let adminUser: FixtureUser;
let admin: ApiClient;
let billing: ApiClient;
let csm: ApiClient;
let representative: ApiClient;
let member: ApiClient;

beforeAll(async () => {
  env = await createTestContext();
  server = await startTestServer(env.ctx);
  acme = await seedTenant(env.ctx, 'ACME');
  bravo = await seedTenant(env.ctx, 'BRAVO');
  const signIn = (u: FixtureUser) => new ApiClient(server, env.clock).signIn(u.email, u.password, u.totpSecret);
  adminUser = await seedStaff(env.ctx, 'admin');
  admin = await signIn(adminUser);
  billing = await signIn(await seedStaff(env.ctx, 'billing'));
  csm = await signIn(await seedStaff(env.ctx, 'csm'));
  representative = await signIn(acme.representative);
  member = await signIn(acme.member);
});
afterAll(async () => {
  await server.close();
  await env.close();
});

const viewUrl = (companyId: string) => `/api/companies/${companyId}/portal/view-sessions`;
const viewRows = () =>
  env.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'portal.viewed_as_customer').orderBy('id').execute();

describe('view as customer', () => {
  it('records one audit row per opening, with the staff member and the company', async () => {
    const before = (await viewRows()).length;
    const response = await admin.post(viewUrl(acme.companyId));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ companyId: acme.companyId, code: 'ACME', name: 'ACME 株式会社' });

    const rows = await viewRows();
    expect(rows).toHaveLength(before + 1);
    const row = rows.at(-1)!;
    expect(row).toMatchObject({
      actor_user_id: adminUser.id,
      actor_label: adminUser.email,
      company_id: acme.companyId,
      entity_type: 'company',
      entity_id: acme.companyId,
      after: { code: 'ACME', name: 'ACME 株式会社' },
    });
    expect(row.ip).not.toBeNull();

    // A second opening is a second row; the admin's audit log lists both for the company.
    expect((await admin.post(viewUrl(acme.companyId))).statusCode).toBe(200);
    expect(await viewRows()).toHaveLength(before + 2);
    const log = (await admin.get(`/api/audit-log?companyId=${acme.companyId}&entityType=company`)).json() as {
      entries: { action: string; actorLabel: string }[];
    };
    expect(log.entries.filter((e) => e.action === 'portal.viewed_as_customer')).toHaveLength(2);
  });

  it('lets every staff role view any company', async () => {
    for (const [client, companyId, code] of [
      [billing, bravo.companyId, 'BRAVO'],
      [csm, bravo.companyId, 'BRAVO'],
      [csm, acme.companyId, 'ACME'],
    ] as const) {
      const response = await client.post(viewUrl(companyId));
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ companyId, code });
    }
    const rows = await viewRows();
    expect(rows.filter((r) => r.actor_label === 'csm@reseller.test').map((r) => r.company_id)).toEqual([bravo.companyId, acme.companyId]);
    expect(rows.filter((r) => r.actor_label === 'billing@reseller.test').map((r) => r.company_id)).toEqual([bravo.companyId]);
  });

  it('refuses customers, for their own company and any other, and writes nothing', async () => {
    const before = (await viewRows()).length;
    for (const client of [representative, member]) {
      for (const companyId of [acme.companyId, bravo.companyId]) {
        const response = await client.post(viewUrl(companyId));
        expect(response.statusCode).toBe(403);
        expect(response.body).not.toContain('BRAVO');
      }
    }
    expect(await viewRows()).toHaveLength(before);
  });

  it('answers 404 for a company that does not exist, 400 for a malformed id, and writes nothing', async () => {
    const before = (await viewRows()).length;
    expect((await admin.post(viewUrl('00000000-0000-4000-8000-000000000000'))).statusCode).toBe(404);
    expect((await admin.post(viewUrl('not-a-uuid'))).statusCode).toBe(400);
    expect(await viewRows()).toHaveLength(before);
  });

  it('gives staff no way to change the customer’s data while viewing: the customer-only writes refuse staff', async () => {
    const budget = { name: 'staff budget', scope: 'company', amountJpy: 100_000, thresholds: [80, 100], alertOnForecast: true };
    for (const client of [admin, billing, csm]) {
      expect((await client.post(`/api/companies/${acme.companyId}/budgets`, budget)).statusCode).toBe(403);
      expect(
        (await client.post(`/api/companies/${acme.companyId}/anomaly-mutes`, { serviceCode: 'AmazonEC2', muted: true })).statusCode,
      ).toBe(403);
      expect((await client.call('PUT', '/api/alert-subscription', { subscribed: false })).statusCode).toBe(403);
    }
    expect(await env.ctx.db.selectFrom('budgets').select('id').where('company_id', '=', acme.companyId).execute()).toEqual([]);
    expect(await env.ctx.db.selectFrom('anomaly_mutes').select('service_code').execute()).toEqual([]);
    // The representative can: the refusals above are about who asks, not about the request.
    expect((await representative.post(`/api/companies/${acme.companyId}/budgets`, budget)).statusCode).toBe(200);
  });
});
