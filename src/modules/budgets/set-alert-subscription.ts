import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { forbidden } from '../../platform/errors.ts';

/** A customer user chooses whether cost alerts reach them by e-mail (their own setting only). */
export const setAlertSubscription = defineAction({
  name: 'budgets.subscription.set',
  input: z.object({ subscribed: z.boolean() }),
  authorize: (_tx, { actor }) => {
    if (actor.kind !== 'customer') throw forbidden('Only customer users receive cost alerts.');
  },
  run: async (tx, { actor }, input, ctx) => {
    if (actor.kind !== 'customer') throw forbidden();
    await tx
      .insertInto('alert_subscriptions')
      .values({ user_id: actor.userId, subscribed: input.subscribed, updated_at: ctx.now() })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ subscribed: input.subscribed, updated_at: ctx.now() }))
      .execute();
    return {
      result: { subscribed: input.subscribed },
      audit: [
        {
          action: 'budgets.subscription.set',
          entityType: 'user',
          entityId: actor.userId,
          companyId: actor.companyId,
          after: { subscribed: input.subscribed },
        },
      ],
    };
  },
});
