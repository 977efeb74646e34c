import { sql, type Kysely } from 'kysely';

// Files sent with an outbox mail (an invoice PDF, …). The bytes are copied here when the mail is
// queued, so the outbox keeps exactly what was sent and the sender needs to know nothing else.
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE mail_outbox_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      outbox_id uuid NOT NULL REFERENCES mail_outbox(id) ON DELETE CASCADE,
      position integer NOT NULL,
      filename text NOT NULL CHECK (filename <> ''),
      content_type text NOT NULL,
      content bytea NOT NULL,
      UNIQUE (outbox_id, position)
    )`.execute(db);
}
