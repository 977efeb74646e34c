import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { can } from '../identity/rules/roles.ts';
import { prepaidNotice } from './prepaid-presenter.ts';

export const WithdrawPrepaidNoticeInput = z.object({ noticeId: z.string().uuid() });

/**
 * A representative withdraws a notice of a purchase that will not happen. A notice that already
 * covers a purchase stays: the match is history.
 */
export const withdrawPrepaidNotice = defineAction({
  name: 'prepaid.notice.withdraw',
  input: WithdrawPrepaidNoticeInput,
  authorize: async (tx, { actor }, input) => {
    const notice = await tx.selectFrom('prepaid_notices').select('company_id').where('id', '=', input.noticeId).executeTakeFirst();
    // Another tenant's notice is "not found", so ids tell nothing.
    if (!notice || !can(actor, 'prepaid.file', notice.company_id)) throw notFound('Notice');
  },
  run: async (tx, _caller, input) => {
    const before = await tx.selectFrom('prepaid_notices').select(['status', 'company_id']).where('id', '=', input.noticeId).forUpdate().executeTakeFirstOrThrow();
    if (before.status === 'withdrawn') throw conflict('notice_withdrawn', 'This notice is already withdrawn.');
    const used = await tx.selectFrom('prepaid_purchases').select('id').where('notice_id', '=', input.noticeId).executeTakeFirst();
    if (used) throw conflict('notice_used', 'This notice already covers a purchase and cannot be withdrawn.');
    await tx.updateTable('prepaid_notices').set({ status: 'withdrawn' }).where('id', '=', input.noticeId).execute();
    return {
      result: await prepaidNotice(tx, input.noticeId),
      audit: [
        {
          action: 'prepaid.notice.withdrawn',
          entityType: 'prepaid_notice',
          entityId: input.noticeId,
          companyId: before.company_id,
          before: { status: before.status },
          after: { status: 'withdrawn' },
        },
      ],
    };
  },
});
