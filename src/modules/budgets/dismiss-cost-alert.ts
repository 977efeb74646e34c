import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import { mayManageBudgets, mayReadBudgets } from './budget-access.ts';

/** A representative marks an alert as dealt with: it leaves the open alerts, stays in the history. */
export const dismissCostAlert = defineAction({
  name: 'budgets.alert.dismiss',
  input: z.object({ costAlertId: z.string().uuid() }),
  authorize: async (tx, { actor }, input) => {
    const alert = await tx.selectFrom('cost_alerts').select('company_id').where('id', '=', input.costAlertId).executeTakeFirst();
    if (!alert || !mayReadBudgets(actor, alert.company_id)) throw notFound('Alert');
    if (!mayManageBudgets(actor, alert.company_id)) throw forbidden();
  },
  run: async (tx, { actor }, input, ctx) => {
    const alert = await tx
      .selectFrom('cost_alerts')
      .select(['company_id', 'dismissed_at'])
      .where('id', '=', input.costAlertId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (alert.dismissed_at) throw conflict('alert_dismissed', 'This alert has already been dismissed.');
    await tx
      .updateTable('cost_alerts')
      .set({ dismissed_by: actorLabel(actor), dismissed_at: ctx.now() })
      .where('id', '=', input.costAlertId)
      .execute();
    return {
      result: { id: input.costAlertId },
      audit: [{ action: 'budgets.alert.dismissed', entityType: 'cost_alert', entityId: input.costAlertId, companyId: alert.company_id }],
    };
  },
});
