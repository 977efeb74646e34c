import { sql, type Kysely } from 'kysely';

// Advance notices of large prepaid purchases (seed 000 §2.2.5) and every large purchase the
// check after an ingest has seen: matched to a notice, or an alert. One row per purchase, so a
// re-ingest of the same month raises nothing twice.
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE prepaid_notices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      company_id uuid NOT NULL REFERENCES companies(id),
      purchase_type text NOT NULL CHECK (purchase_type IN ('RI', 'SavingsPlan', 'Marketplace', 'other')),
      expected_usd numeric NOT NULL CHECK (expected_usd > 0),
      expected_date date NOT NULL,
      note text,
      filed_by text NOT NULL,
      filed_at timestamptz NOT NULL DEFAULT now(),
      status text NOT NULL DEFAULT 'filed' CHECK (status IN ('filed', 'acknowledged', 'withdrawn')),
      acknowledged_by text,
      acknowledged_at timestamptz,
      CHECK ((status = 'acknowledged') = (acknowledged_at IS NOT NULL) OR status = 'withdrawn')
    )`.execute(db);
  await sql`CREATE INDEX prepaid_notices_company_idx ON prepaid_notices (company_id, expected_date)`.execute(db);
  await sql`
    CREATE TABLE prepaid_purchases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      payer_account_id text NOT NULL,
      usage_account_id text NOT NULL,
      purchase_date date NOT NULL,
      service_code text NOT NULL,
      service_name text NOT NULL,
      purchase_type text NOT NULL CHECK (purchase_type IN ('RI', 'SavingsPlan', 'Marketplace', 'other')),
      commitment_arn text NOT NULL,
      amount_usd numeric NOT NULL,
      amount_jpy bigint,
      usd_jpy numeric,
      rate_date date,
      rate_source text,
      company_id uuid REFERENCES companies(id),
      notice_id uuid REFERENCES prepaid_notices(id),
      alert_status text NOT NULL CHECK (alert_status IN ('matched', 'open', 'resolved')),
      resolved_by text,
      resolved_at timestamptz,
      resolution_note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (payer_account_id, usage_account_id, purchase_date, service_code, purchase_type, commitment_arn),
      CHECK ((alert_status = 'matched') = (notice_id IS NOT NULL)),
      CHECK ((alert_status = 'resolved') = (resolved_at IS NOT NULL)),
      CHECK ((amount_jpy IS NULL) = (usd_jpy IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX prepaid_purchases_company_idx ON prepaid_purchases (company_id, purchase_date)`.execute(db);
}
