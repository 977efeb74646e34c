import { sql, type Kysely } from 'kysely';

/**
 * Cost-allocation tags: the facts of each billing period spread over each tag key of its delivery
 * (docs/costs.md). Replaced with cost_facts in the same transaction.
 */
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE cost_tag_facts (
      payer_account_id text NOT NULL,
      billing_period text NOT NULL,
      usage_account_id text NOT NULL,
      usage_date date NOT NULL,
      service_code text NOT NULL,
      service_name text NOT NULL,
      region text NOT NULL,
      usage_type text NOT NULL,
      line_item_type text NOT NULL,
      billing_entity text NOT NULL,
      tag_key text NOT NULL,
      -- '' when the lines carry no such tag (untagged)
      tag_value text NOT NULL,
      unblended_usd numeric(30, 10) NOT NULL,
      list_usd numeric(30, 10) NOT NULL,
      amortized_usd numeric(30, 10) NOT NULL,
      line_count integer NOT NULL,
      FOREIGN KEY (payer_account_id, billing_period) REFERENCES cost_periods (payer_account_id, billing_period)
    )`.execute(db);
  await sql`CREATE INDEX cost_tag_facts_period_idx ON cost_tag_facts (payer_account_id, billing_period)`.execute(db);
  // The portal reads a company's accounts × days for one key.
  await sql`CREATE INDEX cost_tag_facts_account_key_date_idx ON cost_tag_facts (usage_account_id, tag_key, usage_date)`.execute(db);
}
