import { sql, type Kysely } from 'kysely';

// Invoices and their lines. A draft may be replaced by the next run; from finalization on, the
// database itself refuses any change to what the invoice says (amounts, number, lines, PDF): only
// the lifecycle moves on (sent, void) and the due date is set once, when it is sent.
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE invoices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      company_id uuid NOT NULL REFERENCES companies(id),
      billing_month text NOT NULL CHECK (billing_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      kind text NOT NULL CHECK (kind IN ('invoice', 'credit-note')),
      status text NOT NULL CHECK (status IN ('draft', 'finalized', 'sent', 'void')),
      number text UNIQUE,
      sequence_key text,
      sequence_number integer,
      credit_note_for uuid REFERENCES invoices(id),
      policy_id uuid REFERENCES pricing_policies(id),
      subtotal_jpy bigint NOT NULL,
      tax_jpy bigint NOT NULL,
      total_jpy bigint NOT NULL,
      tax_rounding text NOT NULL,
      billed_usd numeric(30, 10) NOT NULL,
      unblended_usd numeric(30, 10) NOT NULL,
      differences jsonb NOT NULL,
      cost_versions jsonb NOT NULL,
      warnings jsonb NOT NULL DEFAULT '[]',
      issue_date date,
      due_date date,
      pdf_sha256 text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      finalized_at timestamptz,
      sent_at timestamptz,
      voided_at timestamptz,
      CHECK (total_jpy = subtotal_jpy + tax_jpy),
      CHECK ((status = 'draft') = (number IS NULL)),
      UNIQUE (sequence_key, sequence_number)
    )`.execute(db);
  // One live invoice per customer and month; a voided one leaves room for its replacement.
  await sql`CREATE UNIQUE INDEX invoices_one_per_customer_month ON invoices (company_id, billing_month) WHERE kind = 'invoice' AND status <> 'void'`.execute(db);
  await sql`CREATE INDEX invoices_month_idx ON invoices (billing_month, status)`.execute(db);
  await sql`
    CREATE TABLE invoice_lines (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      position integer NOT NULL,
      section text NOT NULL,
      account_id text,
      account_name text,
      service_code text,
      service_name text,
      description text NOT NULL,
      base_usd numeric(30, 10),
      markup_percent numeric(8, 4),
      usd numeric(34, 14),
      rate_usd_jpy numeric(12, 4),
      rate_date date,
      rate_requested_date date,
      rate_source text,
      jpy bigint NOT NULL,
      tax_rate integer NOT NULL,
      corrects_month text,
      source jsonb,
      UNIQUE (invoice_id, position),
      CHECK ((usd IS NULL) = (rate_usd_jpy IS NULL))
    )`.execute(db);
  await sql`
    CREATE TABLE invoice_pdfs (
      invoice_id uuid PRIMARY KEY REFERENCES invoices(id),
      pdf bytea NOT NULL,
      sha256 text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE invoice_number_sequences (
      sequence_key text PRIMARY KEY,
      last_number integer NOT NULL
    )`.execute(db);

  await sql`
    CREATE FUNCTION invoices_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
          RAISE EXCEPTION 'invoice % is % and can never be deleted', OLD.number, OLD.status USING ERRCODE = 'check_violation';
        END IF;
        RETURN OLD;
      END IF;
      IF OLD.status <> 'draft' THEN
        IF NEW.status = 'draft' OR (OLD.status = 'void' AND NEW.status <> 'void') THEN
          RAISE EXCEPTION 'invoice % cannot go from % to %', OLD.number, OLD.status, NEW.status USING ERRCODE = 'check_violation';
        END IF;
        IF (NEW.company_id, NEW.billing_month, NEW.kind, NEW.number, NEW.sequence_key, NEW.sequence_number, NEW.credit_note_for,
            NEW.subtotal_jpy, NEW.tax_jpy, NEW.total_jpy, NEW.billed_usd, NEW.unblended_usd, NEW.issue_date, NEW.pdf_sha256, NEW.finalized_at)
           IS DISTINCT FROM
           (OLD.company_id, OLD.billing_month, OLD.kind, OLD.number, OLD.sequence_key, OLD.sequence_number, OLD.credit_note_for,
            OLD.subtotal_jpy, OLD.tax_jpy, OLD.total_jpy, OLD.billed_usd, OLD.unblended_usd, OLD.issue_date, OLD.pdf_sha256, OLD.finalized_at)
           OR (OLD.due_date IS NOT NULL AND NEW.due_date IS DISTINCT FROM OLD.due_date) THEN
          RAISE EXCEPTION 'invoice % is finalized and immutable', OLD.number USING ERRCODE = 'check_violation';
        END IF;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_guard()`.execute(db);

  await sql`
    CREATE FUNCTION invoice_lines_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      parent_status text;
    BEGIN
      SELECT status INTO parent_status FROM invoices WHERE id = COALESCE(NEW.invoice_id, OLD.invoice_id);
      -- The parent is already gone when a draft is deleted with its lines (cascade).
      IF parent_status IS NOT NULL AND parent_status <> 'draft' THEN
        RAISE EXCEPTION 'the lines of a finalized invoice are immutable' USING ERRCODE = 'check_violation';
      END IF;
      RETURN COALESCE(NEW, OLD);
    END $$`.execute(db);
  await sql`CREATE TRIGGER invoice_lines_immutable BEFORE INSERT OR UPDATE OR DELETE ON invoice_lines FOR EACH ROW EXECUTE FUNCTION invoice_lines_guard()`.execute(db);

  await sql`
    CREATE FUNCTION invoice_pdfs_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'an issued invoice PDF is kept as issued' USING ERRCODE = 'check_violation';
    END $$`.execute(db);
  await sql`CREATE TRIGGER invoice_pdfs_immutable BEFORE UPDATE OR DELETE ON invoice_pdfs FOR EACH ROW EXECUTE FUNCTION invoice_pdfs_are_immutable()`.execute(db);
}
