import { CompiledQuery } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';
import type { AggregationResult } from './aggregator.ts';
import type { TagFact } from './line-model.ts';

/** Tag facts per INSERT: one JSON parameter of a few megabytes. */
const INSERT_BATCH = 5000;

const TAG_FACT_COLUMNS: [column: string, field: keyof TagFact, type: 'text' | 'date' | 'numeric' | 'integer'][] = [
  ['payer_account_id', 'payerAccountId', 'text'],
  ['billing_period', 'billingPeriod', 'text'],
  ['usage_account_id', 'usageAccountId', 'text'],
  ['usage_date', 'usageDate', 'date'],
  ['service_code', 'serviceCode', 'text'],
  ['service_name', 'serviceName', 'text'],
  ['region', 'region', 'text'],
  ['usage_type', 'usageType', 'text'],
  ['line_item_type', 'lineItemType', 'text'],
  ['billing_entity', 'billingEntity', 'text'],
  ['tag_key', 'tagKey', 'text'],
  ['tag_value', 'tagValue', 'text'],
  ['unblended_usd', 'unblendedUsd', 'numeric'],
  ['list_usd', 'listUsd', 'numeric'],
  ['amortized_usd', 'amortizedUsd', 'numeric'],
  ['line_count', 'lineCount', 'integer'],
];

/** As cost_facts are inserted (replace-billing-periods.ts): one JSON array per statement, amounts as decimal text. */
const INSERT_TAG_FACTS_SQL = `INSERT INTO cost_tag_facts (${TAG_FACT_COLUMNS.map(([column]) => column).join(', ')})
   SELECT ${TAG_FACT_COLUMNS.map(([, field]) => `"${field}"`).join(', ')}
   FROM json_to_recordset($1::json) AS f(${TAG_FACT_COLUMNS.map(([, field, type]) => `"${field}" ${type}`).join(', ')})`;

/** Removes a billing period's tag facts, inside the month replacement's transaction. */
export async function deleteTagFacts(tx: Tx, payer: string, billingPeriod: string): Promise<void> {
  await tx.deleteFrom('cost_tag_facts').where('payer_account_id', '=', payer).where('billing_period', '=', billingPeriod).execute();
}

/**
 * Inserts the delivery's tag facts of the replaced periods, inside the month replacement's
 * transaction, after its facts were read. A delivery without tags inserts nothing: its months have
 * no tag facts.
 */
export async function insertTagFacts(tx: Tx, result: AggregationResult, replaced: ReadonlySet<string>): Promise<void> {
  if (!result.tagFacts || !result.tagKeys?.length) return;
  let pending: TagFact[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const json = JSON.stringify(pending);
    pending = [];
    await tx.executeQuery(CompiledQuery.raw(INSERT_TAG_FACTS_SQL, [json]));
  };
  for await (const batch of result.tagFacts()) {
    for (const fact of batch) {
      if (!replaced.has(fact.billingPeriod)) continue;
      pending.push(fact);
      if (pending.length >= INSERT_BATCH) await flush();
    }
  }
  await flush();
}
