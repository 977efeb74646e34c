import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { forbidden } from '../../platform/errors.ts';
import { can, type Actor } from '../identity/rules/roles.ts';

export const OutboxMailView = z.object({
  id: z.string(),
  purpose: z.string(),
  toAddress: z.string(),
  subject: z.string(),
  textBody: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), bytes: z.number().int() })),
});

/** The newest mail of the outbox: the staff's view of what Daiko sent (and, without SMTP, the catcher). */
export async function listOutbox(ctx: AppContext, actor: Actor, limit = 100) {
  if (!can(actor, 'outbox.read')) throw forbidden();
  const rows = await ctx.db.selectFrom('mail_outbox').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
  // Names and sizes only: the bytes stay in the database.
  const attachments =
    rows.length === 0
      ? []
      : await ctx.db
          .selectFrom('mail_outbox_attachments')
          .select(['outbox_id', 'filename', 'content_type', sql<number>`octet_length(content)`.as('bytes')])
          .where(
            'outbox_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('position')
          .execute();
  return rows.map((r) => ({
    id: r.id,
    purpose: r.purpose,
    toAddress: r.to_address,
    subject: r.subject,
    textBody: r.text_body,
    status: r.status,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    attachments: attachments
      .filter((a) => a.outbox_id === r.id)
      .map((a) => ({ filename: a.filename, contentType: a.content_type, bytes: a.bytes })),
  }));
}
