import { sql, type Kysely } from 'kysely';

// What each customer chose about cost alerts: services muted for anomaly alerts (per company) and
// whether a user receives alerts by e-mail (per user; no row = representatives yes, members no).
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE anomaly_mutes (
      company_id uuid NOT NULL REFERENCES companies(id),
      service_code text NOT NULL,
      muted_by text NOT NULL,
      muted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, service_code)
    )`.execute(db);
  await sql`
    CREATE TABLE alert_subscriptions (
      user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      subscribed boolean NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
