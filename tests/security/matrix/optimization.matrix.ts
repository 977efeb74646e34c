import { fiscalYearOf } from '../../../src/modules/membership/rules/rank.ts';
import { tokyoDateOf } from '../../../src/modules/calendar/rules/calendar-date.ts';
import type { MatrixFragment } from './fragment.ts';

/** Cloud optimization: B (GOLD) has a proposal that must stay B's. */
export const fragment: MatrixFragment = {
  routes: {
    'GET /api/companies/:companyId/optimization': {},
    'PUT /api/companies/:companyId/optimization/csm': { body: { csmUserId: '00000000-0000-4000-8000-000000000000' } },
    'GET /api/optimization/csms': {},
    'POST /api/companies/:companyId/optimization/proposals': {
      body: { category: 'security', title: 'intruder', description: 'intruder', expectedEffect: 'intruder', effort: 'small' },
    },
    'GET /api/optimization-proposals/:proposalId': {},
    'POST /api/optimization-proposals/:proposalId/priority': { body: { priority: 'low' } },
    'POST /api/optimization-proposals/:proposalId/status': { body: { status: 'declined' } },
  },
  seed: async (ctx, { b }) => {
    const fiscalYear = fiscalYearOf(tokyoDateOf(ctx.now()));
    await ctx.db
      .insertInto('membership_years')
      .values({
        company_id: b.companyId,
        fiscal_year: fiscalYear,
        basis_total_jpy: null,
        basis_source: 'none',
        computed_rank: 'GOLD',
        rank: 'GOLD',
        override_reason: null,
        overridden_by: null,
        overridden_at: null,
        csm_user_id: null,
        opened_by: 'matrix',
      })
      .onConflict((oc) => oc.columns(['company_id', 'fiscal_year']).doUpdateSet({ rank: 'GOLD' }))
      .execute();
    const now = ctx.now();
    const { id } = await ctx.db
      .insertInto('optimization_proposals')
      .values({
        company_id: b.companyId,
        category: 'cost',
        title: 'BRAVO secret proposal',
        description: 'BRAVO secret description',
        expected_effect: 'BRAVO secret effect',
        expected_saving_jpy: 123456n,
        effort: 'small',
        customer_priority: null,
        customer_priority_by: null,
        csm_priority: null,
        csm_priority_by: null,
        change_date: null,
        status_note: null,
        proposed_by: 'csm@reseller.test',
        proposed_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ids: { proposalId: id }, secrets: ['BRAVO secret proposal', 'BRAVO secret description'] };
  },
};
