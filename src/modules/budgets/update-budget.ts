import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { notFound } from '../../platform/errors.ts';
import { mayManageBudgets, mayReadBudgets } from './budget-access.ts';
import { budgetColumns, BudgetFields } from './budget-fields.ts';
import { forbidden } from '../../platform/errors.ts';

export const UpdateBudgetInput = BudgetFields.extend({ budgetId: z.string().uuid() });

/** A representative changes a budget; alerts already raised stay (they said what was true then). */
export const updateBudget = defineAction({
  name: 'budgets.update',
  input: UpdateBudgetInput,
  authorize: async (tx, { actor }, input) => {
    const budget = await tx.selectFrom('budgets').select('company_id').where('id', '=', input.budgetId).executeTakeFirst();
    if (!budget || !mayReadBudgets(actor, budget.company_id)) throw notFound('Budget');
    if (!mayManageBudgets(actor, budget.company_id)) throw forbidden();
  },
  run: async (tx, _caller, input, ctx) => {
    const before = await tx.selectFrom('budgets').selectAll().where('id', '=', input.budgetId).forUpdate().executeTakeFirstOrThrow();
    const columns = await budgetColumns(tx, before.company_id, input);
    await tx
      .updateTable('budgets')
      .set({ ...columns, updated_at: ctx.now() })
      .where('id', '=', input.budgetId)
      .execute();
    return {
      result: { id: input.budgetId },
      audit: [
        {
          action: 'budgets.updated',
          entityType: 'budget',
          entityId: input.budgetId,
          companyId: before.company_id,
          before: {
            name: before.name,
            scope: before.scope,
            account_id: before.account_id,
            service_code: before.service_code,
            amount_jpy: before.amount_jpy,
            thresholds: before.thresholds,
            alert_on_forecast: before.alert_on_forecast,
          },
          after: { ...columns, amount_jpy: columns.amount_jpy.toString() },
        },
      ],
    };
  },
});
