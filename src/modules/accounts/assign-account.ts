import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { invalid } from '../../platform/errors.ts';
import { assertCompanyExists, assertManagesAccounts, insertAssignment, lockAccount } from './account-store.ts';
import { AccountId, selectAssignmentView, toAssignmentView, UtcDate } from './account-view.ts';
import { describeWindow } from './rules/assignment-windows.ts';

export const AssignAccountInput = z.object({
  accountId: AccountId,
  companyId: z.string().uuid(),
  validFrom: UtcDate,
  /** The first day no longer owned; null = open-ended. */
  validTo: UtcDate.nullable().default(null),
});

/** Gives a company an account for a window of days; windows of one account never overlap. */
export const assignAccount = defineAction({
  name: 'account_assignment.create',
  input: AssignAccountInput,
  authorize: (_tx, { actor }) => assertManagesAccounts(actor),
  run: async (tx, _caller, input) => {
    const window = { validFrom: input.validFrom, validTo: input.validTo };
    if (window.validTo !== null && window.validTo <= window.validFrom)
      throw invalid(`validTo must be after validFrom (${describeWindow(window)}).`);
    await lockAccount(tx, input.accountId);
    await assertCompanyExists(tx, input.companyId);
    const { row, audit } = await insertAssignment(tx, input.accountId, input.companyId, window);
    return {
      result: toAssignmentView(await selectAssignmentView(tx).where('a.id', '=', row.id).executeTakeFirstOrThrow()),
      audit: [audit],
    };
  },
});
