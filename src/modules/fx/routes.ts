import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { forbidden } from '../../platform/errors.ts';
import { staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { can } from '../identity/rules/roles.ts';
import { loadFxSettings } from './fx-settings-store.ts';
import { FxRatesListing, FxRatesQuery, listFxRates } from './fx-rates-presenter.ts';
import { importFxRates, ImportFxRatesInput } from './import-fx-rates.ts';
import { FxSettings } from './rules/fx-settings.ts';
import { updateFxSettings } from './update-fx-settings.ts';

const ImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  sources: z.array(z.string()),
  from: z.string().nullable(),
  to: z.string().nullable(),
});

export function fxRoutes(api: Api, ctx: AppContext) {
  api.get('/fx-rates', {
    config: { access: staffOnly() },
    schema: { tags: ['fx'], querystring: FxRatesQuery, response: { 200: FxRatesListing, ...errorResponses } },
    handler: (request) => listFxRates(ctx, callerOf(request).actor, request.query),
  });

  api.post('/fx-rates/import', {
    config: { access: staffOnly('admin', 'billing') },
    schema: { tags: ['fx'], body: ImportFxRatesInput, response: { 200: ImportResult, ...errorResponses } },
    handler: (request) => importFxRates(ctx, callerOf(request), request.body),
  });

  // Every staff member may read the rule the invoices follow; only admins change it.
  api.get('/fx-settings', {
    config: { access: staffOnly() },
    schema: { tags: ['fx'], response: { 200: FxSettings, ...errorResponses } },
    handler: async (request) => {
      if (!can(callerOf(request).actor, 'fx.read')) throw forbidden();
      return loadFxSettings(ctx.db);
    },
  });

  api.put('/fx-settings', {
    config: { access: staffOnly('admin') },
    schema: { tags: ['fx'], body: FxSettings, response: { 200: FxSettings, ...errorResponses } },
    handler: (request) => updateFxSettings(ctx, callerOf(request), request.body),
  });
}
