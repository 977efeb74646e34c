import { sql, type Kysely } from 'kysely';

// Support membership (seed 004 §2.3–2.4): the rank of each company per fiscal year, the imported
// yearly totals used before billing has history, and the ticket ledger with its per-company
// balance row. The ledger is append-only (a trigger refuses UPDATE and DELETE); the balance row is
// the lock every ticket movement takes, and its CHECK makes a negative balance impossible.
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE membership_years (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      company_id uuid NOT NULL REFERENCES companies(id),
      fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
      basis_total_jpy bigint,
      basis_source text NOT NULL CHECK (basis_source IN ('invoices', 'imported', 'none')),
      computed_rank text NOT NULL CHECK (computed_rank IN ('PLATINUM', 'GOLD', 'SILVER', 'BRONZE', 'REGULAR')),
      rank text NOT NULL CHECK (rank IN ('PLATINUM', 'GOLD', 'SILVER', 'BRONZE', 'REGULAR')),
      override_reason text,
      overridden_by text,
      overridden_at timestamptz,
      csm_user_id uuid REFERENCES users(id),
      opened_by text NOT NULL,
      opened_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (company_id, fiscal_year),
      CHECK ((override_reason IS NULL) = (overridden_at IS NULL))
    )`.execute(db);
  await sql`
    CREATE TABLE membership_imported_totals (
      company_id uuid NOT NULL REFERENCES companies(id),
      calendar_year integer NOT NULL CHECK (calendar_year BETWEEN 2000 AND 2100),
      total_jpy bigint NOT NULL CHECK (total_jpy >= 0),
      imported_by text NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_id, calendar_year)
    )`.execute(db);
  await sql`
    CREATE TABLE ticket_balances (
      company_id uuid PRIMARY KEY REFERENCES companies(id),
      balance integer NOT NULL DEFAULT 0 CHECK (balance >= 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE ticket_ledger (
      id bigserial PRIMARY KEY,
      company_id uuid NOT NULL REFERENCES companies(id),
      fiscal_year integer NOT NULL,
      kind text NOT NULL CHECK (kind IN ('grant', 'spend', 'refund', 'expire', 'adjust')),
      amount integer NOT NULL,
      balance_after integer NOT NULL CHECK (balance_after >= 0),
      application_id uuid,
      reason text,
      idempotency_key text UNIQUE,
      actor text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (kind NOT IN ('grant', 'refund') OR amount >= 0),
      CHECK (kind NOT IN ('spend', 'expire') OR amount <= 0),
      CHECK (kind <> 'adjust' OR (amount <> 0 AND reason IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX ticket_ledger_company_idx ON ticket_ledger (company_id, id)`.execute(db);
  await sql`
    CREATE FUNCTION ticket_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'ticket_ledger is append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER ticket_ledger_no_change BEFORE UPDATE OR DELETE ON ticket_ledger
    FOR EACH ROW EXECUTE FUNCTION ticket_ledger_append_only()`.execute(db);
}
