import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { AuditEntryView, AuditLogQuery, listAuditLog } from './audit-log-presenter.ts';

export function auditRoutes(api: Api, ctx: AppContext) {
  api.get('/audit-log', {
    config: { access: staffOnly('admin') },
    schema: {
      tags: ['audit'],
      querystring: AuditLogQuery,
      response: { 200: z.object({ entries: z.array(AuditEntryView), nextBefore: z.string().nullable() }), ...errorResponses },
    },
    handler: (request) => listAuditLog(ctx, callerOf(request).actor, request.query),
  });
}
