import { sql, type Kysely } from 'kysely';

// Monthly budgets in yen and every cost alert raised: threshold crossings of a budget (actual,
// forecast), anomalies of a service's daily cost, spend on a restricted service. An alert's
// dedupe_key is unique, so evaluating the same data again raises nothing twice.
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE budgets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      company_id uuid NOT NULL REFERENCES companies(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      scope text NOT NULL CHECK (scope IN ('company', 'account', 'service')),
      account_id text,
      service_code text,
      amount_jpy bigint NOT NULL CHECK (amount_jpy > 0),
      thresholds jsonb NOT NULL,
      alert_on_forecast boolean NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((scope = 'account') = (account_id IS NOT NULL)),
      CHECK ((scope = 'service') = (service_code IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX budgets_company_idx ON budgets (company_id)`.execute(db);
  await sql`
    CREATE TABLE cost_alerts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      company_id uuid NOT NULL REFERENCES companies(id),
      kind text NOT NULL CHECK (kind IN ('actual', 'forecast', 'anomaly', 'restricted')),
      dedupe_key text NOT NULL UNIQUE,
      month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
      budget_id uuid REFERENCES budgets(id) ON DELETE SET NULL,
      budget_name text,
      threshold integer,
      usage_date date,
      usage_account_id text,
      service_code text,
      service_name text,
      amount_jpy bigint,
      budget_jpy bigint,
      amount_usd numeric NOT NULL,
      baseline_usd numeric,
      usd_jpy numeric,
      rate_date date,
      raised_at timestamptz NOT NULL DEFAULT now(),
      dismissed_by text,
      dismissed_at timestamptz,
      CHECK ((kind IN ('actual', 'forecast')) = (threshold IS NOT NULL)),
      CHECK ((dismissed_at IS NULL) = (dismissed_by IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX cost_alerts_company_idx ON cost_alerts (company_id, month, raised_at DESC)`.execute(db);
  await sql`CREATE INDEX cost_alerts_month_kind_idx ON cost_alerts (month, kind)`.execute(db);
}
