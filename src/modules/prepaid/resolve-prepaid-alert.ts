import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import { actorLabel, can } from '../identity/rules/roles.ts';
import { prepaidOverview, type PrepaidPurchaseView } from './prepaid-presenter.ts';

export const ResolvePrepaidAlertFields = z.object({ note: z.string().trim().min(1, 'say how it was resolved').max(1000) });
export const ResolvePrepaidAlertInput = ResolvePrepaidAlertFields.extend({ alertId: z.string().uuid() });

/** Staff close an alert of an unnotified large purchase, saying how it was dealt with. */
export const resolvePrepaidAlert = defineAction({
  name: 'prepaid.alert.resolve',
  input: ResolvePrepaidAlertInput,
  authorize: async (tx, { actor }, input) => {
    const alert = await tx.selectFrom('prepaid_purchases').select('company_id').where('id', '=', input.alertId).executeTakeFirst();
    if (!alert) throw notFound('Alert');
    if (actor.kind === 'customer' || !can(actor, 'prepaid.review', alert.company_id)) throw forbidden();
  },
  run: async (tx, { actor }, input, ctx) => {
    const before = await tx.selectFrom('prepaid_purchases').select(['alert_status', 'company_id']).where('id', '=', input.alertId).forUpdate().executeTakeFirstOrThrow();
    if (before.alert_status !== 'open') throw conflict('alert_not_open', `Only an open alert can be resolved; this one is ${before.alert_status}.`);
    await tx
      .updateTable('prepaid_purchases')
      .set({ alert_status: 'resolved', resolved_by: actorLabel(actor), resolved_at: ctx.now(), resolution_note: input.note })
      .where('id', '=', input.alertId)
      .execute();
    const view = (await prepaidOverview(tx, before.company_id)).purchases.find((p) => p.id === input.alertId)!;
    return {
      result: view satisfies PrepaidPurchaseView,
      audit: [
        {
          action: 'prepaid.alert.resolved',
          entityType: 'prepaid_purchase',
          entityId: input.alertId,
          companyId: before.company_id,
          before: { status: 'open' },
          after: { status: 'resolved', note: input.note },
        },
      ],
    };
  },
});
