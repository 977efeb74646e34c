import { sql, type Kysely } from 'kysely';

// Inquiries about the support membership (seed 004 §3.4.5): a thread between a company's users and
// the reseller's staff. `waiting_since` is when the oldest customer message still unanswered by staff
// was written (null: staff spoke last); response times are counted from these in service hours.
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE inquiries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      company_id uuid NOT NULL REFERENCES companies(id),
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
      category text NOT NULL CHECK (category IN ('membership', 'option_service', 'training', 'optimization', 'portal', 'other')),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      opened_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      opened_by text NOT NULL,
      opened_at timestamptz NOT NULL,
      waiting_since timestamptz,
      first_response_at timestamptz,
      last_message_at timestamptz NOT NULL,
      closed_at timestamptz,
      closed_by text,
      CHECK ((status = 'closed') = (closed_at IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX inquiries_company_idx ON inquiries (company_id, last_message_at DESC)`.execute(db);
  await sql`CREATE INDEX inquiries_open_idx ON inquiries (status, waiting_since)`.execute(db);
  await sql`
    CREATE TABLE inquiry_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      inquiry_id uuid NOT NULL REFERENCES inquiries(id),
      author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      author_kind text NOT NULL CHECK (author_kind IN ('customer', 'staff')),
      author_name text NOT NULL,
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX inquiry_messages_inquiry_idx ON inquiry_messages (inquiry_id, created_at)`.execute(db);
}
