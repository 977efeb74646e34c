import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, invalid } from '../../platform/errors.ts';
import { assertAnotherRepresentative, loadManagedUser } from './load-managed-user.ts';
import { CUSTOMER_ROLES, STAFF_ROLES, isStaffRole } from './rules/roles.ts';
import { selectUserView, toUserView } from './user-view.ts';

export const UpdateUserInput = z.object({
  userId: z.string().uuid(),
  email: z.string().trim().toLowerCase().email().max(254).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  role: z.enum([...STAFF_ROLES, ...CUSTOMER_ROLES]).optional(),
  locale: z.enum(['ja', 'en']).optional(),
});

/** Edits a user's name, e-mail, role or language (representatives for their company; admins). */
export const updateUser = defineAction({
  name: 'user.update',
  input: UpdateUserInput,
  authorize: async (tx, caller, input) => {
    await loadManagedUser(tx, caller, input.userId);
  },
  run: async (tx, caller, input, ctx) => {
    const before = await loadManagedUser(tx, caller, input.userId);
    if (input.role && isStaffRole(input.role) !== (before.kind === 'staff')) {
      throw invalid(`A ${before.kind} user cannot get the role ${input.role}.`);
    }
    if (before.kind === 'customer' && before.role === 'representative' && input.role === 'member') {
      await assertAnotherRepresentative(tx, before.company_id!, before.id);
    }
    if (input.email && input.email !== before.email) {
      const taken = await tx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
      if (taken) throw conflict('email_taken', `A user with the e-mail ${input.email} already exists.`);
    }
    await tx
      .updateTable('users')
      .set({
        ...(input.email ? { email: input.email } : {}),
        ...(input.name ? { name: input.name } : {}),
        ...(input.role ? { role: input.role } : {}),
        ...(input.locale ? { locale: input.locale } : {}),
        updated_at: ctx.now(),
      })
      .where('id', '=', before.id)
      .execute();
    const after = toUserView(await selectUserView(tx).where('id', '=', before.id).executeTakeFirstOrThrow());
    return {
      result: after,
      audit: [
        {
          action: 'user.update',
          entityType: 'user',
          entityId: before.id,
          companyId: before.company_id,
          before: { email: before.email, name: before.name, role: before.role, locale: before.locale },
          after: { email: after.email, name: after.name, role: after.role, locale: after.locale },
        },
      ],
    };
  },
});
