import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { actorLabel, actorUserId } from '../identity/rules/roles.ts';
import { loadInquiry } from './inquiries-presenter.ts';
import { eligibleCompany, userName } from './inquiry-access.ts';
import { CATEGORY_LABELS, inquiryStaffRecipients, mailInquiry, portalUrl } from './inquiry-mail.ts';
import { INQUIRY_CATEGORIES } from './rules/inquiry-rules.ts';

export const InquiryFields = z.object({
  subject: z.string().trim().min(1).max(200),
  category: z.enum(INQUIRY_CATEGORIES),
  body: z.string().trim().min(1).max(10_000),
});
export const OpenInquiryInput = InquiryFields.extend({ companyId: z.string().uuid() });

/** Any user of an eligible company asks the reseller about the membership; staff are e-mailed. */
export const openInquiry = defineAction({
  name: 'inquiry.open',
  input: OpenInquiryInput,
  authorize: async (tx, { actor }, input) => {
    // Staff answer inquiries; they do not open them on a customer's behalf.
    if (actor.kind !== 'customer') throw forbidden('Inquiries are opened by the customer’s users.');
    if (actor.companyId !== input.companyId) throw notFound('Company');
    await eligibleCompany(tx, input.companyId);
  },
  run: async (tx, { actor }, input, ctx) => {
    const now = ctx.now();
    const company = await eligibleCompany(tx, input.companyId);
    const name = await userName(tx, actor);
    const inquiry = await tx
      .insertInto('inquiries')
      .values({
        company_id: input.companyId,
        subject: input.subject,
        category: input.category,
        opened_by_user_id: actorUserId(actor),
        opened_by: name,
        opened_at: now,
        waiting_since: now,
        first_response_at: null,
        last_message_at: now,
        closed_at: null,
        closed_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('inquiry_messages')
      .values({
        inquiry_id: inquiry.id,
        author_user_id: actorUserId(actor),
        author_kind: 'customer',
        author_name: name,
        body: input.body,
        created_at: now,
      })
      .execute();
    await mailInquiry(tx, await inquiryStaffRecipients(tx), {
      purpose: 'inquiry-opened',
      companyId: input.companyId,
      inquiryId: inquiry.id,
      baseUrl: portalUrl(ctx),
      subject: `【Daiko】新しいお問い合わせ: ${input.subject}`,
      lines: [
        `${company.name}（${company.code}）の ${name} 様からお問い合わせがありました。`,
        '',
        `カテゴリー: ${CATEGORY_LABELS[input.category]}`,
        `件名: ${input.subject}`,
        '',
        input.body,
      ],
    });
    return {
      result: await loadInquiry(tx, inquiry.id, now),
      audit: [
        {
          action: 'inquiry.opened',
          entityType: 'inquiry',
          entityId: inquiry.id,
          companyId: input.companyId,
          after: { subject: input.subject, category: input.category, by: actorLabel(actor) },
        },
      ],
    };
  },
});
