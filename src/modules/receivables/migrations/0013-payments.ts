import { sql, type Kysely } from 'kysely';

// Money received against an invoice. Append-only, like the audit log: a recorded payment is a
// fact of the books and is never edited or deleted. Only an issued invoice (finalized or sent,
// not a draft, a void one or a credit note) can be paid; the database checks it too.
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE payments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      invoice_id uuid NOT NULL REFERENCES invoices(id),
      received_on date NOT NULL,
      amount_jpy bigint NOT NULL CHECK (amount_jpy > 0),
      method text NOT NULL CHECK (method IN ('bank-transfer', 'other')),
      note text,
      recorded_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX payments_invoice_idx ON payments (invoice_id, received_on)`.execute(db);
  await sql`
    CREATE FUNCTION payments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      invoice record;
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'payments are append-only (% refused)', TG_OP USING ERRCODE = 'check_violation';
      END IF;
      SELECT status, kind INTO invoice FROM invoices WHERE id = NEW.invoice_id;
      IF invoice.kind <> 'invoice' OR invoice.status NOT IN ('finalized', 'sent') THEN
        RAISE EXCEPTION 'a payment needs a finalized or sent invoice (this one is a % %)', invoice.status, invoice.kind
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER payments_append_only BEFORE INSERT OR UPDATE OR DELETE ON payments FOR EACH ROW EXECUTE FUNCTION payments_guard()`.execute(
    db,
  );
  await sql`CREATE TRIGGER payments_no_truncate BEFORE TRUNCATE ON payments FOR EACH STATEMENT EXECUTE FUNCTION payments_guard()`.execute(
    db,
  );
}
