import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { forbidden } from '../../platform/errors.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import { mayManageBudgets } from './budget-access.ts';
import { budgetColumns, BudgetFields } from './budget-fields.ts';

export const CreateBudgetInput = BudgetFields.extend({ companyId: z.string().uuid() });

/** A representative sets a monthly budget for the company, one of its accounts or one service. */
export const createBudget = defineAction({
  name: 'budgets.create',
  input: CreateBudgetInput,
  authorize: (_tx, { actor }, input) => {
    if (!mayManageBudgets(actor, input.companyId)) throw forbidden();
  },
  run: async (tx, { actor }, input, ctx) => {
    const columns = await budgetColumns(tx, input.companyId, input);
    const { id } = await tx
      .insertInto('budgets')
      .values({ ...columns, company_id: input.companyId, created_by: actorLabel(actor), created_at: ctx.now(), updated_at: ctx.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      result: { id },
      audit: [
        {
          action: 'budgets.created',
          entityType: 'budget',
          entityId: id,
          companyId: input.companyId,
          after: { ...columns, amount_jpy: columns.amount_jpy.toString() },
        },
      ],
    };
  },
});
