import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { forbidden } from '../../platform/errors.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import { mayManageBudgets } from './budget-access.ts';

export const AnomalyMuteFields = z.object({ serviceCode: z.string().trim().min(1).max(200), muted: z.boolean() });

/** A representative mutes (or unmutes) a service for anomaly alerts; budgets and restricted services still alert. */
export const setAnomalyMute = defineAction({
  name: 'budgets.anomaly_mute.set',
  input: AnomalyMuteFields.extend({ companyId: z.string().uuid() }),
  authorize: (_tx, { actor }, input) => {
    if (!mayManageBudgets(actor, input.companyId)) throw forbidden();
  },
  run: async (tx, { actor }, input, ctx) => {
    if (input.muted) {
      await tx
        .insertInto('anomaly_mutes')
        .values({ company_id: input.companyId, service_code: input.serviceCode, muted_by: actorLabel(actor), muted_at: ctx.now() })
        .onConflict((oc) => oc.columns(['company_id', 'service_code']).doNothing())
        .execute();
    } else {
      await tx
        .deleteFrom('anomaly_mutes')
        .where('company_id', '=', input.companyId)
        .where('service_code', '=', input.serviceCode)
        .execute();
    }
    return {
      result: { serviceCode: input.serviceCode, muted: input.muted },
      audit: [
        {
          action: input.muted ? 'budgets.anomaly_muted' : 'budgets.anomaly_unmuted',
          entityType: 'company',
          entityId: input.companyId,
          companyId: input.companyId,
          after: { serviceCode: input.serviceCode },
        },
      ],
    };
  },
});
