import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { can, type Actor } from '../identity/rules/roles.ts';
import type { CostIngestionsTable } from './tables.ts';
import type { Selectable } from 'kysely';

export const IngestionView = z.object({
  id: z.string(),
  source: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'unchanged', 'failed']),
  format: z.string().nullable(),
  payerAccountId: z.string().nullable(),
  billingPeriod: z.string().nullable(),
  assemblyId: z.string().nullable(),
  isFinal: z.boolean().nullable(),
  files: z.array(z.object({ name: z.string(), sha256: z.string(), bytes: z.number() })),
  rowsRead: z.number(),
  rowsSkippedOtherProviders: z.number(),
  factCount: z.number(),
  totalsByLineType: z.record(z.string(), z.string()),
  warnings: z.array(z.string()),
  progress: z.record(z.string(), z.number()).nullable(),
  error: z.string().nullable(),
  requestedBy: z.string(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});

function toView(r: Selectable<CostIngestionsTable>): z.infer<typeof IngestionView> {
  return {
    id: r.id,
    source: r.source,
    status: r.status,
    format: r.format,
    payerAccountId: r.payer_account_id,
    billingPeriod: r.billing_period,
    assemblyId: r.assembly_id,
    isFinal: r.is_final,
    files: r.files,
    rowsRead: Number(r.rows_read),
    rowsSkippedOtherProviders: Number(r.rows_skipped_other_providers),
    factCount: Number(r.fact_count),
    totalsByLineType: r.totals_by_line_type,
    warnings: r.warnings,
    progress: r.progress,
    error: r.error,
    requestedBy: r.requested_by,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** The deliveries ingested (and queued), newest first: the staff console's view of the cost pipe. */
export async function listIngestions(ctx: AppContext, actor: Actor, limit = 100) {
  if (!can(actor, 'costs.ingest')) throw forbidden();
  const rows = await ctx.db.selectFrom('cost_ingestions').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map(toView);
}

export async function getIngestion(ctx: AppContext, actor: Actor, ingestionId: string) {
  if (!can(actor, 'costs.ingest')) throw forbidden();
  const row = await ctx.db.selectFrom('cost_ingestions').selectAll().where('id', '=', ingestionId).executeTakeFirst();
  if (!row) throw notFound('Ingestion');
  return toView(row);
}
