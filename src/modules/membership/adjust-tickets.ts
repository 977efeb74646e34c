import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import { assertMembershipAdmin, assertMembershipVisible } from './membership-access.ts';
import { openMembershipYear } from './open-membership-year.ts';
import { fiscalYearOf } from './rules/rank.ts';
import { appendTicketEntry } from './ticket-ledger.ts';

export const AdjustTicketsFields = z.object({
  amount: z
    .number()
    .int()
    .min(-1000)
    .max(1000)
    .refine((n) => n !== 0, 'not zero'),
  reason: z.string().trim().min(3).max(500),
});
export const AdjustTicketsInput = AdjustTicketsFields.extend({ companyId: z.string().uuid() });

/** Staff add or remove tickets with a reason; they belong to the current fiscal year and expire with it. */
export const adjustTickets = defineAction({
  name: 'membership.tickets.adjust',
  input: AdjustTicketsInput,
  authorize: async (tx, { actor }, input) => {
    assertMembershipAdmin(actor);
    await assertMembershipVisible(tx, actor, input.companyId);
  },
  run: async (tx, { actor }, input, ctx) => {
    const label = actorLabel(actor);
    const fiscalYear = fiscalYearOf(tokyoDateOf(ctx.now()));
    const { audit } = await openMembershipYear(tx, input.companyId, fiscalYear, label, ctx.now());
    const balance = await appendTicketEntry(tx, {
      companyId: input.companyId,
      fiscalYear,
      kind: 'adjust',
      amount: input.amount,
      reason: input.reason,
      actor: label,
      at: ctx.now(),
    });
    return {
      result: { balance: balance! },
      audit: [
        ...audit,
        {
          action: 'membership.tickets.adjusted',
          entityType: 'company',
          entityId: input.companyId,
          companyId: input.companyId,
          after: { amount: input.amount, reason: input.reason, balance },
        },
      ],
    };
  },
});
