import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { forbidden, invalid } from '../../platform/errors.ts';
import { isCalendarDate, tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { actorLabel, can } from '../identity/rules/roles.ts';
import { formatUsd, mailEach, prepaidStaffRecipients, PURCHASE_TYPE_LABELS } from './prepaid-mail.ts';
import { prepaidNotice, type PrepaidNoticeView } from './prepaid-presenter.ts';
import { PREPAID_PURCHASE_TYPES } from './rules/match-prepaid-purchase.ts';

/** What a representative enters (the company comes from the URL). */
export const PrepaidNoticeFields = z.object({
  purchaseType: z.enum(PREPAID_PURCHASE_TYPES),
  /** USD as a decimal string, up to cents. */
  expectedUsd: z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'USD amount, e.g. 40000 or 40000.50'),
  expectedDate: z.string().refine(isCalendarDate, 'a date YYYY-MM-DD'),
  note: z.string().trim().max(1000).nullish(),
});

export const FilePrepaidNoticeInput = PrepaidNoticeFields.extend({ companyId: z.string().uuid() });
export type FilePrepaidNoticeInput = z.input<typeof FilePrepaidNoticeInput>;

/**
 * A customer's representative announces a large prepaid purchase before making it (seed 000
 * §2.2.5). Staff (admin, billing) are told by e-mail and acknowledge it in the console.
 */
export const filePrepaidNotice = defineAction({
  name: 'prepaid.notice.file',
  input: FilePrepaidNoticeInput,
  authorize: (_tx, { actor }, input) => {
    if (!can(actor, 'prepaid.file', input.companyId)) throw forbidden();
  },
  run: async (tx, { actor }, input, ctx) => {
    const today = tokyoDateOf(ctx.now());
    // An advance notice is about a purchase still to come.
    if (input.expectedDate < today) throw invalid(`The expected date ${input.expectedDate} is in the past (today is ${today} in Japan).`);
    if (new Decimal(input.expectedUsd).lte(0)) throw invalid('The expected amount must be more than USD 0.');
    const note = input.note || null;
    const { id } = await tx
      .insertInto('prepaid_notices')
      .values({
        company_id: input.companyId,
        purchase_type: input.purchaseType,
        expected_usd: input.expectedUsd,
        expected_date: input.expectedDate,
        note,
        filed_by: actorLabel(actor),
        filed_at: ctx.now(),
        acknowledged_by: null,
        acknowledged_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const notice = await prepaidNotice(tx, id);
    await mailEach(tx, await prepaidStaffRecipients(tx), {
      purpose: 'prepaid-notice-filed',
      companyId: input.companyId,
      subject: `【Daiko】大口前払い購入の事前連絡: ${notice.companyName}`,
      text: [
        `${notice.companyName}（${notice.companyCode}）から大口前払い購入の事前連絡が届きました。`,
        '',
        `種類: ${PURCHASE_TYPE_LABELS[notice.purchaseType]}`,
        `予定金額: ${formatUsd(notice.expectedUsd)}`,
        `購入予定日: ${notice.expectedDate}`,
        `連絡者: ${notice.filedBy}`,
        note ? `備考: ${note}` : null,
        '',
        'スタッフコンソールの「大口前払い購入」で確認し、受領してください。',
      ]
        .filter((line) => line !== null)
        .join('\n'),
    });
    return {
      result: notice satisfies PrepaidNoticeView,
      audit: [
        {
          action: 'prepaid.notice.filed',
          entityType: 'prepaid_notice',
          entityId: id,
          companyId: input.companyId,
          after: { purchaseType: input.purchaseType, expectedUsd: input.expectedUsd, expectedDate: input.expectedDate, note },
        },
      ],
    };
  },
});
