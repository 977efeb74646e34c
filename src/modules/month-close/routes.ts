import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { monthClose, MonthCloseView } from './month-close-presenter.ts';

export function monthCloseRoutes(api: Api, ctx: AppContext) {
  api.get('/month-close', {
    config: { access: staffOnly('admin', 'billing') },
    schema: {
      tags: ['month-close'],
      querystring: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM') }),
      response: { 200: MonthCloseView, ...errorResponses },
    },
    handler: (request) => monthClose(ctx, callerOf(request).actor, request.query.month),
  });
}
