import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregationResult } from '../../src/modules/costs/aggregator.ts';
import type { CostFact } from '../../src/modules/costs/line-model.ts';
import { replaceBillingPeriods } from '../../src/modules/costs/replace-billing-periods.ts';
import { costFact } from '../support/cost-facts.ts';
import { createTestContext } from '../support/test-context.ts';

/**
 * The storage guarantees of the cost pipe, on a real database: one version of a month in force,
 * replaced atomically; the same fingerprint twice changes nothing; a failure mid-way leaves the
 * previous version intact; a restated month that billing locked records its differences.
 */
let env: Awaited<ReturnType<typeof createTestContext>>;
beforeAll(async () => {
  env = await createTestContext();
});
afterAll(() => env.close());

const PAYER = '999988887777';

const fact = (account: string, day: string, usd: string, overrides: Partial<CostFact> = {}): CostFact => costFact(PAYER, account, day, usd, overrides);

function resultOf(facts: CostFact[], options: { failAfterBatches?: number } = {}): AggregationResult {
  return {
    format: 'cur',
    payerAccountId: PAYER,
    billingPeriods: [...new Set(facts.map((f) => f.billingPeriod))],
    isFinal: false,
    invoiceIds: [],
    rowsRead: facts.length,
    rowsSkippedOtherProviders: 0,
    totalsByLineType: {},
    warnings: [],
    factCount: facts.length,
    async *facts() {
      // One fact per batch, so a failure can be injected between two inserts.
      for (const [i, f] of facts.entries()) {
        if (options.failAfterBatches !== undefined && i === options.failAfterBatches) throw new Error('disk full (injected)');
        yield [f];
      }
    },
    close: async () => {},
  };
}

async function newIngestion() {
  const { id } = await env.ctx.db
    .insertInto('cost_ingestions')
    .values({ source: 'test', status: 'running', requested_by: 'test', format: 'cur', payer_account_id: null, billing_period: null, assembly_id: null, fingerprint: null, is_final: null, error: null, started_at: null, finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function replace(facts: CostFact[], fingerprint: string, options: { failAfterBatches?: number } = {}) {
  const ingestionId = await newIngestion();
  return env.ctx.db.transaction().execute((tx) => replaceBillingPeriods(tx, { ingestionId, fingerprint, result: resultOf(facts, options) }));
}

async function octoberTotal() {
  const row = await env.ctx.db
    .selectFrom('cost_facts')
    .select([sql<string>`coalesce(sum(unblended_usd), 0)::text`.as('usd'), sql<string>`count(*)::text`.as('n')])
    .where('billing_period', '=', '2026-10')
    .executeTakeFirstOrThrow();
  return { usd: Number(row.usd).toFixed(10), n: Number(row.n) };
}

describe('month replacement', () => {
  const v1 = [fact('111111111111', '2026-10-01', '10.5'), fact('222222222222', '2026-10-02', '4.25'), fact('111111111111', '2026-11-01', '3')];

  it('stores a delivery as version 1 of each period it covers', async () => {
    const outcomes = await replace(v1, 'fp-1');
    expect(outcomes).toEqual([
      { billingPeriod: '2026-10', status: 'replaced', version: 1, restatedAccounts: 0 },
      { billingPeriod: '2026-11', status: 'replaced', version: 1, restatedAccounts: 0 },
    ]);
    expect(await octoberTotal()).toEqual({ usd: '14.7500000000', n: 2 });
  });

  it('changes nothing when the same files come again', async () => {
    const outcomes = await replace(v1, 'fp-1');
    expect(outcomes.map((o) => [o.status, o.version])).toEqual([
      ['unchanged', 1],
      ['unchanged', 1],
    ]);
    expect(await octoberTotal()).toEqual({ usd: '14.7500000000', n: 2 });
  });

  it('keeps the previous version whole when an ingest fails half-way', async () => {
    const v2 = [fact('111111111111', '2026-10-01', '99'), fact('333333333333', '2026-10-03', '1'), fact('222222222222', '2026-10-04', '2')];
    await expect(replace(v2, 'fp-2', { failAfterBatches: 2 })).rejects.toThrow('disk full (injected)');
    expect(await octoberTotal()).toEqual({ usd: '14.7500000000', n: 2 });
    const period = await env.ctx.db.selectFrom('cost_periods').selectAll().where('billing_period', '=', '2026-10').executeTakeFirstOrThrow();
    expect(period).toMatchObject({ version: 1, fingerprint: 'fp-1' });
  });

  it('replaces a month whole, and records per-account differences once billing has locked it', async () => {
    await replace([fact('111111111111', '2026-10-01', '11'), fact('222222222222', '2026-10-02', '4.25')], 'fp-3');
    expect(await octoberTotal()).toEqual({ usd: '15.2500000000', n: 2 });
    expect(await env.ctx.db.selectFrom('cost_restatements').selectAll().execute()).toEqual([]);

    await env.ctx.db.updateTable('cost_periods').set({ locked_at: new Date() }).where('billing_period', '=', '2026-10').execute();
    const outcomes = await replace([fact('111111111111', '2026-10-01', '11'), fact('222222222222', '2026-10-02', '4.0000000001'), fact('333333333333', '2026-10-05', '0.5')], 'fp-4');
    expect(outcomes.find((o) => o.billingPeriod === '2026-10')).toEqual({ billingPeriod: '2026-10', status: 'replaced', version: 3, restatedAccounts: 2 });
    const deltas = await env.ctx.db.selectFrom('cost_restatements').select(['usage_account_id', 'from_version', 'to_version', 'unblended_delta_usd']).orderBy('usage_account_id').execute();
    expect(deltas.map((d) => [d.usage_account_id, d.from_version, d.to_version, Number(d.unblended_delta_usd).toFixed(10)])).toEqual([
      ['222222222222', 2, 3, '-0.2499999999'],
      ['333333333333', 2, 3, '0.5000000000'],
    ]);
    // Both versions' totals are kept.
    const versions = await env.ctx.db.selectFrom('cost_version_account_totals').select(['version', 'usage_account_id', 'unblended_usd']).where('billing_period', '=', '2026-10').where('version', 'in', [2, 3]).orderBy('version').orderBy('usage_account_id').execute();
    expect(versions.map((v) => [v.version, v.usage_account_id, Number(v.unblended_usd)])).toEqual([
      [2, '111111111111', 11],
      [2, '222222222222', 4.25],
      [3, '111111111111', 11],
      [3, '222222222222', 4.0000000001],
      [3, '333333333333', 0.5],
    ]);
  });

  // Needs a second connection to read with; on PGlite (one connection) a reader simply waits its turn.
  it.runIf(process.env.DATABASE_URL)('never shows a reader half a month while a replacement is in flight', async () => {
    const ingestionId = await newIngestion();
    let release!: () => void;
    const midway = new Promise<void>((resolve) => (release = resolve));
    const result = resultOf([fact('111111111111', '2026-10-01', '1'), fact('444444444444', '2026-10-06', '2')]);
    const slow: AggregationResult = {
      ...result,
      async *facts() {
        const batches = result.facts()[Symbol.asyncIterator]();
        yield (await batches.next()).value as CostFact[];
        release();
        await new Promise((r) => setTimeout(r, 300));
        yield (await batches.next()).value as CostFact[];
      },
    };
    const writing = env.ctx.db.transaction().execute((tx) => replaceBillingPeriods(tx, { ingestionId, fingerprint: 'fp-5', result: slow }));
    await midway;
    expect(await octoberTotal()).toEqual({ usd: '15.5000000001', n: 3 });
    await writing;
    expect(await octoberTotal()).toEqual({ usd: '3.0000000000', n: 2 });
  });
});
