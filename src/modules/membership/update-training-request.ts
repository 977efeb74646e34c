import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { isCalendarDate } from '../calendar/rules/calendar-date.ts';
import { assertMembershipStaff, companyRecipients, mailAll } from './membership-access.ts';

export const UpdateTrainingFields = z.object({
  status: z.enum(['scheduled', 'done', 'cancelled']),
  scheduledOn: z.string().refine(isCalendarDate, 'a date YYYY-MM-DD').nullish(),
});
export const UpdateTrainingInput = UpdateTrainingFields.extend({ trainingRequestId: z.string().uuid() });

const NEXT: Record<string, readonly string[]> = {
  requested: ['scheduled', 'cancelled'],
  scheduled: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

/** Staff schedule a training request, mark it held, or cancel it (a cancelled one gives the quota back). */
export const updateTrainingRequest = defineAction({
  name: 'membership.training.update',
  input: UpdateTrainingInput,
  authorize: (_tx, { actor }) => assertMembershipStaff(actor),
  run: async (tx, _caller, input, ctx) => {
    const row = await tx
      .selectFrom('training_requests')
      .selectAll()
      .where('id', '=', input.trainingRequestId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Training request');
    if (!NEXT[row.status]!.includes(input.status))
      throw conflict('bad_transition', `A training request cannot go from ${row.status} to ${input.status}.`);
    if (input.status === 'scheduled' && !input.scheduledOn) throw invalid('Give the date.');
    const scheduledOn = input.status === 'scheduled' ? input.scheduledOn! : row.scheduled_on;
    await tx
      .updateTable('training_requests')
      .set({ status: input.status, scheduled_on: scheduledOn, updated_at: ctx.now() })
      .where('id', '=', row.id)
      .execute();
    const labels = {
      scheduled: `日程が決まりました: ${scheduledOn}`,
      done: '実施済みになりました',
      cancelled: 'キャンセルされました',
    } as const;
    await mailAll(tx, await companyRecipients(tx, row.company_id), {
      purpose: 'membership-training',
      companyId: row.company_id,
      subject: `【Daiko】トレーニング: ${labels[input.status]}`,
      text: `トレーニングのお申し込みが${labels[input.status]}。`,
    });
    return {
      result: { id: row.id, status: input.status, scheduledOn },
      audit: [
        {
          action: 'membership.training.updated',
          entityType: 'training_request',
          entityId: row.id,
          companyId: row.company_id,
          before: { status: row.status },
          after: { status: input.status, scheduledOn },
        },
      ],
    };
  },
});
