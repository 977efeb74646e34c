import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregationResult } from '../../src/modules/costs/aggregator.ts';
import { generateCur } from '../../src/modules/costs/generator/generate-cur.ts';
import { ingestCostSource } from '../../src/modules/costs/ingest-cost-source.ts';
import type { CostFact, TagFact } from '../../src/modules/costs/line-model.ts';
import { costFact, factsResult, replaceWithResult } from '../support/cost-facts.ts';
import { createTestContext } from '../support/test-context.ts';

/**
 * Tag facts on a real database: stored with the month, every key of a month adding up exactly to the
 * month's cost facts, replaced in the same transaction as the facts.
 */
let env: Awaited<ReturnType<typeof createTestContext>>;
let dir: string;
const caller = { actor: { kind: 'system' as const, label: 'test' }, ip: null };
const PAYER = '999900000001';

beforeAll(async () => {
  env = await createTestContext();
  dir = await mkdtemp(join(tmpdir(), 'daiko-tag-facts-'));
});
afterAll(async () => {
  await env.close();
  await rm(dir, { recursive: true, force: true });
});

/** Per period and key: tag facts' sums minus the cost facts' sums (all zero when the invariant holds). */
async function invariantGaps() {
  const { rows } = await sql<{
    billing_period: string;
    tag_key: string;
    unblended: string;
    list: string;
    amortized: string;
    lines: string;
  }>`
    WITH f AS (
      SELECT billing_period, sum(unblended_usd) AS u, sum(list_usd) AS l, sum(amortized_usd) AS a, sum(line_count) AS n
      FROM cost_facts WHERE payer_account_id = ${PAYER} GROUP BY 1),
    t AS (
      SELECT billing_period, tag_key, sum(unblended_usd) AS u, sum(list_usd) AS l, sum(amortized_usd) AS a, sum(line_count) AS n
      FROM cost_tag_facts WHERE payer_account_id = ${PAYER} GROUP BY 1, 2)
    SELECT t.billing_period, t.tag_key, (t.u - f.u)::text AS unblended, (t.l - f.l)::text AS list, (t.a - f.a)::text AS amortized, (t.n - f.n)::text AS lines
    FROM t JOIN f USING (billing_period) ORDER BY 1, 2`.execute(env.ctx.db);
  return rows;
}

const tagFactCount = async () =>
  Number(
    (
      await env.ctx.db
        .selectFrom('cost_tag_facts')
        .select(sql<string>`count(*)`.as('n'))
        .where('payer_account_id', '=', PAYER)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('tag facts', () => {
  it('stores every tag key of each month of a generated CUR, each adding up exactly to the cost facts', async () => {
    const out = join(dir, 'cur');
    await generateCur({ outDir: out, format: 'cur', accounts: 4, months: 2, rowsPerMonth: 3000, seed: 7, payerAccountId: PAYER });
    const summaries = await ingestCostSource(env.ctx, caller, out);
    expect(summaries.map((s) => s.status)).toEqual(['succeeded', 'succeeded']);
    const gaps = await invariantGaps();
    expect(gaps.map((g) => [g.billing_period, g.tag_key])).toEqual([
      ['2026-10', 'user:CostCenter'],
      ['2026-10', 'user:Environment'],
      ['2026-10', 'user:Project'],
      ['2026-11', 'user:CostCenter'],
      ['2026-11', 'user:Environment'],
      ['2026-11', 'user:Project'],
    ]);
    for (const g of gaps) expect([g.unblended, g.list, g.amortized, g.lines].map(Number)).toEqual([0, 0, 0, 0]);
    // The generator leaves some streams untagged: they are counted under '' (untagged).
    const untagged = await env.ctx.db
      .selectFrom('cost_tag_facts')
      .select(sql<string>`count(*)`.as('n'))
      .where('tag_key', '=', 'user:Environment')
      .where('tag_value', '=', '')
      .executeTakeFirstOrThrow();
    expect(Number(untagged.n)).toBeGreaterThan(0);
    // The same files again change nothing.
    const before = await tagFactCount();
    expect((await ingestCostSource(env.ctx, caller, out)).map((s) => s.status)).toEqual(['unchanged', 'unchanged']);
    expect(await tagFactCount()).toBe(before);
  });

  it('replaces them with the month: a failure while inserting tag facts keeps the old month, facts and tags', async () => {
    const before = await tagFactCount();
    const facts = [costFact(PAYER, '210000000001', '2026-10-01', '5')];
    const tagFact: TagFact = { ...facts[0]!, tagKey: 'user:Environment', tagValue: 'prod', lineCount: 1 } as TagFact;
    const failing = resultOf(facts, async function* () {
      yield [tagFact];
      throw new Error('disk full (injected)');
    });
    await expect(replace(failing, 'failing')).rejects.toThrow(/disk full/);
    expect(await tagFactCount()).toBe(before);
    expect((await invariantGaps()).every((g) => Number(g.unblended) === 0)).toBe(true);

    // A delivery without tags replaces the month: its old tag facts go with its old facts.
    await replace(resultOf(facts, undefined), 'untagged');
    const months = await env.ctx.db
      .selectFrom('cost_tag_facts')
      .select('billing_period')
      .distinct()
      .where('payer_account_id', '=', PAYER)
      .execute();
    expect(months.map((m) => m.billing_period)).toEqual(['2026-11']);
  });
});

function resultOf(facts: CostFact[], tagFacts: (() => AsyncGenerator<TagFact[]>) | undefined): AggregationResult {
  const result = factsResult(facts, { isFinal: false });
  return tagFacts ? { ...result, tagKeys: ['user:Environment'], tagFacts } : result;
}

const replace = (result: AggregationResult, fingerprint: string) => replaceWithResult(env.ctx, result, fingerprint);
