import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { assertManagesAccounts, assignmentSnapshot, loadAssignment, lockAccount } from './account-store.ts';
import { AccountId } from './account-view.ts';

export const RemoveAssignmentInput = z.object({ accountId: AccountId, assignmentId: z.string().uuid() });

/** Deletes a window entered by mistake. (An account that left a company gets its window closed instead.) */
export const removeAssignment = defineAction({
  name: 'account_assignment.delete',
  input: RemoveAssignmentInput,
  authorize: (_tx, { actor }) => assertManagesAccounts(actor),
  run: async (tx, _caller, input) => {
    await lockAccount(tx, input.accountId);
    const row = await loadAssignment(tx, input.accountId, input.assignmentId);
    await tx.deleteFrom('account_assignments').where('id', '=', row.id).execute();
    return {
      result: { id: row.id },
      audit: [
        {
          action: 'account_assignment.delete',
          entityType: 'account_assignment',
          entityId: row.id,
          companyId: row.company_id,
          before: assignmentSnapshot(row),
        },
      ],
    };
  },
});
