import { defineAction } from '../../platform/action.ts';
import { forbidden } from '../../platform/errors.ts';
import { can } from '../identity/rules/roles.ts';
import { FX_SETTINGS_KEY, loadFxSettings } from './fx-settings-store.ts';
import { FxSettings } from './rules/fx-settings.ts';

/** Replaces the rate settings (admins). */
export const updateFxSettings = defineAction({
  name: 'fx_settings.update',
  input: FxSettings,
  authorize: (_tx, { actor }) => {
    if (!can(actor, 'fx.configure')) throw forbidden();
  },
  run: async (tx, _caller, after, ctx) => {
    // Locks the row (when there is one): two saves at once are applied one after the other, both audited.
    const before = await loadFxSettings(tx, { forUpdate: true });
    if (JSON.stringify(after) === JSON.stringify(before)) return { result: after, audit: [] };
    await tx
      .insertInto('app_settings')
      .values({ key: FX_SETTINGS_KEY, value: JSON.stringify(after) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(after), updated_at: ctx.now() }))
      .execute();
    return { result: after, audit: [{ action: 'fx_settings.update', entityType: 'settings', entityId: FX_SETTINGS_KEY, before, after }] };
  },
});
