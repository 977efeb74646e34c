/// <reference types="vite/client" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteAccess } from '../../src/server/access.ts';
import { ApiClient, startTestServer, type Method } from '../support/api.ts';
import { seedStaff, seedTenant, type FixtureUser } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';
import type { MatrixFragment, RouteSpec } from './matrix/fragment.ts';

/**
 * Tenant isolation, route by route. Every registered API route must appear in ROUTES below or in a
 * module's fragment under ./matrix/ (a new route fails this test until it is added), with a valid
 * sample body so that a refusal cannot hide behind a validation error. Then, for every route:
 *  - a user of company A calling it with company B's ids gets 403/404 and nothing of B;
 *  - a member calling a representative-only route of its own company gets 403;
 *  - a customer calling a staff route gets 403, and staff roles not listed get 403.
 */
const CORE_ROUTES: Record<string, RouteSpec> = {
  'GET /api/health': {},
  'GET /api/me': {},
  'POST /api/auth/sign-in': { body: { email: 'nobody@example.test', password: 'x' } },
  'POST /api/auth/password': { body: { currentPassword: 'not the password', newPassword: 'another long passphrase' } },
  'POST /api/auth/mfa/enrolment': {},
  'POST /api/auth/mfa/enrolment/confirm': { body: { code: '123456' } },
  'POST /api/auth/mfa/verify': { body: { code: '123456' } },
  'POST /api/auth/sign-out': {},
  'POST /api/auth/sign-out-everywhere': {},
  'GET /api/companies/:companyId/users': {},
  'POST /api/companies/:companyId/users': { body: { email: 'intruder@example.test', name: 'Intruder', role: 'member' } },
  'GET /api/users/:userId': {},
  'PATCH /api/users/:userId': { body: { name: 'Renamed by intruder' } },
  'DELETE /api/users/:userId': {},
  'GET /api/staff/users': {},
  'POST /api/staff/users': { body: { email: 'staff-intruder@example.test', name: 'X', role: 'admin' } },
  'GET /api/audit-log': {},
  'GET /api/companies': {},
  'POST /api/companies': { body: { code: 'INTRUDER', name: 'Intruder', billingAgency: true } },
  'GET /api/companies/:companyId': {},
  'PATCH /api/companies/:companyId': { body: { name: 'Renamed by intruder' } },
  'GET /api/companies/:companyId/accounts': {},
  'GET /api/companies/:companyId/pricing-policies': {},
  'GET /api/companies/:companyId/pricing-policies/in-force': { query: 'month=2026-10' },
  'POST /api/companies/:companyId/pricing-policies': { body: { effectiveFrom: '2030-01', policy: { markup: { global: '-50' } }, note: 'intruder' } },
  'GET /api/aws-accounts': {},
  'POST /api/aws-accounts': { body: { accountId: '999999999999', name: 'intruder' } },
  'PATCH /api/aws-accounts/:accountId': { body: { name: 'Renamed by intruder' } },
  'POST /api/aws-accounts/:accountId/assignments': { body: { companyId: '00000000-0000-4000-8000-000000000000', validFrom: '2030-01-01', validTo: null } },
  'PATCH /api/aws-accounts/:accountId/assignments/:assignmentId': { body: { validTo: '2026-06-01' } },
  'DELETE /api/aws-accounts/:accountId/assignments/:assignmentId': {},
  'GET /api/cost-ingestions': {},
  'GET /api/cost-ingestions/:ingestionId': {},
  'POST /api/cost-ingestions': { body: { source: 's3://intruder-bucket/cur/' } },
  'GET /api/outbox': {},
  'GET /api/fx-rates': {},
  'POST /api/fx-rates/import': { body: { rows: [{ date: '2026-11-02', usdJpy: '150.00' }] } },
  'GET /api/fx-settings': {},
  'PUT /api/fx-settings': { body: { source: 'INTRUDER', usageRateDay: 5, fallback: 'following', maxFallbackDays: 3, rounding: 'down' } },
  'GET /api/invoices': { query: 'month=2026-10' },
  'GET /api/invoices/:invoiceId': {},
  'GET /api/invoices/:invoiceId/pdf': {},
  'POST /api/invoice-runs': { body: { month: '2026-10' } },
  'POST /api/invoices/finalize': { body: { month: '2026-10' } },
  'POST /api/invoices/void': { body: { number: 'BRAVO-2026-10', reason: 'intruder' } },
  'POST /api/invoices/send': { body: { month: '2026-10', companyCode: 'BRAVO' } },
  'GET /api/invoices/:invoiceId/payments': {},
  'POST /api/invoices/:invoiceId/payments': { body: { receivedOn: '2026-11-05', amountJpy: 1100, note: 'intruder' } },
  'GET /api/companies/:companyId/prepaid-notices': {},
  'POST /api/companies/:companyId/prepaid-notices': { body: { purchaseType: 'RI', expectedUsd: '40000', expectedDate: '2099-01-01', note: 'intruder' } },
  'POST /api/prepaid-notices/:noticeId/withdraw': {},
  'GET /api/prepaid-notices': {},
  'POST /api/prepaid-notices/:noticeId/acknowledge': {},
  'POST /api/prepaid-alerts/:alertId/resolve': { body: { note: 'intruder' } },
  'GET /api/issuer-settings': {},
  'PUT /api/issuer-settings': {
    body: {
      legalName: 'Intruder KK',
      address: 'Nowhere',
      registrationNumber: 'T7000012050002',
      bank: { bankName: 'X', branchName: 'Y', accountType: '普通', accountNumber: '1', accountHolder: 'Z' },
      invoiceNumberFormat: '{SEQ:5}',
      creditNoteNumberFormat: 'CN{SEQ:5}',
      sequenceScope: 'continuous',
    },
  },
};

// Each module that adds routes may add a fragment: its routes and the rows of company B they need.
const fragments = Object.values(import.meta.glob<MatrixFragment>('./matrix/*.matrix.ts', { eager: true, import: 'fragment' }));
const ROUTES: Record<string, RouteSpec> = Object.assign({}, CORE_ROUTES, ...fragments.map((f) => f.routes));

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let a: Awaited<ReturnType<typeof seedTenant>>;
let b: Awaited<ReturnType<typeof seedTenant>>;
let staff: Record<'admin' | 'billing' | 'csm', FixtureUser>;
let bAccountId: string;
let bAssignmentId: string;
let bInvoiceId: string;
let bNoticeId: string;
let bAlertId: string;
let fragmentIds: Record<string, string> = {};
let fragmentSecrets: string[] = [];

beforeAll(async () => {
  env = await createTestContext();
  server = await startTestServer(env.ctx);
  a = await seedTenant(env.ctx, 'ALPHA');
  b = await seedTenant(env.ctx, 'BRAVO');
  staff = { admin: await seedStaff(env.ctx, 'admin'), billing: await seedStaff(env.ctx, 'billing'), csm: await seedStaff(env.ctx, 'csm') };
  bAccountId = '000123456789';
  await env.ctx.db.insertInto('aws_accounts').values({ account_id: bAccountId, name: 'bravo-prod', root_email: 'root@bravo.test' }).execute();
  const assignment = await env.ctx.db
    .insertInto('account_assignments')
    .values({ account_id: bAccountId, company_id: b.companyId, valid_from: '2026-01-01', valid_to: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  bAssignmentId = assignment.id;
  // An issued invoice of B (written directly: the route matrix is about who may read it).
  const invoice = await env.ctx.db
    .insertInto('invoices')
    .values({ company_id: b.companyId, billing_month: '2026-10', kind: 'invoice', status: 'finalized', number: 'BRAVO-2026-10', subtotal_jpy: '1000', tax_jpy: '100', total_jpy: '1100', tax_rounding: 'down', billed_usd: '6.6', unblended_usd: '6.6', differences: '{}', cost_versions: '[]', created_by: 'test' })
    .returning('id')
    .executeTakeFirstOrThrow();
  bInvoiceId = invoice.id;
  // A notice of B and an alert of a large purchase by B's account.
  bNoticeId = (await env.ctx.db.insertInto('prepaid_notices').values({ company_id: b.companyId, purchase_type: 'RI', expected_usd: '40000', expected_date: '2026-10-15', note: null, filed_by: b.representative.email, acknowledged_by: null, acknowledged_at: null }).returning('id').executeTakeFirstOrThrow()).id;
  for (const f of fragments) {
    const seeded = await f.seed?.(env.ctx, { a, b, bAccountId });
    fragmentIds = { ...fragmentIds, ...seeded?.ids };
    fragmentSecrets = [...fragmentSecrets, ...(seeded?.secrets ?? [])];
  }
  bAlertId = (await env.ctx.db.insertInto('prepaid_purchases').values({ payer_account_id: '000999999999', usage_account_id: bAccountId, purchase_date: '2026-10-20', service_code: 'AmazonEC2', service_name: 'bravo-prod RI', purchase_type: 'RI', commitment_arn: 'arn:bravo', amount_usd: '40000', amount_jpy: 6_000_000n, usd_jpy: '150', rate_date: '2026-10-20', rate_source: 'MUFG', company_id: b.companyId, notice_id: null, alert_status: 'open', resolved_by: null, resolved_at: null, resolution_note: null }).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await server.close();
  await env.close();
});

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const paramsOf = (url: string) => [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);

function fill(url: string, ids: Record<string, string>) {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    const id = ids[name];
    if (!id) throw new Error(`No fixture id for :${name} in ${url}: add it to the route matrix`);
    return id;
  });
}

const bIds = () => ({ ...fragmentIds, companyId: b.companyId, userId: b.representative.id, accountId: bAccountId, assignmentId: bAssignmentId, ingestionId: b.companyId, invoiceId: bInvoiceId, noticeId: bNoticeId, alertId: bAlertId });
const bSecrets = () => [b.code, `${b.code} 株式会社`, b.representative.email, b.member.email, b.companyId, b.representative.id, 'bravo-prod', 'root@bravo.test', 'BRAVO-2026-10', ...fragmentSecrets];

async function call(user: FixtureUser, method: string, url: string, spec: RouteSpec) {
  const api = await new ApiClient(server, env.clock).signIn(user.email, user.password, user.totpSecret);
  return api.call(method as Method, spec.query ? `${url}?${spec.query}` : url, spec.body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}));
}

function customerRoles(access: RouteAccess) {
  return typeof access === 'string' ? ['representative', 'member'] : access.customer;
}

describe('route matrix', () => {
  it('lists every registered route', () => {
    const registered = server.daikoRoutes.map(key).sort();
    const missing = registered.filter((r) => !(r in ROUTES));
    expect(missing, 'routes missing from the tenant-isolation matrix').toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !registered.includes(r)), 'matrix entries with no route').toEqual([]);
  });

  it("never shows or changes company B's data to a user of company A", async () => {
    for (const route of server.daikoRoutes) {
      const spec = ROUTES[key(route)]!;
      for (const user of [a.representative, a.member]) {
        const res = await call(user, route.method, fill(route.url, bIds()), spec);
        const label = `${key(route)} as ${user.email}`;
        if (paramsOf(route.url).length > 0 || (typeof route.access === 'object' && !customerRoles(route.access).includes('member'))) {
          expect([403, 404], label).toContain(res.statusCode);
        }
        for (const secret of bSecrets()) expect(res.body, `${label} leaks ${secret}`).not.toContain(secret);
      }
    }
    // Nothing of B changed.
    const bUsers = await env.ctx.db.selectFrom('users').select(['name', 'role']).where('company_id', '=', b.companyId).orderBy('role').execute();
    expect(bUsers).toEqual([
      { name: 'BRAVO member', role: 'member' },
      { name: 'BRAVO representative', role: 'representative' },
    ]);
  });

  it('refuses representative-only routes to members of the same company', async () => {
    const ownIds = { ...fragmentIds, companyId: a.companyId, userId: a.member.id, accountId: bAccountId, assignmentId: bAssignmentId, ingestionId: a.companyId, invoiceId: bInvoiceId, noticeId: bNoticeId, alertId: bAlertId };
    const repOnly = server.daikoRoutes.filter((r) => typeof r.access === 'object' && r.access.customer.includes('representative') && !r.access.customer.includes('member'));
    expect(repOnly.length).toBeGreaterThan(0);
    for (const route of repOnly) {
      const res = await call(a.member, route.method, fill(route.url, ownIds), ROUTES[key(route)]!);
      expect(res.statusCode, key(route)).toBe(403);
    }
  });

  it('refuses staff routes to customers and to staff roles not listed', async () => {
    const staffRoutes = server.daikoRoutes.filter((r) => typeof r.access === 'object' && r.access.customer.length === 0);
    expect(staffRoutes.length).toBeGreaterThan(0);
    for (const route of staffRoutes) {
      const access = route.access as Exclude<RouteAccess, string>;
      const url = fill(route.url, bIds());
      expect((await call(a.representative, route.method, url, ROUTES[key(route)]!)).statusCode, key(route)).toBe(403);
      for (const role of ['admin', 'billing', 'csm'] as const) {
        if (access.staff.includes(role)) continue;
        expect((await call(staff[role], route.method, url, ROUTES[key(route)]!)).statusCode, `${key(route)} as ${role}`).toBe(403);
      }
    }
  });
});
