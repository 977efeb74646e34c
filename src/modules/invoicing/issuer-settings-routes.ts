import type { AppContext } from '../../platform/context.ts';
import { staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { getIssuerSettings, IssuerSettingsResponse, IssuerSettingsView } from './issuer-settings-presenter.ts';
import { updateIssuerSettings, UpdateIssuerSettingsInput } from './update-issuer-settings.ts';

export function issuerSettingsRoutes(api: Api, ctx: AppContext) {
  api.get('/issuer-settings', {
    config: { access: staffOnly() },
    schema: { tags: ['invoicing'], response: { 200: IssuerSettingsResponse, ...errorResponses } },
    handler: (request) => getIssuerSettings(ctx, callerOf(request).actor),
  });

  api.put('/issuer-settings', {
    config: { access: staffOnly('admin') },
    schema: { tags: ['invoicing'], body: UpdateIssuerSettingsInput, response: { 200: IssuerSettingsView, ...errorResponses } },
    handler: (request) => updateIssuerSettings(ctx, callerOf(request), request.body),
  });
}
