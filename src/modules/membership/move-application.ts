import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict } from '../../platform/errors.ts';
import { tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { lockApplication, refundApplication, STATUS_LABELS_JA } from './application-store.ts';
import { assertMembershipStaff, companyRecipients, mailAll } from './membership-access.ts';
import { APPLICATION_STATUSES, refundsTickets, staffMayMove } from './rules/applications.ts';
import { fiscalYearOf } from './rules/rank.ts';

export const MoveApplicationFields = z.object({
  to: z.enum(APPLICATION_STATUSES),
  note: z.string().trim().max(4000).default(''),
});
export const MoveApplicationInput = MoveApplicationFields.extend({ applicationId: z.string().uuid() });

/**
 * Staff move an application through its states; a rejection needs a reason and gives the tickets
 * back (unless their fiscal year has ended: expired tickets do not come back). The company's users
 * are told by e-mail.
 */
export const moveApplication = defineAction({
  name: 'membership.application.move',
  input: MoveApplicationInput,
  authorize: (_tx, { actor }) => assertMembershipStaff(actor),
  run: async (tx, { actor }, input, ctx) => {
    const app = await lockApplication(tx, actor, input.applicationId);
    if (!staffMayMove(app.status, input.to))
      throw conflict('bad_transition', `An application cannot go from ${app.status} to ${input.to}.`);
    if (input.to === 'rejected' && input.note.length < 3) throw conflict('reason_required', 'A rejection needs a reason.');
    let refunded = 0;
    if (refundsTickets(input.to) && fiscalYearOf(tokyoDateOf(ctx.now())) === app.fiscal_year) {
      refunded = await refundApplication(tx, actor, app, `却下: ${input.note}`, ctx.now());
    }
    await tx
      .updateTable('membership_applications')
      .set({ status: input.to, updated_at: ctx.now(), closed_reason: input.to === 'rejected' ? input.note : null })
      .where('id', '=', app.id)
      .execute();
    await tx
      .insertInto('membership_messages')
      .values({
        application_id: app.id,
        author_id: actor.kind === 'staff' ? actor.userId : null,
        author_side: 'staff',
        body: input.note,
        status_to: input.to,
        created_at: ctx.now(),
      })
      .execute();
    await mailAll(tx, await companyRecipients(tx, app.company_id), {
      purpose: 'membership-application-status',
      companyId: app.company_id,
      subject: `【Daiko】お申し込みの状況: ${app.service_name} — ${STATUS_LABELS_JA[input.to]}`,
      text: [
        `「${app.service_name}」のお申し込みが「${STATUS_LABELS_JA[input.to]}」になりました。`,
        input.note ? `\n${input.note}` : null,
        refunded > 0 ? `\nチケット${refunded}枚を返却しました。` : null,
        '\nDaikoの「cloudpack+」ページでご確認ください。',
      ]
        .filter((l) => l !== null)
        .join('\n'),
    });
    return {
      result: { id: app.id, status: input.to, refunded },
      audit: [
        {
          action: 'membership.application.moved',
          entityType: 'membership_application',
          entityId: app.id,
          companyId: app.company_id,
          before: { status: app.status },
          after: { status: input.to, note: input.note, refunded },
        },
      ],
    };
  },
});
