import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { listOutbox, OutboxMailView } from './outbox-presenter.ts';

export function mailRoutes(api: Api, ctx: AppContext) {
  api.get('/outbox', {
    config: { access: staffOnly('admin', 'billing') },
    schema: { tags: ['mail'], response: { 200: z.array(OutboxMailView), ...errorResponses } },
    handler: (request) => listOutbox(ctx, callerOf(request).actor),
  });
}
