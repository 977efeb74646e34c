import type { AggregationResult } from '../../src/modules/costs/aggregator.ts';
import type { CostFact, TagFact } from '../../src/modules/costs/line-model.ts';
import { replaceBillingPeriods } from '../../src/modules/costs/replace-billing-periods.ts';
import type { AppContext } from '../../src/platform/context.ts';

/** One aggregated cost fact; amounts as decimal strings, list = unblended unless given. */
export function costFact(payer: string, account: string, day: string, usd: string, overrides: Partial<CostFact> = {}): CostFact {
  return {
    billingPeriod: day.slice(0, 7),
    payerAccountId: payer,
    usageAccountId: account,
    usageDate: day,
    serviceCode: 'AmazonEC2',
    serviceName: 'Amazon Elastic Compute Cloud',
    region: 'ap-northeast-1',
    usageType: 'APN1-BoxUsage:m5.large',
    operation: 'RunInstances',
    lineItemType: 'Usage',
    billType: 'Anniversary',
    billingEntity: 'AWS',
    commitmentArn: '',
    commitmentOwnerAccountId: '',
    invoiceId: '',
    unblendedUsd: usd,
    listUsd: usd,
    amortizedUsd: usd,
    usageQuantity: '1',
    lineCount: 1,
    ...overrides,
  };
}

/** An aggregation result holding the given facts (and tag facts), as an aggregator hands it to the month replacement. */
export function factsResult(facts: CostFact[], options: { isFinal: boolean; tagFacts?: TagFact[] }): AggregationResult {
  const tagFacts = options.tagFacts;
  return {
    format: 'cur',
    payerAccountId: facts[0]!.payerAccountId,
    billingPeriods: [...new Set(facts.map((f) => f.billingPeriod))],
    isFinal: options.isFinal,
    invoiceIds: options.isFinal ? ['INV-1'] : [],
    rowsRead: facts.length,
    rowsSkippedOtherProviders: 0,
    totalsByLineType: {},
    warnings: [],
    factCount: facts.length,
    async *facts() {
      yield facts;
    },
    ...(tagFacts && {
      tagKeys: [...new Set(tagFacts.map((t) => t.tagKey))].sort(),
      async *tagFacts() {
        yield tagFacts;
      },
    }),
    close: async () => {},
  };
}

/** Makes a result the delivery in force of its payer's months through the real month replacement (what an ingest does). */
export async function replaceWithResult(ctx: AppContext, result: AggregationResult, fingerprint: string) {
  const { id: ingestionId } = await ctx.db
    .insertInto('cost_ingestions')
    .values({
      source: 'test',
      status: 'running',
      requested_by: 'test',
      format: 'cur',
      payer_account_id: result.payerAccountId,
      billing_period: null,
      assembly_id: null,
      fingerprint,
      is_final: result.isFinal,
      error: null,
      started_at: null,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return ctx.db.transaction().execute((tx) => replaceBillingPeriods(tx, { ingestionId, fingerprint, result }));
}

/** Stores facts (and their tag facts) as a delivery of their payer through the real month replacement. */
export function storeCostFacts(
  ctx: AppContext,
  facts: CostFact[],
  options: { fingerprint: string; isFinal: boolean; tagFacts?: TagFact[] },
) {
  return replaceWithResult(ctx, factsResult(facts, options), options.fingerprint);
}
