import { sql, type Kysely } from 'kysely';

// AWS accounts of the reseller's organization and which company each belongs to, when.
// Windows are half-open [valid_from, valid_to) in UTC dates; billing relies on them never
// overlapping, so the database checks it (under a row lock on the account, safe under concurrency).
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE aws_accounts (
      account_id text PRIMARY KEY CHECK (account_id ~ '^[0-9]{12}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      root_email text,
      root_held_by_reseller boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE account_assignments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id text NOT NULL REFERENCES aws_accounts(account_id) ON DELETE CASCADE,
      company_id uuid NOT NULL REFERENCES companies(id) ON DELETE RESTRICT,
      valid_from date NOT NULL,
      valid_to date,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (valid_to IS NULL OR valid_to > valid_from)
    )`.execute(db);
  await sql`CREATE INDEX account_assignments_company_idx ON account_assignments (company_id)`.execute(db);
  await sql`CREATE UNIQUE INDEX account_assignments_identity_idx ON account_assignments (account_id, valid_from)`.execute(db);
  await sql`
    CREATE FUNCTION account_assignments_no_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM 1 FROM aws_accounts WHERE account_id = NEW.account_id FOR UPDATE;
      IF EXISTS (
        SELECT 1 FROM account_assignments a
        WHERE a.account_id = NEW.account_id AND a.id <> NEW.id
          AND daterange(a.valid_from, a.valid_to, '[)') && daterange(NEW.valid_from, NEW.valid_to, '[)')
      ) THEN
        RAISE EXCEPTION 'account % already belongs to a company between % and %',
          NEW.account_id, NEW.valid_from, coalesce(NEW.valid_to::text, 'open end')
          USING ERRCODE = 'exclusion_violation';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER account_assignments_no_overlap BEFORE INSERT OR UPDATE ON account_assignments
    FOR EACH ROW EXECUTE FUNCTION account_assignments_no_overlap()`.execute(db);
}
