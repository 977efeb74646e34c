import type { Queryable } from '../../platform/db/database.ts';

export type MailAttachment = {
  /** As the recipient sees it; may be Japanese (sent RFC 2231-encoded). */
  filename: string;
  contentType: string;
  content: Uint8Array;
};

export type OutgoingMail = {
  purpose: string;
  to: string;
  subject: string;
  text: string;
  companyId?: string | null;
  /** Holds a secret (a temporary password): the body is blanked once delivered. */
  sensitive?: boolean;
  attachments?: readonly MailAttachment[];
};

/** Puts a mail in the outbox inside the caller's transaction; the sender delivers it after commit. */
export async function enqueueMail(db: Queryable, mail: OutgoingMail): Promise<string> {
  // A mail and its attachments land together, or the sender could take the mail without them.
  if (!db.isTransaction && mail.attachments?.length) return db.transaction().execute((tx) => enqueueMail(tx, mail));
  const row = await db
    .insertInto('mail_outbox')
    .values({
      purpose: mail.purpose,
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      company_id: mail.companyId ?? null,
      sensitive: mail.sensitive ?? false,
      last_error: null,
      sent_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const attachments = mail.attachments ?? [];
  if (attachments.length > 0) {
    await db
      .insertInto('mail_outbox_attachments')
      .values(
        attachments.map((a, position) => ({
          outbox_id: row.id,
          position,
          filename: a.filename,
          content_type: a.contentType,
          content: a.content,
        })),
      )
      .execute();
  }
  return row.id;
}
