import type { Generated } from 'kysely';

export interface MailOutboxTable {
  id: Generated<string>;
  purpose: string;
  company_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  sensitive: Generated<boolean>;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
}

export interface MailOutboxAttachmentsTable {
  id: Generated<string>;
  outbox_id: string;
  /** Order of the attachments in the mail, from 0. */
  position: number;
  filename: string;
  content_type: string;
  content: Uint8Array;
}

export interface MailTables {
  mail_outbox: MailOutboxTable;
  mail_outbox_attachments: MailOutboxAttachmentsTable;
}
