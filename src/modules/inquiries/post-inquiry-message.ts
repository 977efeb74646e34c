import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { notFound } from '../../platform/errors.ts';
import { actorUserId } from '../identity/rules/roles.ts';
import { loadInquiry } from './inquiries-presenter.ts';
import { eligibleCompany, maySeeCompany, userName } from './inquiry-access.ts';
import { inquiryCustomerRecipients, inquiryStaffRecipients, mailInquiry, portalUrl } from './inquiry-mail.ts';
import { afterMessage } from './rules/inquiry-rules.ts';

export const InquiryMessageFields = z.object({ body: z.string().trim().min(1).max(10_000) });
export const PostInquiryMessageInput = InquiryMessageFields.extend({ inquiryId: z.string().uuid() });

/**
 * A message on the thread, by a user of the company or by staff; the other side is e-mailed. A
 * message on a closed inquiry reopens it (docs/inquiries.md).
 */
export const postInquiryMessage = defineAction({
  name: 'inquiry.message.post',
  input: PostInquiryMessageInput,
  authorize: async (tx, { actor }, input) => {
    const inquiry = await tx.selectFrom('inquiries').select('company_id').where('id', '=', input.inquiryId).executeTakeFirst();
    if (!inquiry || !maySeeCompany(actor, inquiry.company_id)) throw notFound('Inquiry');
    await eligibleCompany(tx, inquiry.company_id);
  },
  run: async (tx, { actor }, input, ctx) => {
    const now = ctx.now();
    const before = await tx.selectFrom('inquiries').selectAll().where('id', '=', input.inquiryId).forUpdate().executeTakeFirstOrThrow();
    const author = actor.kind === 'customer' ? 'customer' : 'staff';
    const next = afterMessage(
      { status: before.status, waitingSince: before.waiting_since, firstResponseAt: before.first_response_at },
      author,
      now,
    );
    const name = await userName(tx, actor);
    await tx
      .insertInto('inquiry_messages')
      .values({
        inquiry_id: before.id,
        author_user_id: actorUserId(actor),
        author_kind: author,
        author_name: name,
        body: input.body,
        created_at: now,
      })
      .execute();
    await tx
      .updateTable('inquiries')
      .set({
        status: next.status,
        waiting_since: next.waitingSince,
        first_response_at: next.firstResponseAt,
        last_message_at: now,
        closed_at: null,
        closed_by: null,
      })
      .where('id', '=', before.id)
      .execute();
    const to = author === 'customer' ? await inquiryStaffRecipients(tx) : await inquiryCustomerRecipients(tx, before);
    await mailInquiry(tx, to, {
      purpose: 'inquiry-message',
      companyId: before.company_id,
      inquiryId: before.id,
      baseUrl: portalUrl(ctx),
      subject: `【Daiko】お問い合わせに${author === 'staff' ? '回答がありました' : '返信がありました'}: ${before.subject}`,
      lines: [`${name} さんのメッセージ${next.reopened ? '（クローズ済みのお問い合わせを再開しました）' : ''}:`, '', input.body],
    });
    return {
      result: await loadInquiry(tx, before.id, now),
      audit: [
        {
          action: next.reopened ? 'inquiry.reopened' : 'inquiry.message.posted',
          entityType: 'inquiry',
          entityId: before.id,
          companyId: before.company_id,
          before: { status: before.status },
          after: { status: next.status, author },
        },
      ],
    };
  },
});
