import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, forbidden } from '../../platform/errors.ts';
import { lockApplication, refundApplication } from './application-store.ts';
import { mailAll, staffRecipients } from './membership-access.ts';
import { customerMayCancel } from './rules/applications.ts';

export const CancelApplicationInput = z.object({ applicationId: z.string().uuid() });

/** A representative cancels an application the catalog allows to cancel, before the work starts; tickets come back. */
export const cancelApplication = defineAction({
  name: 'membership.application.cancel',
  input: CancelApplicationInput,
  authorize: (_tx, { actor }) => {
    if (actor.kind !== 'customer' || actor.role !== 'representative') throw forbidden('Only the company\u2019s representatives cancel.');
  },
  run: async (tx, { actor }, input, ctx) => {
    const app = await lockApplication(tx, actor, input.applicationId);
    if (!customerMayCancel(app.status, app.cancellable)) {
      throw conflict(
        'not_cancellable',
        app.cancellable ? 'The work has started; ask the CSM in the thread.' : 'This service cannot be cancelled after applying.',
      );
    }
    const refunded = await refundApplication(tx, actor, app, 'キャンセル', ctx.now());
    await tx.updateTable('membership_applications').set({ status: 'cancelled', updated_at: ctx.now() }).where('id', '=', app.id).execute();
    await tx
      .insertInto('membership_messages')
      .values({
        application_id: app.id,
        author_id: actor.kind === 'customer' ? actor.userId : null,
        author_side: 'customer',
        body: '',
        status_to: 'cancelled',
        created_at: ctx.now(),
      })
      .execute();
    await mailAll(tx, await staffRecipients(tx), {
      purpose: 'membership-application-status',
      companyId: app.company_id,
      subject: `【Daiko】お申し込みのキャンセル: ${app.service_name}`,
      text: `「${app.service_name}」のお申し込みがお客様によりキャンセルされました（チケット${refunded}枚返却）。`,
    });
    return {
      result: { id: app.id, status: 'cancelled' as const, refunded },
      audit: [
        {
          action: 'membership.application.cancelled',
          entityType: 'membership_application',
          entityId: app.id,
          companyId: app.company_id,
          before: { status: app.status },
          after: { status: 'cancelled', refunded },
        },
      ],
    };
  },
});
