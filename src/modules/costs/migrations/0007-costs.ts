import { sql, type Kysely } from 'kysely';

/**
 * Cost data: one ingestion record per delivery, the aggregated facts of the version in force per
 * payer × billing period, per-account totals of every version, and the differences recorded when a
 * month that billing has locked (invoiced) is restated.
 */
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE cost_ingestions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source text NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'unchanged', 'failed')),
      format text CHECK (format IN ('cur', 'cur2', 'focus')),
      payer_account_id text,
      billing_period text CHECK (billing_period ~ '^[0-9]{4}-[0-9]{2}$'),
      assembly_id text,
      fingerprint text,
      files jsonb NOT NULL DEFAULT '[]',
      is_final boolean,
      rows_read bigint NOT NULL DEFAULT 0,
      rows_skipped_other_providers bigint NOT NULL DEFAULT 0,
      fact_count bigint NOT NULL DEFAULT 0,
      totals_by_line_type jsonb NOT NULL DEFAULT '{}',
      warnings jsonb NOT NULL DEFAULT '[]',
      progress jsonb,
      error text,
      requested_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX cost_ingestions_created_idx ON cost_ingestions (created_at DESC)`.execute(db);
  await sql`
    CREATE TABLE cost_periods (
      payer_account_id text NOT NULL,
      billing_period text NOT NULL,
      ingestion_id uuid NOT NULL REFERENCES cost_ingestions(id),
      version integer NOT NULL,
      fingerprint text NOT NULL,
      is_final boolean NOT NULL,
      -- set by billing when the month has finalized invoices: restatements are then recorded, not silently applied
      locked_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (payer_account_id, billing_period)
    )`.execute(db);
  await sql`
    CREATE TABLE cost_facts (
      payer_account_id text NOT NULL,
      billing_period text NOT NULL,
      usage_account_id text NOT NULL,
      usage_date date NOT NULL,
      service_code text NOT NULL,
      service_name text NOT NULL,
      region text NOT NULL,
      usage_type text NOT NULL,
      operation text NOT NULL,
      line_item_type text NOT NULL,
      bill_type text NOT NULL,
      billing_entity text NOT NULL,
      commitment_arn text NOT NULL,
      commitment_owner_account_id text NOT NULL,
      invoice_id text NOT NULL,
      unblended_usd numeric(30, 10) NOT NULL,
      list_usd numeric(30, 10) NOT NULL,
      amortized_usd numeric(30, 10) NOT NULL,
      usage_quantity numeric(38, 10) NOT NULL,
      line_count integer NOT NULL,
      FOREIGN KEY (payer_account_id, billing_period) REFERENCES cost_periods (payer_account_id, billing_period)
    )`.execute(db);
  await sql`CREATE INDEX cost_facts_period_idx ON cost_facts (payer_account_id, billing_period)`.execute(db);
  await sql`CREATE INDEX cost_facts_account_date_idx ON cost_facts (usage_account_id, usage_date)`.execute(db);
  await sql`
    CREATE TABLE cost_version_account_totals (
      payer_account_id text NOT NULL,
      billing_period text NOT NULL,
      version integer NOT NULL,
      ingestion_id uuid NOT NULL REFERENCES cost_ingestions(id),
      usage_account_id text NOT NULL,
      unblended_usd numeric(30, 10) NOT NULL,
      list_usd numeric(30, 10) NOT NULL,
      PRIMARY KEY (payer_account_id, billing_period, version, usage_account_id)
    )`.execute(db);
  await sql`
    CREATE TABLE cost_restatements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      payer_account_id text NOT NULL,
      billing_period text NOT NULL,
      from_version integer NOT NULL,
      to_version integer NOT NULL,
      usage_account_id text NOT NULL,
      unblended_delta_usd numeric(30, 10) NOT NULL,
      list_delta_usd numeric(30, 10) NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      -- set by billing once the difference is on an invoice as an adjustment line
      settled_at timestamptz
    )`.execute(db);
}
