import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { invalid } from '../../platform/errors.ts';
import { assertManagesAccounts, loadAssignment, lockAccount, moveAssignment } from './account-store.ts';
import { AccountId, selectAssignmentView, toAssignmentView, UtcDate } from './account-view.ts';
import { describeWindow } from './rules/assignment-windows.ts';

export const ChangeAssignmentInput = z.object({
  accountId: AccountId,
  assignmentId: z.string().uuid(),
  validFrom: UtcDate.optional(),
  /** null reopens the window; a date closes it (first day no longer owned). */
  validTo: UtcDate.nullable().optional(),
});

/** Edits a window's dates, e.g. closes it on the day the account moves to another company. */
export const changeAssignment = defineAction({
  name: 'account_assignment.update',
  input: ChangeAssignmentInput,
  authorize: (_tx, { actor }) => assertManagesAccounts(actor),
  run: async (tx, _caller, input) => {
    await lockAccount(tx, input.accountId);
    const before = await loadAssignment(tx, input.accountId, input.assignmentId);
    const window = {
      validFrom: input.validFrom ?? before.valid_from,
      validTo: input.validTo === undefined ? before.valid_to : input.validTo,
    };
    if (window.validTo !== null && window.validTo <= window.validFrom)
      throw invalid(`validTo must be after validFrom (${describeWindow(window)}).`);
    const unchanged = window.validFrom === before.valid_from && window.validTo === before.valid_to;
    const audit = unchanged ? [] : [(await moveAssignment(tx, before, window)).audit];
    return { result: toAssignmentView(await selectAssignmentView(tx).where('a.id', '=', before.id).executeTakeFirstOrThrow()), audit };
  },
});
