import { sql, type Kysely } from 'kysely';

// The two parties as an issued invoice names them: the buyer (code, name, addressee, address,
// corporate number) and the issuer (legal name, address, registration number, bank account),
// stored at finalization so that editing the company or the issuer settings later never changes an
// issued document (the e-invoice is rendered again on every export). Issued rows get the parties as
// they stand now, the best record there is of what they printed. Then the guard of 0011 also
// freezes both snapshots.
export async function up(db: Kysely<unknown>) {
  await sql`ALTER TABLE invoices ADD COLUMN customer jsonb, ADD COLUMN issuer jsonb`.execute(db);
  await sql`
    UPDATE invoices i
    SET customer = jsonb_build_object('code', c.code, 'name', c.name, 'addressee', c.invoice_addressee,
                                      'postalAddress', c.postal_address, 'corporateNumber', c.corporate_number)
    FROM companies c
    WHERE c.id = i.company_id AND i.status <> 'draft'`.execute(db);
  await sql`
    UPDATE invoices
    SET issuer = (SELECT jsonb_build_object('legalName', s.legal_name, 'postalCode', s.postal_code, 'address', s.address, 'phone', s.phone,
                           'registrationNumber', s.registration_number,
                           'bank', jsonb_build_object('bankName', s.bank_name, 'bankCode', s.bank_code, 'branchName', s.branch_name,
                                                      'branchCode', s.branch_code, 'accountType', s.account_type,
                                                      'accountNumber', s.account_number, 'accountHolder', s.account_holder))
                  FROM issuer_settings s)
    WHERE status <> 'draft'`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION invoices_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
            NEW.subtotal_jpy, NEW.tax_jpy, NEW.total_jpy, NEW.billed_usd, NEW.unblended_usd, NEW.issue_date, NEW.pdf_sha256, NEW.finalized_at,
            NEW.customer, NEW.issuer)
           IS DISTINCT FROM
           (OLD.company_id, OLD.billing_month, OLD.kind, OLD.number, OLD.sequence_key, OLD.sequence_number, OLD.credit_note_for,
            OLD.subtotal_jpy, OLD.tax_jpy, OLD.total_jpy, OLD.billed_usd, OLD.unblended_usd, OLD.issue_date, OLD.pdf_sha256, OLD.finalized_at,
            OLD.customer, OLD.issuer)
           OR (OLD.due_date IS NOT NULL AND NEW.due_date IS DISTINCT FROM OLD.due_date) THEN
          RAISE EXCEPTION 'invoice % is finalized and immutable', OLD.number USING ERRCODE = 'check_violation';
        END IF;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
}
