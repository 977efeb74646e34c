import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, forbidden, invalid } from '../../platform/errors.ts';
import { tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import { openMembershipYear } from '../membership/open-membership-year.ts';
import { fiscalYearOf } from '../membership/rules/rank.ts';
import { optimizationRank } from './optimization-access.ts';
import { companyOptimization } from './optimization-presenter.ts';
import { csmAssignmentProblem } from './rules/proposal-rules.ts';

export const AssignCsmFields = z.object({ csmUserId: z.string().uuid() });
export const AssignCsmInput = AssignCsmFields.extend({ companyId: z.string().uuid() });

/**
 * An admin assigns the company's CSM for the current fiscal year (written on the membership year,
 * opened first if the April 1 job has not run for it yet). PLATINUM: a dedicated CSM; GOLD and
 * SILVER: shared, so one CSM serves several companies.
 */
export const assignCsm = defineAction({
  name: 'optimization.csm.assign',
  input: AssignCsmInput,
  authorize: async (tx, { actor }, input, ctx) => {
    if (!(actor.kind === 'system' || (actor.kind === 'staff' && actor.role === 'admin'))) throw forbidden();
    await optimizationRank(tx, actor, input.companyId, ctx.now());
  },
  run: async (tx, { actor }, input, ctx) => {
    const now = ctx.now();
    const rank = await optimizationRank(tx, actor, input.companyId, now);
    const csm = await tx.selectFrom('users').select(['id', 'kind', 'role', 'email']).where('id', '=', input.csmUserId).executeTakeFirst();
    if (!csm || csm.kind !== 'staff' || csm.role !== 'csm') throw invalid('csmUserId: not a staff user with the CSM role');
    const fiscalYear = fiscalYearOf(tokyoDateOf(now));
    const { year, audit } = await openMembershipYear(tx, input.companyId, fiscalYear, actorLabel(actor), now);
    // Serialize assignments of this CSM, so two admins cannot both make it dedicated somewhere.
    await tx.selectFrom('users').select('id').where('id', '=', csm.id).forUpdate().execute();
    const others = await tx
      .selectFrom('membership_years')
      .select('rank')
      .where('csm_user_id', '=', csm.id)
      .where('fiscal_year', '=', fiscalYear)
      .where('company_id', '<>', input.companyId)
      .execute();
    const problem = csmAssignmentProblem(rank, others);
    if (problem) throw conflict('csm_not_available', problem);
    await tx.updateTable('membership_years').set({ csm_user_id: csm.id }).where('id', '=', year.id).execute();
    return {
      result: await companyOptimization(tx, input.companyId, rank, now, actor),
      audit: [
        ...audit,
        {
          action: 'optimization.csm.assigned',
          entityType: 'membership_year',
          entityId: year.id,
          companyId: input.companyId,
          before: { csmUserId: year.csm_user_id },
          after: { csmUserId: csm.id, csm: csm.email, fiscalYear },
        },
      ],
    };
  },
});
