import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FX_SETTINGS } from '../../src/modules/fx/rules/fx-settings.ts';
import { ApiClient, startTestServer } from '../support/api.ts';
import { seedStaff, type FixtureUser } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let staff: Record<'admin' | 'billing' | 'csm', FixtureUser>;

beforeAll(async () => {
  env = await createTestContext();
  server = await startTestServer(env.ctx);
  staff = { admin: await seedStaff(env.ctx, 'admin'), billing: await seedStaff(env.ctx, 'billing'), csm: await seedStaff(env.ctx, 'csm') };
});
afterAll(async () => {
  await server.close();
  await env.close();
});

const signIn = (user: FixtureUser) => new ApiClient(server, env.clock).signIn(user.email, user.password, user.totpSecret);

const CSV =
  'date,usd_jpy\n2024-10-01,143.72\n2024-10-31,153.16\n2024-11-01,152.41\n2024-11-05,152.30\n2024-11-29,150.11\n2024-12-02,150.74\n2024-12-03,149.80\n2024-12-27,157.80\n2024-12-30,158.18\n';

describe('/api/fx-rates', () => {
  it('billing imports a file; the list shows the rates and which rate each usage month takes', async () => {
    const billing = await signIn(staff.billing);
    const imported = await billing.post('/api/fx-rates/import', { csv: CSV });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toEqual({ created: 9, updated: 0, unchanged: 0, sources: ['MUFG'], from: '2024-10-01', to: '2024-12-30' });

    const csm = await signIn(staff.csm);
    const listed = await csm.get('/api/fx-rates?from=2024-10-01&to=2025-01-10');
    expect(listed.statusCode).toBe(200);
    const body = listed.json();
    expect(body).toMatchObject({ source: 'MUFG', from: '2024-10-01', to: '2025-01-10', truncated: false });
    expect(body.sources).toEqual([{ source: 'MUFG', count: 9, firstDate: '2024-10-01', lastDate: '2024-12-30' }]);
    expect(body.rates[0]).toMatchObject({ date: '2024-12-30', usdJpy: '158.18', importedBy: 'billing@reseller.test' });
    expect(body.rates).toHaveLength(9);
    // Newest first; 2024-09 → 10-03 (Thursday) has no rate: a gap, named.
    expect(body.usageMonths).toEqual([
      { month: '2024-12', requestedDate: '2025-01-03', status: 'fallback', rateDate: '2024-12-30', usdJpy: '158.18', neededDate: null },
      { month: '2024-11', requestedDate: '2024-12-03', status: 'published', rateDate: '2024-12-03', usdJpy: '149.80', neededDate: null },
      { month: '2024-10', requestedDate: '2024-11-03', status: 'fallback', rateDate: '2024-11-01', usdJpy: '152.41', neededDate: null },
      { month: '2024-09', requestedDate: '2024-10-03', status: 'missing', rateDate: null, usdJpy: null, neededDate: '2024-10-03' },
    ]);

    // Without a range: the three months up to the latest rate.
    const recent = (await csm.get('/api/fx-rates')).json();
    expect(recent).toMatchObject({ from: '2024-09-29', to: '2024-12-30' });
  });

  it('refuses a bad file with every error, and csm may not import', async () => {
    const billing = await signIn(staff.billing);
    const refused = await billing.post('/api/fx-rates/import', {
      rows: [
        { date: '2024-12-04', usdJpy: '151.234567' },
        { date: 'tomorrow', usdJpy: '150' },
      ],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toBe(
      'The file has 2 errors; nothing was imported.\nline 1, column usd_jpy: "151.234567" is not a positive rate with at most 4 decimals (e.g. 151.23)\nline 2, column date: "tomorrow" is not a date (YYYY-MM-DD)',
    );
    const csm = await signIn(staff.csm);
    expect((await csm.post('/api/fx-rates/import', { csv: CSV })).statusCode).toBe(403);
  });
});

describe('/api/fx-settings', () => {
  it('staff read the settings; only admins change them', async () => {
    const csm = await signIn(staff.csm);
    expect((await csm.get('/api/fx-settings')).json()).toEqual(DEFAULT_FX_SETTINGS);
    const changed = { ...DEFAULT_FX_SETTINGS, usageRateDay: 5, fallback: 'following' };
    expect((await (await signIn(staff.billing)).call('PUT', '/api/fx-settings', changed)).statusCode).toBe(403);

    const admin = await signIn(staff.admin);
    const saved = await admin.call('PUT', '/api/fx-settings', { ...changed, source: 'smbc' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ ...changed, source: 'SMBC' });
    expect((await admin.call('PUT', '/api/fx-settings', { ...changed, maxFallbackDays: -1 })).statusCode).toBe(400);
    expect((await admin.call('PUT', '/api/fx-settings', { usageRateDay: 5 })).statusCode).toBe(400);
    expect((await csm.get('/api/fx-settings')).json()).toEqual({ ...changed, source: 'SMBC' });
    // The listing follows the active source: SMBC has no rates yet.
    expect((await csm.get('/api/fx-rates')).json()).toMatchObject({ source: 'SMBC', rates: [] });
  });
});
