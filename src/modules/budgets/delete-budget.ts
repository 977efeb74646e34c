import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { mayManageBudgets, mayReadBudgets } from './budget-access.ts';

/** A representative removes a budget; its alerts stay in the history with the budget's name. */
export const deleteBudget = defineAction({
  name: 'budgets.delete',
  input: z.object({ budgetId: z.string().uuid() }),
  authorize: async (tx, { actor }, input) => {
    const budget = await tx.selectFrom('budgets').select('company_id').where('id', '=', input.budgetId).executeTakeFirst();
    if (!budget || !mayReadBudgets(actor, budget.company_id)) throw notFound('Budget');
    if (!mayManageBudgets(actor, budget.company_id)) throw forbidden();
  },
  run: async (tx, _caller, input) => {
    const before = await tx.deleteFrom('budgets').where('id', '=', input.budgetId).returningAll().executeTakeFirstOrThrow();
    return {
      result: { id: input.budgetId },
      audit: [
        {
          action: 'budgets.deleted',
          entityType: 'budget',
          entityId: input.budgetId,
          companyId: before.company_id,
          before: { name: before.name, scope: before.scope, amount_jpy: before.amount_jpy },
        },
      ],
    };
  },
});
