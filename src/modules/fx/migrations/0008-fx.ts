import { sql, type Kysely } from 'kysely';

/**
 * Published USD→JPY rates (TTM), one per source and day: several sources may be kept side by side,
 * the active one is a setting (app_settings `fx`). The rate is exact NUMERIC with at most 4 decimals,
 * stored with the digits it was published with (151.20 stays 151.20).
 */
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE fx_rates (
      source text NOT NULL CHECK (source ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'),
      rate_date date NOT NULL,
      usd_jpy numeric NOT NULL CHECK (usd_jpy > 0 AND scale(usd_jpy) <= 4),
      imported_at timestamptz NOT NULL DEFAULT now(),
      imported_by text NOT NULL,
      PRIMARY KEY (source, rate_date)
    )`.execute(db);
}
