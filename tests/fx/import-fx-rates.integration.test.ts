import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FX_RATES, seedDemoFxRates } from '../../src/modules/fx/demo-fx-rates.ts';
import { loadFxSettings } from '../../src/modules/fx/fx-settings-store.ts';
import { importFxRates } from '../../src/modules/fx/import-fx-rates.ts';
import { loadFxRatesForRun } from '../../src/modules/fx/load-rates.ts';
import { MissingFxRateError } from '../../src/modules/fx/rules/fx-rate-choice.ts';
import { DEFAULT_FX_SETTINGS } from '../../src/modules/fx/rules/fx-settings.ts';
import { updateFxSettings } from '../../src/modules/fx/update-fx-settings.ts';
import type { Caller } from '../../src/platform/context.ts';
import { DomainError } from '../../src/platform/errors.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
const cli: Caller = { actor: { kind: 'system', label: 'fx-test' }, ip: null };
const staff = (role: 'admin' | 'billing' | 'csm'): Caller => ({
  actor: {
    kind: 'staff',
    userId: '00000000-0000-4000-8000-00000000000' + ['admin', 'billing', 'csm'].indexOf(role),
    email: `${role}@reseller.test`,
    role,
  },
  ip: '192.0.2.1',
});

beforeAll(async () => {
  env = await createTestContext();
});
afterAll(async () => {
  await env.close();
});

const rates = () =>
  env.ctx.db
    .selectFrom('fx_rates')
    .select(['source', 'rate_date', 'usd_jpy', 'imported_by'])
    .orderBy('source')
    .orderBy('rate_date')
    .execute();
const auditRows = () => env.ctx.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'fx_rates').orderBy('id').execute();

const FILE =
  '\uFEFFdate,usd_jpy\r\n2024-10-31,153.16\r\n2024-11-01,152.41\r\n2024-11-05,152.3\r\n2024-12-02,150.74\r\n2024-12-03,149.80\r\n2024-12-30,158.18\r\n';

describe('importing rates', () => {
  it('stores a file under the active source, as published, with one audit row', async () => {
    expect(await importFxRates(env.ctx, cli, { csv: FILE })).toEqual({
      created: 6,
      updated: 0,
      unchanged: 0,
      sources: ['MUFG'],
      from: '2024-10-31',
      to: '2024-12-30',
    });
    const stored = await rates();
    expect(stored.map((r) => [r.rate_date, r.usd_jpy])).toEqual([
      ['2024-10-31', '153.16'],
      ['2024-11-01', '152.41'],
      ['2024-11-05', '152.30'],
      ['2024-12-02', '150.74'],
      ['2024-12-03', '149.80'],
      ['2024-12-30', '158.18'],
    ]);
    expect(new Set(stored.map((r) => `${r.source} ${r.imported_by}`))).toEqual(new Set(['MUFG cli:fx-test']));
    const [audit] = await auditRows();
    expect(audit).toMatchObject({ action: 'fx_rate.import', actor_label: 'cli:fx-test', entity_id: 'MUFG' });
    expect(audit!.after).toMatchObject({ created: 6, updated: 0, unchanged: 0, changed: [] });
  });

  it('changes nothing when the same file comes again', async () => {
    const before = await env.ctx.db.selectFrom('fx_rates').selectAll().orderBy('rate_date').execute();
    expect(await importFxRates(env.ctx, cli, { csv: FILE })).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    expect(await env.ctx.db.selectFrom('fx_rates').selectAll().orderBy('rate_date').execute()).toEqual(before);
  });

  it('updates a corrected rate and audits old and new value', async () => {
    const corrected = 'date,usd_jpy\n2024-11-01,152.45\n2024-11-05,152.30\n';
    expect(await importFxRates(env.ctx, staff('billing'), { csv: corrected })).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const row = (await rates()).find((r) => r.rate_date === '2024-11-01')!;
    expect(row).toMatchObject({ usd_jpy: '152.45', imported_by: 'billing@reseller.test' });
    expect((await auditRows()).at(-1)!.after).toMatchObject({
      updated: 1,
      changed: [{ date: '2024-11-01', source: 'MUFG', before: '152.41', after: '152.45' }],
    });
  });

  it('takes JSON rows and other sources', async () => {
    const result = await importFxRates(env.ctx, staff('admin'), {
      rows: [
        { date: '2024-11-01', usdJpy: '152.50', source: 'smbc' },
        { date: '2024-11-05', usdJpy: '152.35' },
      ],
      source: 'SMBC',
    });
    expect(result).toEqual({ created: 2, updated: 0, unchanged: 0, sources: ['SMBC'], from: '2024-11-01', to: '2024-11-05' });
    expect((await rates()).filter((r) => r.source === 'SMBC').map((r) => r.usd_jpy)).toEqual(['152.50', '152.35']);
  });

  it('refuses a bad file whole, every error by line and column', async () => {
    const before = await rates();
    const auditBefore = (await auditRows()).length;
    const error = (await importFxRates(env.ctx, cli, {
      csv: 'date,usd_jpy\n2024-11-06,151.9\n2024-11-31,152\n2024-11-07,abc\n2024-11-06,152.00\n',
    }).catch((e: unknown) => e)) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      [
        'The file has 3 errors; nothing was imported.',
        'line 3, column date: "2024-11-31" is not a date (YYYY-MM-DD)',
        'line 4, column usd_jpy: "abc" is not a positive rate with at most 4 decimals (e.g. 151.23)',
        'line 5, column date: the rate of 2024-11-06 (source MUFG) already appears on line 2',
      ].join('\n'),
    );
    expect(await rates()).toEqual(before);
    expect((await auditRows()).length).toBe(auditBefore);
  });

  it('is for billing and admins only', async () => {
    await expect(importFxRates(env.ctx, staff('csm'), { csv: FILE })).rejects.toMatchObject({ code: 'forbidden' });
    const customer: Caller = {
      actor: {
        kind: 'customer',
        userId: '00000000-0000-4000-8000-000000000009',
        email: 'x@y.test',
        role: 'representative',
        companyId: 'c',
      },
    };
    await expect(importFxRates(env.ctx, customer, { csv: FILE })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('the rates of a run', () => {
  it('chooses every rate up front from the stored table and settings', async () => {
    const run = await loadFxRatesForRun(env.ctx.db, { usageMonths: ['2024-10', '2024-11', '2024-12'], purchaseDates: ['2024-11-02'] });
    expect(run.usageMonth('2024-10')).toMatchObject({
      requestedDate: '2024-11-03',
      rateDate: '2024-11-01',
      usdJpy: '152.45',
      source: 'MUFG',
      fallback: true,
    });
    expect(run.usageMonth('2024-11')).toMatchObject({ rateDate: '2024-12-03', usdJpy: '149.80', fallback: false });
    expect(run.usageMonth('2024-12')).toMatchObject({ requestedDate: '2025-01-03', rateDate: '2024-12-30', usdJpy: '158.18' });
    expect(run.purchase('2024-11-02')).toMatchObject({ rateDate: '2024-11-01', fallback: true });
    // 1234.56 × 152.45 = 188208.672 → 188209 (half-up)
    expect(run.toYen('1234.56', run.usageMonth('2024-10'))).toBe(188209n);
    expect(() => run.usageMonth('2024-09')).toThrow(/not loaded/);
  });

  it('names every missing day at once', async () => {
    // 2024-09 → 2024-10-03 (Thursday, no rate); purchase 2024-11-11 (Monday, no rate).
    const error = (await loadFxRatesForRun(env.ctx.db, { usageMonths: ['2024-09', '2024-10'], purchaseDates: ['2024-11-11'] }).catch(
      (e: unknown) => e,
    )) as DomainError;
    expect(error.code).toBe('fx_rate_missing');
    expect(error.message).toContain('2 FX rates are missing');
    expect(error.message).toContain('needs the USD/JPY rate of 2024-10-03 (source MUFG) for usage month 2024-09');
    expect(error.message).toContain('needs the USD/JPY rate of 2024-11-11 (source MUFG) for the purchase on 2024-11-11');
    const single = await loadFxRatesForRun(env.ctx.db, { usageMonths: ['2024-09'] }).catch((e: unknown) => e);
    expect(single).toBeInstanceOf(MissingFxRateError);
    expect((single as MissingFxRateError).neededDate).toBe('2024-10-03');
  });

  it('follows the settings an admin saves', async () => {
    expect(await loadFxSettings(env.ctx.db)).toEqual(DEFAULT_FX_SETTINGS);
    await expect(updateFxSettings(env.ctx, staff('billing'), { ...DEFAULT_FX_SETTINGS, fallback: 'following' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const saved = await updateFxSettings(env.ctx, staff('admin'), { ...DEFAULT_FX_SETTINGS, fallback: 'following', rounding: 'down' });
    expect(saved).toMatchObject({ fallback: 'following', rounding: 'down' });
    const run = await loadFxRatesForRun(env.ctx.db, { usageMonths: ['2024-10'] });
    // Following: 11-03 Sunday, 11-04 振替休日 → 11-05; 1234.56 × 152.30 = 188023.488 → 188023 (down)
    expect(run.usageMonth('2024-10')).toMatchObject({ rateDate: '2024-11-05', usdJpy: '152.30' });
    expect(run.toYen('1234.56', run.usageMonth('2024-10'))).toBe(188023n);
    const audit = await env.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'fx_settings.update').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toMatchObject({ fallback: 'preceding' });
    expect(audit[0]!.after).toMatchObject({ fallback: 'following', rounding: 'down' });
    // Saving the same again records nothing.
    await updateFxSettings(env.ctx, staff('admin'), saved);
    expect(await env.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'fx_settings.update').execute()).toHaveLength(1);
    await expect(updateFxSettings(env.ctx, staff('admin'), { ...saved, usageRateDay: 31 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await updateFxSettings(env.ctx, staff('admin'), DEFAULT_FX_SETTINGS);
  });
});

describe('demo rates', () => {
  it('cover every bank business day from August to December 2026; the demo stores those published by its day', async () => {
    // Bank business days: Aug 20 (8/11 山の日), Sep 19 (9/21–23), Oct 21 (10/12), Nov 19 (11/3, 11/23),
    // Dec 22 (12/31 is a bank holiday) = 101; through Monday 2026-11-23 (a holiday): 20 + 19 + 21 + 14 = 74.
    expect(DEMO_FX_RATES).toHaveLength(101);
    expect(DEMO_FX_RATES.every((r) => /^1[45]\d\.\d{2}$/.test(r.usdJpy))).toBe(true);
    expect(await env.ctx.db.transaction().execute((tx) => seedDemoFxRates(tx, '2026-11-23'))).toBe(74);
    const latest = await env.ctx.db
      .selectFrom('fx_rates')
      .select(sql<string>`max(rate_date)::text`.as('d'))
      .where('imported_by', '=', 'demo-seed')
      .executeTakeFirstOrThrow();
    expect(latest.d).toBe('2026-11-20');
    const run = await loadFxRatesForRun(env.ctx.db, { usageMonths: ['2026-08', '2026-09', '2026-10'] });
    // 2026-11-03 is 文化の日 (Tuesday) → Monday 2026-11-02.
    expect(run.usageMonth('2026-10')).toMatchObject({ requestedDate: '2026-11-03', rateDate: '2026-11-02', fallback: true });
  });
});
