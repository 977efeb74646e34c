import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import { assertProposalParty } from './optimization-access.ts';
import { loadProposal } from './optimization-presenter.ts';
import { PRIORITIES } from './rules/proposal-rules.ts';

export const PriorityFields = z.object({ priority: z.enum(PRIORITIES) });
export const SetProposalPriorityInput = PriorityFields.extend({ proposalId: z.string().uuid() });

/**
 * Each side gives its priority (seed 004 §3.1.2): the company's representative for the customer, the
 * CSM (or an admin) for the reseller. It is agreed when both give the same; each is shown with who gave it.
 */
export const setProposalPriority = defineAction({
  name: 'optimization.proposal.priority',
  input: SetProposalPriorityInput,
  authorize: (tx, { actor }, input, ctx) => assertProposalParty(tx, actor, input.proposalId, ctx.now()),
  run: async (tx, { actor }, input, ctx) => {
    const before = await tx
      .selectFrom('optimization_proposals')
      .selectAll()
      .where('id', '=', input.proposalId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const side = actor.kind === 'customer' ? 'customer' : 'csm';
    await tx
      .updateTable('optimization_proposals')
      .set(
        side === 'customer'
          ? { customer_priority: input.priority, customer_priority_by: actorLabel(actor), updated_at: ctx.now() }
          : { csm_priority: input.priority, csm_priority_by: actorLabel(actor), updated_at: ctx.now() },
      )
      .where('id', '=', before.id)
      .execute();
    return {
      result: await loadProposal(tx, before.id, actor),
      audit: [
        {
          action: 'optimization.proposal.priority',
          entityType: 'optimization_proposal',
          entityId: before.id,
          companyId: before.company_id,
          before: { [side]: side === 'customer' ? before.customer_priority : before.csm_priority },
          after: { [side]: input.priority },
        },
      ],
    };
  },
});
