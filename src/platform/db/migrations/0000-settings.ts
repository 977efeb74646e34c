import { sql, type Kysely } from 'kysely';

// Settings every module may read: key → JSON value (e.g. `demo`, thresholds later).
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE app_settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
