import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { forbidden, invalid } from '../../platform/errors.ts';
import { lockApplication } from './application-store.ts';
import { companyRecipients, mailAll, staffRecipients } from './membership-access.ts';
import { attachmentProblem, MAX_ATTACHMENTS_PER_MESSAGE, sanitizeFileName } from './rules/attachments.ts';

export const AttachmentUpload = z.object({
  fileName: z.string().min(1).max(255),
  contentType: z.string().min(1).max(120),
  dataBase64: z.string().max(7_100_000),
});
export const MessageFields = z.object({
  body: z.string().trim().max(10_000),
  attachments: z.array(AttachmentUpload).max(MAX_ATTACHMENTS_PER_MESSAGE).default([]),
  /** Staff only: the attachments are the service's report. */
  isReport: z.boolean().default(false),
});
export const PostMessageInput = MessageFields.extend({ applicationId: z.string().uuid() });

/**
 * A message in an application's thread, between the company's users and staff (admins, CSMs), with
 * attachments kept in the database. The other side is told by e-mail.
 */
export const postApplicationMessage = defineAction({
  name: 'membership.application.message',
  input: PostMessageInput,
  authorize: (_tx, { actor }, input) => {
    if (actor.kind === 'staff' && actor.role === 'billing') throw forbidden();
    if (input.isReport && actor.kind === 'customer') throw forbidden('Only staff upload reports.');
  },
  run: async (tx, { actor }, input, ctx) => {
    const app = await lockApplication(tx, actor, input.applicationId);
    const files = input.attachments.map((a) => {
      const data = Buffer.from(a.dataBase64, 'base64');
      const fileName = sanitizeFileName(a.fileName);
      const problem = attachmentProblem({ fileName, contentType: a.contentType, sizeBytes: data.length });
      if (problem) throw invalid(`${fileName}: ${problem}`);
      return { fileName, contentType: a.contentType, data };
    });
    if (!input.body && files.length === 0) throw invalid('Write a message or attach a file.');
    if (input.isReport && files.length === 0) throw invalid('A report needs a file.');
    const side = actor.kind === 'customer' ? 'customer' : 'staff';
    const message = await tx
      .insertInto('membership_messages')
      .values({
        application_id: app.id,
        author_id: actor.kind === 'system' ? null : actor.userId,
        author_side: side,
        body: input.body,
        status_to: null,
        created_at: ctx.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const f of files) {
      await tx
        .insertInto('membership_attachments')
        .values({
          application_id: app.id,
          message_id: message.id,
          file_name: f.fileName,
          content_type: f.contentType,
          size_bytes: f.data.length,
          sha256: createHash('sha256').update(f.data).digest('hex'),
          is_report: input.isReport,
          data: f.data,
          created_at: ctx.now(),
        })
        .execute();
    }
    const to = side === 'customer' ? await staffRecipients(tx) : await companyRecipients(tx, app.company_id);
    await mailAll(tx, to, {
      purpose: 'membership-application-message',
      companyId: app.company_id,
      subject: input.isReport ? `【Daiko】レポートが届きました: ${app.service_name}` : `【Daiko】新しいメッセージ: ${app.service_name}`,
      text: [
        `「${app.service_name}」のお申し込みに${input.isReport ? 'レポート' : 'メッセージ'}が届きました。`,
        files.length ? `添付: ${files.map((f) => f.fileName).join(', ')}` : null,
        '',
        'Daikoにサインインしてご確認ください。',
      ]
        .filter((l) => l !== null)
        .join('\n'),
    });
    return {
      result: { id: message.id },
      audit: [
        {
          action: input.isReport ? 'membership.application.reported' : 'membership.application.message',
          entityType: 'membership_application',
          entityId: app.id,
          companyId: app.company_id,
          after: {
            messageId: message.id,
            attachments: files.map((f) => ({ name: f.fileName, type: f.contentType, bytes: f.data.length })),
          },
        },
      ],
    };
  },
});
