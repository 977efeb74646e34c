import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, invalid } from '../../platform/errors.ts';
import { isCalendarDate, tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';
import { assertProposalParty, assignedCsm } from './optimization-access.ts';
import { loadProposal } from './optimization-presenter.ts';
import { agreedPriority, PROPOSAL_STATUSES, statusChangeProblem } from './rules/proposal-rules.ts';

export const StatusFields = z.object({
  status: z.enum(PROPOSAL_STATUSES),
  /** The day the change was made in the customer's environment (JST), for "implemented". */
  changeDate: z.string().refine(isCalendarDate, 'a date YYYY-MM-DD').nullable().default(null),
  note: z.string().trim().max(1000).nullable().default(null),
});
export const ChangeProposalStatusInput = StatusFields.extend({ proposalId: z.string().uuid() });

/** The CSM moves a proposal along; the customer's representative may decline it. */
export const changeProposalStatus = defineAction({
  name: 'optimization.proposal.status',
  input: ChangeProposalStatusInput,
  authorize: (tx, { actor }, input, ctx) => assertProposalParty(tx, actor, input.proposalId, ctx.now()),
  run: async (tx, { actor }, input, ctx) => {
    const before = await tx
      .selectFrom('optimization_proposals')
      .selectAll()
      .where('id', '=', input.proposalId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const changeDate = input.status === 'implemented' ? input.changeDate : before.change_date;
    if (input.status === 'implemented' && changeDate && changeDate > tokyoDateOf(ctx.now()))
      throw invalid('changeDate: the change has to have happened (today or earlier)');
    const problem = statusChangeProblem({
      from: before.status,
      to: input.status,
      by: actor.kind === 'customer' ? 'customer' : 'staff',
      priorityAgreed: agreedPriority(before.customer_priority, before.csm_priority) !== null,
      changeDate,
    });
    if (problem) throw conflict('proposal_status_refused', problem);
    await tx
      .updateTable('optimization_proposals')
      .set({ status: input.status, change_date: changeDate, status_note: input.note ?? before.status_note, updated_at: ctx.now() })
      .where('id', '=', before.id)
      .execute();
    // The other side hears of it: the CSM when the customer declines, the representatives otherwise.
    const to =
      actor.kind === 'customer'
        ? [(await assignedCsm(tx, before.company_id, ctx.now()))?.email].filter((e): e is string => Boolean(e))
        : (
            await tx
              .selectFrom('users')
              .select('email')
              .where('company_id', '=', before.company_id)
              .where('role', '=', 'representative')
              .orderBy('email')
              .execute()
          ).map((u) => u.email);
    const labels = {
      proposed: '提案中',
      agreed: '合意済み',
      in_progress: '対応中',
      implemented: '実施済み',
      measured: '効果測定済み',
      declined: '見送り',
    } as const;
    for (const address of to) {
      await enqueueMail(tx, {
        purpose: 'optimization-status',
        to: address,
        companyId: before.company_id,
        subject: `【Daiko】クラウド最適化のご提案「${before.title}」が${labels[input.status]}になりました`,
        text: [
          `ご提案「${before.title}」の状態: ${labels[before.status]} → ${labels[input.status]}`,
          changeDate && input.status === 'implemented' ? `変更日: ${changeDate}` : '',
          input.note ?? '',
        ]
          .filter(Boolean)
          .join('\n'),
      });
    }
    return {
      result: await loadProposal(tx, before.id, actor),
      audit: [
        {
          action: 'optimization.proposal.status',
          entityType: 'optimization_proposal',
          entityId: before.id,
          companyId: before.company_id,
          before: { status: before.status },
          after: { status: input.status, changeDate },
        },
      ],
    };
  },
});
