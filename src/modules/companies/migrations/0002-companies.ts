import { sql, type Kysely } from 'kysely';

// A company is a tenant: the reseller's customer. The exclusion flags are seed 004 §1.3 (who may
// not use the support membership even with a billing-agency contract).
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE companies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      name_kana text NOT NULL DEFAULT '',
      billing_agency boolean NOT NULL DEFAULT false,
      billing_email text,
      invoice_addressee text,
      postal_address text,
      payer_kana_names text[] NOT NULL DEFAULT '{}',
      excl_dedicated_connection_only boolean NOT NULL DEFAULT false,
      excl_cdn_only boolean NOT NULL DEFAULT false,
      excl_public_sector boolean NOT NULL DEFAULT false,
      excl_partner boolean NOT NULL DEFAULT false,
      excl_indirect_contract boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
