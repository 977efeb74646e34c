import { sql } from 'kysely';
import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { isCalendarDate, tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import { assertRepresentativeOf, mailAll, staffRecipients } from './membership-access.ts';
import { openMembershipYear } from './open-membership-year.ts';
import { fiscalYearOf } from './rules/rank.ts';
import { trainingQuota } from './rules/training.ts';

export const TrainingFields = z.object({
  trainingCode: z.string().min(1).max(40),
  preferredDates: z.array(z.string().refine(isCalendarDate, 'a date YYYY-MM-DD')).min(1).max(3),
  note: z.string().trim().max(4000).default(''),
});
export const RequestTrainingInput = TrainingFields.extend({ companyId: z.string().uuid() });

/**
 * The training service (seed 004 §3.3): a representative picks a menu item and preferred dates;
 * counted against the rank's yearly quota, no tickets. Beyond the quota the ticketed AWS training
 * option is the way (refused here with that hint).
 */
export const requestTraining = defineAction({
  name: 'membership.training.request',
  input: RequestTrainingInput,
  authorize: (tx, { actor }, input) => assertRepresentativeOf(tx, actor, input.companyId),
  run: async (tx, { actor }, input, ctx) => {
    const today = tokyoDateOf(ctx.now());
    const fiscalYear = fiscalYearOf(today);
    if (input.preferredDates.some((d) => d <= today)) throw invalid('Preferred dates must be after today.');
    const { year, audit } = await openMembershipYear(tx, input.companyId, fiscalYear, actorLabel(actor), ctx.now());
    const menu = await tx
      .selectFrom('training_menu')
      .selectAll()
      .where('code', '=', input.trainingCode)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!menu) throw notFound('Training');
    const used = await tx
      .selectFrom('training_requests')
      .select(sql<string>`count(*)::text`.as('n'))
      .where('company_id', '=', input.companyId)
      .where('fiscal_year', '=', fiscalYear)
      .where('status', '!=', 'cancelled')
      .executeTakeFirstOrThrow();
    const quota = trainingQuota(year.rank, Number(used.n));
    if (quota.left === 0)
      throw conflict(
        'training_quota_used',
        'The training quota of this fiscal year is used; apply for the AWS training option with tickets instead.',
      );
    const row = await tx
      .insertInto('training_requests')
      .values({
        company_id: input.companyId,
        fiscal_year: fiscalYear,
        training_code: menu.code,
        preferred_dates: [...input.preferredDates].sort(),
        status: 'requested',
        scheduled_on: null,
        note: input.note,
        requested_by: actor.kind === 'customer' ? actor.userId : '',
        requested_at: ctx.now(),
        updated_at: ctx.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const company = await tx.selectFrom('companies').select('name').where('id', '=', input.companyId).executeTakeFirstOrThrow();
    await mailAll(tx, await staffRecipients(tx), {
      purpose: 'membership-training',
      companyId: input.companyId,
      subject: `【Daiko】トレーニングのお申し込み: ${company.name} / ${menu.name_ja}`,
      text: `${company.name}から「${menu.name_ja}」のお申し込みがありました。\n希望日: ${input.preferredDates.join(', ')}`,
    });
    return {
      result: { id: row.id, quotaLeft: quota.left - 1 },
      audit: [
        ...audit,
        {
          action: 'membership.training.requested',
          entityType: 'training_request',
          entityId: row.id,
          companyId: input.companyId,
          after: { trainingCode: menu.code, preferredDates: input.preferredDates },
        },
      ],
    };
  },
});
