import { defineAction } from '../../platform/action.ts';
import { assertMembershipAdmin } from './membership-access.ts';
import { loadRankThresholds, RANK_THRESHOLDS_KEY, RankThresholdsSchema } from './membership-store.ts';

/** Admins set the yearly totals (yen) that earn each rank; applies to years opened afterwards. */
export const updateRankThresholds = defineAction({
  name: 'membership.thresholds.update',
  input: RankThresholdsSchema,
  authorize: (_tx, { actor }) => assertMembershipAdmin(actor),
  run: async (tx, _caller, after, ctx) => {
    const before = await loadRankThresholds(tx, { forUpdate: true });
    await tx
      .insertInto('app_settings')
      .values({ key: RANK_THRESHOLDS_KEY, value: JSON.stringify(after) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(after), updated_at: ctx.now() }))
      .execute();
    return {
      result: after,
      audit: [{ action: 'membership.thresholds.updated', entityType: 'settings', entityId: RANK_THRESHOLDS_KEY, before, after }],
    };
  },
});
