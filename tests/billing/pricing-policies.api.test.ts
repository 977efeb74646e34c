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
let csm: ApiClient;
let representative: ApiClient;

beforeAll(async () => {
  env = await createTestContext();
  server = await startTestServer(env.ctx);
  acme = await seedTenant(env.ctx, 'ACME');
  globex = await seedTenant(env.ctx, 'GLOBEX');
  const signIn = (u: { email: string; totpSecret: string }) => new ApiClient(server, env.clock).signIn(u.email, PASSWORD, u.totpSecret);
  admin = await signIn(await seedStaff(env.ctx, 'admin'));
  billing = await signIn(await seedStaff(env.ctx, 'billing'));
  csm = await signIn(await seedStaff(env.ctx, 'csm'));
  representative = await signIn(acme.representative);
});
afterAll(async () => {
  await server.close();
  await env.close();
});

const url = (companyId: string, rest = '') => `/api/companies/${companyId}/pricing-policies${rest}`;
const inForce = async (client: ApiClient, companyId: string, month: string) => {
  const res = await client.get(url(companyId, `/in-force?month=${month}`));
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/** The policy of SPEC §2 as stored: every field filled in. */
const DEFAULT = {
  passedDiscounts: [],
  markup: { global: '0', byService: {}, byBillingEntity: {} },
  customLines: [],
  rounding: { tax: 'down' },
};

const APRIL = {
  passedDiscounts: ['EdpDiscount'],
  markup: { global: '5', byService: { AmazonEC2: '8' }, byBillingEntity: { 'AWS Marketplace': '0' } },
  customLines: [{ description: '運用代行費', kind: 'fixed', amountJpy: '50000', recurrence: 'recurring', fromMonth: '2026-04' }],
  rounding: { line: 'half-up', tax: 'down' },
};

/** A finalized invoice, as the invoice run leaves it (total = subtotal + tax, a number once not a draft). */
async function insertInvoice(companyId: string, month: string, status: 'draft' | 'finalized' | 'sent', number: string | null) {
  await env.ctx.db
    .insertInto('invoices')
    .values({
      company_id: companyId,
      billing_month: month,
      kind: 'invoice',
      status,
      number,
      subtotal_jpy: '100000',
      tax_jpy: '10000',
      total_jpy: '110000',
      tax_rounding: 'down',
      billed_usd: '666.6666666667',
      unblended_usd: '666.6666666667',
      differences: '{}',
      cost_versions: '[]',
      created_by: 'test',
    })
    .execute();
}

describe('pricing policies', () => {
  it('bill a billing-agency company with no version by the default policy', async () => {
    const res = await csm.get(url(acme.companyId));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ companyId: acme.companyId, versions: [], lastInvoicedMonth: null });
    expect(await inForce(csm, acme.companyId, '2026-03')).toEqual({
      companyId: acme.companyId,
      month: '2026-03',
      billingAgency: true,
      source: 'default',
      version: null,
      policy: DEFAULT,
    });
  });

  it('add a version effective from a month, filled with defaults and audited against the policy it replaces', async () => {
    const res = await billing.post(url(acme.companyId), {
      effectiveFrom: '2026-04',
      policy: APRIL,
      note: '  契約更新（運用代行費を追加）  ',
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toEqual({
      id: expect.any(String),
      companyId: acme.companyId,
      effectiveFrom: '2026-04',
      version: 1,
      policy: APRIL,
      note: '契約更新（運用代行費を追加）',
      createdBy: 'billing@reseller.test',
      createdAt: expect.any(String),
    });

    const audit = await env.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'pricing_policy.add_version').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_label: 'billing@reseller.test',
      entity_type: 'pricing_policy',
      entity_id: created.id,
      company_id: acme.companyId,
    });
    expect(audit[0]!.before).toEqual({ inForceFor: '2026-04', effectiveFrom: null, version: 'default', policy: DEFAULT });
    expect(audit[0]!.after).toEqual({ effectiveFrom: '2026-04', version: 1, policy: APRIL, note: '契約更新（運用代行費を追加）' });

    // A partial policy takes the defaults for everything it leaves out.
    const partial = await admin.post(url(globex.companyId), { effectiveFrom: '2026-01', policy: { markup: { global: '-2.5' } } });
    expect(partial.statusCode, partial.body).toBe(201);
    expect(partial.json().policy).toEqual({ ...DEFAULT, markup: { global: '-2.5', byService: {}, byBillingEntity: {} } });
    expect(partial.json().note).toBeNull();
  });

  it('number versions per effective month and choose, for each month, the latest version effective on or before it', async () => {
    const aprilV2 = { ...APRIL, markup: { ...APRIL.markup, global: '6' } };
    const second = await admin.post(url(acme.companyId), { effectiveFrom: '2026-04', policy: aprilV2, note: 'typo in v1' });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().version).toBe(2);
    const july = await admin.post(url(acme.companyId), {
      effectiveFrom: '2026-07',
      policy: { passedDiscounts: ['SppDiscount', 'EdpDiscount'] },
    });
    expect(july.json().version).toBe(1);

    const listing = (await csm.get(url(acme.companyId))).json();
    expect(listing.versions.map((v: { effectiveFrom: string; version: number }) => `${v.effectiveFrom} v${v.version}`)).toEqual([
      '2026-07 v1',
      '2026-04 v2',
      '2026-04 v1',
    ]);

    const march = await inForce(csm, acme.companyId, '2026-03');
    expect([march.source, march.version]).toEqual(['default', null]);
    for (const month of ['2026-04', '2026-06']) {
      const chosen = await inForce(csm, acme.companyId, month);
      expect(chosen).toMatchObject({ source: 'version', version: { effectiveFrom: '2026-04', version: 2, note: 'typo in v1' } });
      expect(chosen.policy.markup.global).toBe('6');
    }
    const later = await inForce(csm, acme.companyId, '2027-01');
    expect(later).toMatchObject({ source: 'version', version: { effectiveFrom: '2026-07', version: 1 } });
    expect(later.policy.passedDiscounts).toEqual(['SppDiscount', 'EdpDiscount']);

    // The second version's audit row names the first as what it replaced.
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('entity_id', '=', second.json().id)
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({
      inForceFor: '2026-04',
      effectiveFrom: '2026-04',
      version: 1,
      policy: { markup: { global: '5' } },
    });
    expect(audit.after).toMatchObject({ version: 2, policy: { markup: { global: '6' } } });
  });

  it('default to the current UTC month', async () => {
    const res = await csm.get(url(acme.companyId, '/in-force'));
    expect(res.statusCode).toBe(200);
    expect(res.json().month).toBe(env.clock.now().toISOString().slice(0, 7));
  });

  it('refuse a version that would re-price a month already invoiced, and only such a version', async () => {
    // Versions now: 2026-04 (v1, v2) and 2026-07. May is finalized, August only drafted.
    await insertInvoice(acme.companyId, '2026-05', 'finalized', 'INV-202605-00001');
    await insertInvoice(acme.companyId, '2026-08', 'draft', null);
    const before = await env.ctx.db.selectFrom('pricing_policies').select('id').where('company_id', '=', acme.companyId).execute();

    // From April or May, the new version would price May (until July's version takes over).
    for (const effectiveFrom of ['2026-04', '2026-05']) {
      const res = await admin.post(url(acme.companyId), { effectiveFrom, policy: { markup: { global: '9' } } });
      expect(res.statusCode, effectiveFrom).toBe(409);
      expect(res.json()).toEqual({
        error: 'month_invoiced',
        message: `The invoice of 2026-05 for ACME is already finalized (INV-202605-00001): a version effective from ${effectiveFrom} would re-price it. Choose 2026-06 or later.`,
      });
    }
    const after = await env.ctx.db.selectFrom('pricing_policies').select('id').where('company_id', '=', acme.companyId).execute();
    expect(after).toHaveLength(before.length);

    // March is priced only until April's version: May is untouched. June, and a drafted August, are open.
    for (const effectiveFrom of ['2026-03', '2026-06', '2026-08']) {
      const res = await admin.post(url(acme.companyId), { effectiveFrom, policy: { markup: { global: '9' } } });
      expect(res.statusCode, `${effectiveFrom}: ${res.body}`).toBe(201);
    }
    expect((await csm.get(url(acme.companyId))).json().lastInvoicedMonth).toBe('2026-05');
    // The finalized May is still billed with what it was billed with.
    expect((await inForce(csm, acme.companyId, '2026-05')).version).toMatchObject({ effectiveFrom: '2026-04', version: 2 });
  });

  it('refuse a version that changes nothing', async () => {
    const res = await admin.post(url(acme.companyId), { effectiveFrom: '2026-09', policy: { markup: { global: '9' } } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      error: 'policy_unchanged',
      message: 'This policy is already in force for 2026-09 (version 1 of 2026-08): nothing would change.',
    });
    const fresh = await admin.post(url(globex.companyId), { effectiveFrom: '2025-01', policy: {} });
    expect(fresh.json().message).toBe('This policy is already in force for 2025-01 (the default policy): nothing would change.');
  });

  it('number versions added at the same time one after the other (the company row is the lock)', async () => {
    const results = await Promise.all(
      ['11', '12', '13'].map((global) => admin.post(url(globex.companyId), { effectiveFrom: '2027-01', policy: { markup: { global } } })),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(results.map((r) => r.json().version as number).sort()).toEqual([1, 2, 3]);
  });

  it('name the field of every validation error', async () => {
    const post = (body: unknown) => admin.post(url(acme.companyId), body);
    const cases: [unknown, string][] = [
      [{ effectiveFrom: '2026-13', policy: {} }, 'effectiveFrom: a month YYYY-MM'],
      [{ effectiveFrom: '2027-01', policy: { markup: { global: 'ten' } } }, 'policy.markup.global: a percent such as 10 or -5.5'],
      [{ effectiveFrom: '2027-01', policy: { markup: { global: '-150' } } }, 'policy.markup.global: between -100 and 999'],
      [
        { effectiveFrom: '2027-01', policy: { markup: { byService: { AmazonEC2: '1.23456' } } } },
        'policy.markup.byService.AmazonEC2: a percent',
      ],
      [{ effectiveFrom: '2027-01', policy: { passedDiscounts: ['Credit'] } }, 'policy.passedDiscounts.0'],
      [{ effectiveFrom: '2027-01', policy: { rounding: { tax: 'nearest' } } }, 'policy.rounding.tax'],
      [
        {
          effectiveFrom: '2027-01',
          policy: { customLines: [{ description: '保守', kind: 'fixed', percent: '5', recurrence: 'one-off', fromMonth: '2027-01' }] },
        },
        'policy.customLines.0: a fixed line has amountJpy, a percent line has percent',
      ],
      [
        {
          effectiveFrom: '2027-01',
          policy: { customLines: [{ description: '保守', kind: 'fixed', amountJpy: '1.5', recurrence: 'one-off', fromMonth: '2027-01' }] },
        },
        'policy.customLines.0.amountJpy: integer yen',
      ],
      [
        {
          effectiveFrom: '2027-01',
          policy: {
            customLines: [
              { description: '保守', kind: 'fixed', amountJpy: '1000', recurrence: 'recurring', fromMonth: '2027-03', toMonth: '2027-02' },
            ],
          },
        },
        'policy.customLines.0.toMonth: toMonth before fromMonth',
      ],
      [{ effectiveFrom: '2027-01', policy: {}, note: 'x'.repeat(501) }, 'note'],
    ];
    for (const [body, expected] of cases) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error).toBe('invalid_input');
      expect(res.json().message, JSON.stringify(body)).toContain(expected);
    }
  });

  it('are read by every staff role, added by admins and billing operators only, never seen by customers', async () => {
    const body = { effectiveFrom: '2027-02', policy: { markup: { global: '1' } } };
    expect((await csm.post(url(acme.companyId), body)).statusCode).toBe(403);
    expect((await representative.post(url(acme.companyId), body)).statusCode).toBe(403);
    expect((await representative.get(url(acme.companyId))).statusCode).toBe(403);
    expect((await representative.get(url(acme.companyId, '/in-force?month=2026-05'))).statusCode).toBe(403);
    const unknown = randomUUID();
    expect((await csm.get(url(unknown))).statusCode).toBe(404);
    expect((await csm.get(url(unknown, '/in-force'))).statusCode).toBe(404);
    expect((await admin.post(url(unknown), body)).statusCode).toBe(404);
    expect((await csm.get(url(acme.companyId, '/in-force?month=2026-5'))).statusCode).toBe(400);
  });

  it('are append-only in the database', async () => {
    const row = await env.ctx.db
      .selectFrom('pricing_policies')
      .select('id')
      .where('company_id', '=', acme.companyId)
      .executeTakeFirstOrThrow();
    await expect(env.ctx.db.updateTable('pricing_policies').set({ note: 'edited' }).where('id', '=', row.id).execute()).rejects.toThrow(
      /never changed/,
    );
    await expect(env.ctx.db.deleteFrom('pricing_policies').where('id', '=', row.id).execute()).rejects.toThrow(/never changed/);
  });
});
