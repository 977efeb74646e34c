import { sql, type Kysely } from 'kysely';

// The simulated AWS Organization used by the demo and the tests (DAIKO_AWS_PROVIDER=simulated):
// its member accounts and the create-account requests AWS would process asynchronously.
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE simulated_org_accounts (
      account_id text PRIMARY KEY CHECK (account_id ~ '^[0-9]{12}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
      email text NOT NULL,
      state text NOT NULL DEFAULT 'ACTIVE'
        CHECK (state IN ('PENDING_ACTIVATION', 'ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED')),
      joined_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz
    )`.execute(db);
  // AWS never lets two accounts share a root e-mail address, closed ones included.
  await sql`CREATE UNIQUE INDEX simulated_org_accounts_email_idx ON simulated_org_accounts (lower(email))`.execute(db);
  await sql`
    CREATE TABLE simulated_create_account_requests (
      request_id text PRIMARY KEY,
      account_name text NOT NULL,
      email text NOT NULL,
      -- reserved when the request is made, so the id the demo shows never changes
      account_id text NOT NULL UNIQUE CHECK (account_id ~ '^[0-9]{12}$'),
      state text NOT NULL DEFAULT 'IN_PROGRESS' CHECK (state IN ('IN_PROGRESS', 'SUCCEEDED', 'FAILED')),
      failure_reason text,
      requested_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      CHECK ((state = 'FAILED') = (failure_reason IS NOT NULL))
    )`.execute(db);
  // Numbers the simulated account ids; a fresh demo database always hands out the same ids.
  await sql`CREATE SEQUENCE simulated_account_number_seq`.execute(db);
}
