import { sql, type Kysely } from 'kysely';

// Users (staff of the reseller, or users of one customer company), their recovery codes,
// server-side sessions and the sign-in throttle.
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL CHECK (email = lower(email) AND position('@' in email) > 1),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      kind text NOT NULL,
      role text NOT NULL,
      company_id uuid REFERENCES companies(id) ON DELETE RESTRICT,
      password_hash text NOT NULL,
      must_change_password boolean NOT NULL DEFAULT true,
      mfa_secret text,
      mfa_pending_secret text,
      mfa_last_step bigint,
      locale text NOT NULL DEFAULT 'ja' CHECK (locale IN ('ja', 'en')),
      last_sign_in_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (
        (kind = 'staff' AND company_id IS NULL AND role IN ('admin', 'billing', 'csm')) OR
        (kind = 'customer' AND company_id IS NOT NULL AND role IN ('representative', 'member'))
      )
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX users_email_idx ON users (email)`.execute(db);
  await sql`CREATE INDEX users_company_idx ON users (company_id)`.execute(db);
  await sql`
    CREATE TABLE recovery_codes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      code_hash text NOT NULL,
      used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX recovery_codes_user_idx ON recovery_codes (user_id)`.execute(db);
  await sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      stage text NOT NULL CHECK (stage IN ('password_change', 'mfa_enrol', 'mfa_challenge', 'active')),
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);
  await sql`
    CREATE TABLE sign_in_throttle (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      window_started_at timestamptz NOT NULL,
      locked_until timestamptz
    )`.execute(db);
}
