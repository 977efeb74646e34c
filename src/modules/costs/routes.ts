import path from 'node:path';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { forbidden, invalid } from '../../platform/errors.ts';
import { staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { actorLabel, can } from '../identity/rules/roles.ts';
import { parseCostSource } from './cost-sources.ts';
import { queueIngestion } from './ingest-cost-source.ts';
import { INGEST_JOB } from './ingestion-job.ts';
import { getIngestion, IngestionView, listIngestions } from './ingestions-presenter.ts';

const StartIngestion = z.object({ source: z.string().trim().min(1).max(1024) });

export function costRoutes(api: Api, ctx: AppContext) {
  api.get('/cost-ingestions', {
    config: { access: staffOnly('admin', 'billing') },
    schema: { tags: ['costs'], response: { 200: z.array(IngestionView), ...errorResponses } },
    handler: (request) => listIngestions(ctx, callerOf(request).actor),
  });

  api.get('/cost-ingestions/:ingestionId', {
    config: { access: staffOnly('admin', 'billing') },
    schema: { tags: ['costs'], params: z.object({ ingestionId: z.string().uuid() }), response: { 200: IngestionView, ...errorResponses } },
    handler: (request) => getIngestion(ctx, callerOf(request).actor, request.params.ingestionId),
  });

  api.post('/cost-ingestions', {
    config: { access: staffOnly('admin', 'billing') },
    schema: { tags: ['costs'], body: StartIngestion, response: { 202: z.object({ id: z.string() }), ...errorResponses } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      if (!can(caller.actor, 'costs.ingest')) throw forbidden();
      const source = parseCostSource(request.body.source);
      // From the browser, only the configured incoming folder: the console must not read arbitrary server files.
      if (source.kind === 'local' && !(source.path + path.sep).startsWith(ctx.config.ingestDir + path.sep)) {
        throw invalid(`Local sources must be inside the incoming folder ${ctx.config.ingestDir} (or use s3://bucket/prefix).`);
      }
      const id = await queueIngestion(ctx, caller, request.body.source);
      await ctx.jobs.send(INGEST_JOB, { ingestionId: id, source: request.body.source, requestedBy: actorLabel(caller.actor) });
      return reply.status(202).send({ id });
    },
  });
}
