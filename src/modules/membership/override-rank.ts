import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import { assertMembershipAdmin, assertMembershipVisible } from './membership-access.ts';
import { openMembershipYear } from './open-membership-year.ts';
import { MEMBERSHIP_RANKS } from './rules/rank.ts';
import { overrideTopUp } from './rules/tickets.ts';
import { appendTicketEntry } from './ticket-ledger.ts';

export const OverrideRankFields = z.object({
  fiscalYear: z.number().int().min(2000).max(2100),
  rank: z.enum(MEMBERSHIP_RANKS),
  reason: z.string().trim().min(3).max(500),
});
export const OverrideRankInput = OverrideRankFields.extend({ companyId: z.string().uuid() });

/**
 * Staff set a company's rank for a fiscal year by hand, with a reason (audited). The year is opened
 * first if needed; a higher rank grants the extra tickets, a lower one takes none back (staff
 * adjust tickets separately if they must).
 */
export const overrideRank = defineAction({
  name: 'membership.rank.override',
  input: OverrideRankInput,
  authorize: async (tx, { actor }, input) => {
    assertMembershipAdmin(actor);
    await assertMembershipVisible(tx, actor, input.companyId);
  },
  run: async (tx, { actor }, input, ctx) => {
    const label = actorLabel(actor);
    const { year, audit } = await openMembershipYear(tx, input.companyId, input.fiscalYear, label, ctx.now());
    const topUp = overrideTopUp(year.rank, input.rank);
    await tx
      .updateTable('membership_years')
      .set({ rank: input.rank, override_reason: input.reason, overridden_by: label, overridden_at: ctx.now() })
      .where('id', '=', year.id)
      .execute();
    if (topUp > 0) {
      const n = await tx
        .selectFrom('ticket_ledger')
        .select('id')
        .where('company_id', '=', input.companyId)
        .where('fiscal_year', '=', input.fiscalYear)
        .execute();
      await appendTicketEntry(tx, {
        companyId: input.companyId,
        fiscalYear: input.fiscalYear,
        kind: 'grant',
        amount: topUp,
        reason: `rank override ${year.rank} → ${input.rank}: ${input.reason}`,
        idempotencyKey: `grant:${input.companyId}:${input.fiscalYear}:override:${n.length}`,
        actor: label,
        at: ctx.now(),
      });
    }
    return {
      result: { fiscalYear: input.fiscalYear, rank: input.rank, ticketsGranted: topUp },
      audit: [
        ...audit,
        {
          action: 'membership.rank.overridden',
          entityType: 'membership_year',
          entityId: year.id,
          companyId: input.companyId,
          before: { rank: year.rank },
          after: { rank: input.rank, reason: input.reason, ticketsGranted: topUp },
        },
      ],
    };
  },
});
