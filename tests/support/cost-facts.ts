import type { AggregationResult } from '../../src/modules/costs/aggregator.ts';
import type { CostFact } from '../../src/modules/costs/line-model.ts';
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

/** Stores facts as a delivery of their payer through the real month replacement (what an ingest does). */
export async function storeCostFacts(ctx: AppContext, facts: CostFact[], options: { fingerprint: string; isFinal: boolean }) {
  const payer = facts[0]!.payerAccountId;
  const { id: ingestionId } = await ctx.db
    .insertInto('cost_ingestions')
    .values({ source: 'test', status: 'running', requested_by: 'test', format: 'cur', payer_account_id: payer, billing_period: null, assembly_id: null, fingerprint: options.fingerprint, is_final: options.isFinal, error: null, started_at: null, finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const result: AggregationResult = {
    format: 'cur',
    payerAccountId: payer,
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
    close: async () => {},
  };
  return ctx.db.transaction().execute((tx) => replaceBillingPeriods(tx, { ingestionId, fingerprint: options.fingerprint, result }));
}
