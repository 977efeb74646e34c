import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict } from '../../platform/errors.ts';
import { assertAnotherRepresentative, loadManagedUser } from './load-managed-user.ts';

export const DeleteUserInput = z.object({ userId: z.string().uuid() });

/** Deletes a user and ends their sessions; never the last representative, never oneself. */
export const deleteUser = defineAction({
  name: 'user.delete',
  input: DeleteUserInput,
  authorize: async (tx, caller, input) => {
    await loadManagedUser(tx, caller, input.userId);
  },
  run: async (tx, caller, input) => {
    const user = await loadManagedUser(tx, caller, input.userId);
    if (caller.actor.kind !== 'system' && caller.actor.userId === user.id) {
      throw conflict('cannot_delete_self', 'You cannot delete your own user.');
    }
    if (user.kind === 'customer' && user.role === 'representative') await assertAnotherRepresentative(tx, user.company_id!, user.id);
    await tx.deleteFrom('users').where('id', '=', user.id).execute();
    return {
      result: { id: user.id },
      audit: [
        { action: 'user.delete', entityType: 'user', entityId: user.id, companyId: user.company_id, before: { email: user.email, name: user.name, role: user.role } },
      ],
    };
  },
});
