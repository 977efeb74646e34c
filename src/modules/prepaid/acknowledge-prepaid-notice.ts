import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import { actorLabel, can } from '../identity/rules/roles.ts';
import { formatUsd, mailEach, prepaidCustomerRecipients, PURCHASE_TYPE_LABELS } from './prepaid-mail.ts';
import { prepaidNotice } from './prepaid-presenter.ts';

export const AcknowledgePrepaidNoticeInput = z.object({ noticeId: z.string().uuid() });

/** Staff confirm they have received a notice; the company's representatives are told so. */
export const acknowledgePrepaidNotice = defineAction({
  name: 'prepaid.notice.acknowledge',
  input: AcknowledgePrepaidNoticeInput,
  authorize: async (tx, { actor }, input) => {
    const notice = await tx.selectFrom('prepaid_notices').select('company_id').where('id', '=', input.noticeId).executeTakeFirst();
    if (!notice) throw notFound('Notice');
    if (actor.kind === 'customer' || !can(actor, 'prepaid.review', notice.company_id)) throw forbidden();
  },
  run: async (tx, { actor }, input, ctx) => {
    const before = await tx.selectFrom('prepaid_notices').select(['status', 'company_id']).where('id', '=', input.noticeId).forUpdate().executeTakeFirstOrThrow();
    if (before.status !== 'filed') throw conflict('notice_not_filed', `Only a filed notice can be acknowledged; this one is ${before.status}.`);
    await tx
      .updateTable('prepaid_notices')
      .set({ status: 'acknowledged', acknowledged_by: actorLabel(actor), acknowledged_at: ctx.now() })
      .where('id', '=', input.noticeId)
      .execute();
    const notice = await prepaidNotice(tx, input.noticeId);
    await mailEach(tx, await prepaidCustomerRecipients(tx, notice.companyId), {
      purpose: 'prepaid-notice-acknowledged',
      companyId: notice.companyId,
      subject: '【Daiko】大口前払い購入の事前連絡を受領しました',
      text: [
        `${notice.companyName} ご担当者様`,
        '',
        '以下の事前連絡を受領しました。ご連絡ありがとうございます。',
        '',
        `種類: ${PURCHASE_TYPE_LABELS[notice.purchaseType]}`,
        `予定金額: ${formatUsd(notice.expectedUsd)}`,
        `購入予定日: ${notice.expectedDate}`,
      ].join('\n'),
    });
    return {
      result: notice,
      audit: [
        {
          action: 'prepaid.notice.acknowledged',
          entityType: 'prepaid_notice',
          entityId: input.noticeId,
          companyId: notice.companyId,
          before: { status: before.status },
          after: { status: 'acknowledged' },
        },
      ],
    };
  },
});
