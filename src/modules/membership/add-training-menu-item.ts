import { sql } from 'kysely';
import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict } from '../../platform/errors.ts';
import { assertMembershipAdmin } from './membership-access.ts';
import { TrainingMenuFields, trainingMenuRow } from './update-training-menu-item.ts';

export const AddTrainingMenuItemInput = TrainingMenuFields.extend({
  code: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and hyphens'),
});

/** Admins add a training to the menu; it goes to the end of the list. */
export const addTrainingMenuItem = defineAction({
  name: 'membership.training_menu.add',
  input: AddTrainingMenuItemInput,
  authorize: (_tx, { actor }) => assertMembershipAdmin(actor),
  run: async (tx, _caller, input) => {
    const exists = await tx.selectFrom('training_menu').select('code').where('code', '=', input.code).executeTakeFirst();
    if (exists) throw conflict('training_code_taken', `The menu already has a training ${input.code}.`);
    const last = await tx
      .selectFrom('training_menu')
      .select(sql<number>`coalesce(max(sort_order), 0)::int`.as('n'))
      .executeTakeFirstOrThrow();
    const row = { code: input.code, ...trainingMenuRow(input), sort_order: last.n + 10 };
    await tx.insertInto('training_menu').values(row).execute();
    return {
      result: { code: input.code },
      audit: [{ action: 'membership.training_menu.added', entityType: 'training_menu', entityId: input.code, after: row }],
    };
  },
});
