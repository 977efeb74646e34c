import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { invalid } from '../../platform/errors.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';
import { assertProposalStaff, optimizationRank } from './optimization-access.ts';
import { loadProposal } from './optimization-presenter.ts';
import { EFFORTS, PROPOSAL_CATEGORIES } from './rules/proposal-rules.ts';

export const ProposalFields = z.object({
  category: z.enum(PROPOSAL_CATEGORIES),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(10_000),
  expectedEffect: z.string().trim().min(1).max(1000),
  /** Required for a cost proposal (yen per month), absent otherwise. */
  expectedSavingJpy: z.number().int().positive().max(1e12).nullable().default(null),
  effort: z.enum(EFFORTS),
  accountIds: z
    .array(z.string().regex(/^\d{12}$/))
    .max(100)
    .default([]),
  serviceCodes: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
});
export const OpenProposalInput = ProposalFields.extend({ companyId: z.string().uuid() });

/** The company's CSM (or an admin) proposes an improvement; the company's representatives are told. */
export const openProposal = defineAction({
  name: 'optimization.proposal.open',
  input: OpenProposalInput,
  authorize: async (tx, { actor }, input, ctx) => {
    await optimizationRank(tx, actor, input.companyId, ctx.now());
    await assertProposalStaff(tx, actor, input.companyId, ctx.now());
  },
  run: async (tx, { actor }, input, ctx) => {
    if ((input.category === 'cost') !== (input.expectedSavingJpy !== null)) {
      throw invalid('expectedSavingJpy: a cost proposal states its expected saving in yen per month; other proposals do not');
    }
    if (input.accountIds.length > 0) {
      const owned = await tx
        .selectFrom('account_assignments')
        .select('account_id')
        .where('company_id', '=', input.companyId)
        .where('account_id', 'in', input.accountIds)
        .execute();
      const ownedIds = new Set(owned.map((o) => o.account_id));
      const foreign = input.accountIds.filter((id) => !ownedIds.has(id));
      if (foreign.length > 0) throw invalid(`accountIds: not accounts of this company: ${foreign.join(', ')}`);
    }
    const now = ctx.now();
    const row = await tx
      .insertInto('optimization_proposals')
      .values({
        company_id: input.companyId,
        category: input.category,
        title: input.title,
        description: input.description,
        expected_effect: input.expectedEffect,
        expected_saving_jpy: input.expectedSavingJpy === null ? null : BigInt(input.expectedSavingJpy),
        effort: input.effort,
        account_ids: [...new Set(input.accountIds)].sort(),
        service_codes: [...new Set(input.serviceCodes)].sort(),
        customer_priority: null,
        customer_priority_by: null,
        csm_priority: null,
        csm_priority_by: null,
        change_date: null,
        status_note: null,
        proposed_by: actorLabel(actor),
        proposed_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const reps = await tx
      .selectFrom('users')
      .select('email')
      .where('company_id', '=', input.companyId)
      .where('role', '=', 'representative')
      .orderBy('email')
      .execute();
    for (const { email } of reps) {
      await enqueueMail(tx, {
        purpose: 'optimization-proposal',
        to: email,
        companyId: input.companyId,
        subject: `【Daiko】クラウド最適化のご提案: ${input.title}`,
        text: [
          `CSM からクラウド最適化のご提案があります。`,
          '',
          `件名: ${input.title}`,
          `期待される効果: ${input.expectedEffect}`,
          '',
          'ポータルの「クラウド最適化」で内容を確認し、優先度をお知らせください。',
        ].join('\n'),
      });
    }
    return {
      result: await loadProposal(tx, row.id, actor),
      audit: [
        {
          action: 'optimization.proposal.opened',
          entityType: 'optimization_proposal',
          entityId: row.id,
          companyId: input.companyId,
          after: { category: input.category, title: input.title, expectedSavingJpy: input.expectedSavingJpy },
        },
      ],
    };
  },
});
