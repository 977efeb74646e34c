import { sql, type Kysely } from 'kysely';

// The Trusted Advisor view (seed 004 §3.4.6): per company, the external ID Daiko gave it (generated
// once, never changed: the customer's trust policy names it) and the cross-account role it
// registered. Also the simulated AWS's IAM roles (see src/modules/aws/tables.ts), so the demo and the
// tests can show each way a role can fail.
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE advisor_connections (
      company_id uuid PRIMARY KEY REFERENCES companies(id),
      external_id text NOT NULL UNIQUE CHECK (external_id ~ '^daiko-[0-9a-f]{32}$'),
      role_arn text,
      registered_by text,
      registered_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((role_arn IS NULL) = (registered_at IS NULL))
    )`.execute(db);
  await sql`
    CREATE TABLE simulated_iam_roles (
      role_arn text PRIMARY KEY,
      trusts_daiko boolean NOT NULL,
      external_id text NOT NULL,
      support_plan text NOT NULL CHECK (support_plan IN ('basic', 'developer', 'business', 'enterprise'))
    )`.execute(db);
}
