import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { notFound } from '../../platform/errors.ts';
import { isCalendarDate } from '../calendar/rules/calendar-date.ts';
import { assertMembershipAdmin } from './membership-access.ts';
import { MEMBERSHIP_RANKS } from './rules/rank.ts';

export const OptionServiceFields = z.object({
  nameJa: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  ticketCost: z.number().int().min(1).max(100),
  minRank: z.enum(MEMBERSHIP_RANKS),
  perAccount: z.boolean(),
  cancellable: z.boolean(),
  yearlyCapacity: z.number().int().min(1).max(10_000).nullable(),
  leadBusinessDays: z.number().int().min(0).max(120),
  offeredUntil: z.string().refine(isCalendarDate, 'a date YYYY-MM-DD').nullable(),
  active: z.boolean(),
});
export const UpdateOptionServiceInput = OptionServiceFields.extend({ serviceCode: z.string().min(1).max(40) });

/** Admins edit a catalog row (seed 004 §3.2.1: services change, end, or change their cost); applications already made keep their tickets. */
export const updateOptionService = defineAction({
  name: 'membership.catalog.update',
  input: UpdateOptionServiceInput,
  authorize: (_tx, { actor }) => assertMembershipAdmin(actor),
  run: async (tx, _caller, input, ctx) => {
    const before = await tx.selectFrom('option_services').selectAll().where('code', '=', input.serviceCode).forUpdate().executeTakeFirst();
    if (!before) throw notFound('Service');
    const after = {
      name_ja: input.nameJa,
      name_en: input.nameEn,
      ticket_cost: input.ticketCost,
      min_rank: input.minRank,
      per_account: input.perAccount,
      cancellable: input.cancellable,
      yearly_capacity: input.yearlyCapacity,
      lead_business_days: input.leadBusinessDays,
      offered_until: input.offeredUntil,
      active: input.active,
    };
    await tx
      .updateTable('option_services')
      .set({ ...after, updated_at: ctx.now() })
      .where('code', '=', input.serviceCode)
      .execute();
    return {
      result: { code: input.serviceCode },
      audit: [
        {
          action: 'membership.catalog.updated',
          entityType: 'option_service',
          entityId: input.serviceCode,
          before: { ...before, updated_at: undefined },
          after,
        },
      ],
    };
  },
});
