import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { loadInquiry } from './inquiries-presenter.ts';
import { eligibleCompany, maySeeCompany, userName } from './inquiry-access.ts';
import { inquiryCustomerRecipients, inquiryStaffRecipients, mailInquiry, portalUrl } from './inquiry-mail.ts';

export const CloseInquiryInput = z.object({ inquiryId: z.string().uuid() });

/** The customer (any of its users) or staff close a resolved inquiry; the other side is told. */
export const closeInquiry = defineAction({
  name: 'inquiry.close',
  input: CloseInquiryInput,
  authorize: async (tx, { actor }, input) => {
    const inquiry = await tx.selectFrom('inquiries').select('company_id').where('id', '=', input.inquiryId).executeTakeFirst();
    if (!inquiry || !maySeeCompany(actor, inquiry.company_id)) throw notFound('Inquiry');
    await eligibleCompany(tx, inquiry.company_id);
  },
  run: async (tx, { actor }, input, ctx) => {
    const now = ctx.now();
    const before = await tx.selectFrom('inquiries').selectAll().where('id', '=', input.inquiryId).forUpdate().executeTakeFirstOrThrow();
    if (before.status === 'closed') throw conflict('inquiry_closed', 'This inquiry is already closed.');
    const name = await userName(tx, actor);
    // Closing answers nothing: a question still waiting stays counted up to here, then the clock stops.
    await tx
      .updateTable('inquiries')
      .set({ status: 'closed', closed_at: now, closed_by: name, waiting_since: null })
      .where('id', '=', before.id)
      .execute();
    const byCustomer = actor.kind === 'customer';
    await mailInquiry(tx, byCustomer ? await inquiryStaffRecipients(tx) : await inquiryCustomerRecipients(tx, before), {
      purpose: 'inquiry-closed',
      companyId: before.company_id,
      inquiryId: before.id,
      baseUrl: portalUrl(ctx),
      subject: `【Daiko】お問い合わせをクローズしました: ${before.subject}`,
      lines: [
        `${name} さんがお問い合わせ「${before.subject}」をクローズしました。`,
        '追加のご質問があれば、同じお問い合わせにメッセージを送ると再開します。',
      ],
    });
    return {
      result: await loadInquiry(tx, before.id, now),
      audit: [
        {
          action: 'inquiry.closed',
          entityType: 'inquiry',
          entityId: before.id,
          companyId: before.company_id,
          before: { status: 'open' },
          after: { status: 'closed', by: byCustomer ? 'customer' : 'staff' },
        },
      ],
    };
  },
});
