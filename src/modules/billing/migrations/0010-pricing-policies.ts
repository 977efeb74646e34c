import { sql, type Kysely } from 'kysely';

// A contract's pricing policy, versioned: a change is a new row effective from a month, never an
// edit, so a month is always billed (and re-billed) with the policy that was in force for it.
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE pricing_policies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      company_id uuid NOT NULL REFERENCES companies(id),
      effective_from text NOT NULL CHECK (effective_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      version integer NOT NULL CHECK (version > 0),
      policy jsonb NOT NULL,
      note text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (company_id, effective_from, version)
    )`.execute(db);
  await sql`
    CREATE FUNCTION pricing_policies_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'pricing policy versions are never changed: add a new version' USING ERRCODE = 'check_violation';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER pricing_policies_append_only BEFORE UPDATE OR DELETE ON pricing_policies
    FOR EACH ROW EXECUTE FUNCTION pricing_policies_are_append_only()`.execute(db);
}
