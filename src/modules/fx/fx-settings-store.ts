import type { Queryable } from '../../platform/db/database.ts';
import { DEFAULT_FX_SETTINGS, FxSettings } from './rules/fx-settings.ts';

export const FX_SETTINGS_KEY = 'fx';

/**
 * The reseller's rate settings: the stored values over the defaults, so a database that never saved
 * them (or saved them before a setting existed) gets the defaults.
 */
export async function loadFxSettings(db: Queryable, options: { forUpdate?: boolean } = {}): Promise<FxSettings> {
  let query = db.selectFrom('app_settings').select('value').where('key', '=', FX_SETTINGS_KEY);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  const parsed = FxSettings.safeParse({ ...DEFAULT_FX_SETTINGS, ...(row?.value ?? {}) });
  if (!parsed.success) throw new Error(`app_settings '${FX_SETTINGS_KEY}' is not valid: ${parsed.error.message}`);
  return parsed.data;
}
