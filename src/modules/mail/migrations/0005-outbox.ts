import { sql, type Kysely } from 'kysely';

// Every e-mail is first written here, in the same transaction as the change that caused it; a
// sender delivers pending rows over SMTP afterwards, so a rolled-back change never sends mail.
export async function up(db: Kysely<unknown>) {
  await sql`
    CREATE TABLE mail_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      purpose text NOT NULL,
      company_id uuid,
      to_address text NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      -- a temporary password: the body is blanked once SMTP has taken it
      sensitive boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX mail_outbox_pending_idx ON mail_outbox (created_at) WHERE status = 'pending'`.execute(db);
}
