import { sql, type Kysely } from 'kysely';

// Who issues the invoices: the reseller's own particulars as a qualified invoice issuer, the bank
// account customers transfer to, and how invoice numbers look. One row (the primary key can only
// be true); absent until an admin fills it in, and the invoice run refuses to start without it.
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE issuer_settings (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      legal_name text NOT NULL CHECK (length(legal_name) BETWEEN 1 AND 200),
      postal_code text CHECK (postal_code ~ '^[0-9]{3}-[0-9]{4}$'),
      address text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
      phone text CHECK (length(phone) <= 40),
      registration_number text NOT NULL CHECK (registration_number ~ '^T[0-9]{13}$'),
      bank_name text NOT NULL CHECK (length(bank_name) BETWEEN 1 AND 100),
      bank_code text CHECK (bank_code ~ '^[0-9]{4}$'),
      branch_name text NOT NULL CHECK (length(branch_name) BETWEEN 1 AND 100),
      branch_code text CHECK (branch_code ~ '^[0-9]{3}$'),
      account_type text NOT NULL CHECK (account_type IN ('普通', '当座')),
      account_number text NOT NULL CHECK (account_number ~ '^[0-9]{1,8}$'),
      account_holder text NOT NULL CHECK (length(account_holder) BETWEEN 1 AND 100),
      invoice_number_format text NOT NULL,
      credit_note_number_format text NOT NULL,
      sequence_scope text NOT NULL CHECK (sequence_scope IN ('continuous', 'issue-year', 'issue-month', 'billing-month')),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
