import nodemailer from 'nodemailer';
import type { AppContext } from '../../platform/context.ts';

const MAX_ATTEMPTS = 5;

/**
 * Sends pending outbox mail over SMTP (`SMTP_URL`), with its attachments. Without SMTP configured,
 * mail stays pending and is read in the staff console's outbox: the development catcher. Returns
 * how many were sent.
 */
export async function deliverOutbox(ctx: AppContext, limit = 50): Promise<{ sent: number; failed: number }> {
  if (!ctx.config.smtpUrl) return { sent: 0, failed: 0 };
  const transport = nodemailer.createTransport(ctx.config.smtpUrl);
  const pending = await ctx.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .limit(limit)
    .execute();
  const attachments =
    pending.length === 0
      ? []
      : await ctx.db
          .selectFrom('mail_outbox_attachments')
          .select(['outbox_id', 'filename', 'content_type', 'content'])
          .where(
            'outbox_id',
            'in',
            pending.map((m) => m.id),
          )
          .orderBy('outbox_id')
          .orderBy('position')
          .execute();
  let sent = 0;
  let failed = 0;
  for (const mail of pending) {
    try {
      await transport.sendMail({
        from: ctx.config.mailFrom,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text_body,
        attachments: attachments
          .filter((a) => a.outbox_id === mail.id)
          .map((a) => ({ filename: a.filename, contentType: a.content_type, content: Buffer.from(a.content) })),
      });
      await ctx.db
        .updateTable('mail_outbox')
        .set({
          status: 'sent',
          sent_at: ctx.now(),
          attempts: mail.attempts + 1,
          ...(mail.sensitive ? { text_body: '(delivered; the body held a secret and was removed)' } : {}),
        })
        .where('id', '=', mail.id)
        .execute();
      sent++;
    } catch (error) {
      const attempts = mail.attempts + 1;
      await ctx.db
        .updateTable('mail_outbox')
        .set({ attempts, last_error: String(error).slice(0, 500), status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending' })
        .where('id', '=', mail.id)
        .execute();
      failed++;
    }
  }
  transport.close();
  return { sent, failed };
}
