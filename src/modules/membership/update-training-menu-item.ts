import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { notFound } from '../../platform/errors.ts';
import { assertMembershipAdmin } from './membership-access.ts';

/** A training menu item as staff edit it (seed 004 §3.2.7, §3.3: the menu is reviewed every year). */
export const TrainingMenuFields = z.object({
  nameJa: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  format: z.enum(['lecture', 'hands-on']),
  hours: z.string().regex(/^\d{1,2}(\.\d{1,2})?$/, 'hours like 2 or 1.5'),
  /** Tickets of the ticketed AWS training option for this item: at least 2 (§3.2.7 "2~"). */
  ticketCost: z.number().int().min(2).max(100),
  /** false: retired — customers no longer see or choose it; past requests keep it. */
  active: z.boolean(),
});
export const UpdateTrainingMenuItemInput = TrainingMenuFields.extend({ trainingCode: z.string().min(1).max(40) });

export function trainingMenuRow(input: z.output<typeof TrainingMenuFields>) {
  return {
    name_ja: input.nameJa,
    name_en: input.nameEn,
    format: input.format,
    hours: input.hours,
    ticket_cost: input.ticketCost,
    active: input.active,
  };
}

/** Admins edit or retire a training menu item. */
export const updateTrainingMenuItem = defineAction({
  name: 'membership.training_menu.update',
  input: UpdateTrainingMenuItemInput,
  authorize: (_tx, { actor }) => assertMembershipAdmin(actor),
  run: async (tx, _caller, input) => {
    const before = await tx.selectFrom('training_menu').selectAll().where('code', '=', input.trainingCode).forUpdate().executeTakeFirst();
    if (!before) throw notFound('Training');
    const after = trainingMenuRow(input);
    await tx.updateTable('training_menu').set(after).where('code', '=', input.trainingCode).execute();
    return {
      result: { code: input.trainingCode },
      audit: [{ action: 'membership.training_menu.updated', entityType: 'training_menu', entityId: input.trainingCode, before, after }],
    };
  },
});
