import { sql, type Kysely } from 'kysely';

// The cloud optimization service (seed 004 §3.1): the CSM's improvement proposals to a company
// (SILVER and up), the priority each side gives them (agreed when both give the same), their
// status, and for cost proposals the accounts and services whose monthly cost measures the effect.
// The CSM assignment itself lives on membership_years.csm_user_id (migration 0019).
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE optimization_proposals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      company_id uuid NOT NULL REFERENCES companies(id),
      category text NOT NULL CHECK (category IN ('cost', 'security', 'architecture')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL CHECK (length(description) BETWEEN 1 AND 10000),
      expected_effect text NOT NULL CHECK (length(expected_effect) BETWEEN 1 AND 1000),
      expected_saving_jpy bigint CHECK (expected_saving_jpy > 0),
      effort text NOT NULL CHECK (effort IN ('small', 'medium', 'large')),
      account_ids text[] NOT NULL DEFAULT '{}',
      service_codes text[] NOT NULL DEFAULT '{}',
      customer_priority text CHECK (customer_priority IN ('high', 'medium', 'low')),
      customer_priority_by text,
      csm_priority text CHECK (csm_priority IN ('high', 'medium', 'low')),
      csm_priority_by text,
      status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'agreed', 'in_progress', 'implemented', 'measured', 'declined')),
      change_date date,
      status_note text,
      proposed_by text NOT NULL,
      proposed_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK ((category = 'cost') = (expected_saving_jpy IS NOT NULL)),
      CHECK (status NOT IN ('implemented', 'measured') OR change_date IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX optimization_proposals_company_idx ON optimization_proposals (company_id, proposed_at DESC)`.execute(db);
}
