import type { AppContext } from '../../platform/context.ts';
import { ingestCostSource } from './ingest-cost-source.ts';

export const INGEST_JOB = 'costs.ingest';

/** The background worker: runs a queued ingestion (its record carries the outcome and progress). */
export async function registerIngestionJob(ctx: AppContext) {
  await ctx.jobs.register(INGEST_JOB, async (data) => {
    const { ingestionId, source, requestedBy } = data as { ingestionId: string; source: string; requestedBy: string };
    await ingestCostSource(ctx, { actor: { kind: 'system', label: `ingest-job for ${requestedBy}` }, ip: null }, source, { ingestionId });
  });
}
