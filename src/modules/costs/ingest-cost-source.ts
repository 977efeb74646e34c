import { sql } from 'kysely';
import type { AppContext, Caller } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { createAthenaClient } from '../aws/clients.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import { CostFileError, type AggregationProgress, type CostAggregator, type Delivery } from './aggregator.ts';
import { AthenaAggregator } from './athena-aggregator.ts';
import { parseCostSource, resolveCostSource } from './cost-sources.ts';
import { DuckDbAggregator } from './duckdb-aggregator.ts';
import { deliveryFingerprint, sha256File } from './fingerprint.ts';
import { replaceBillingPeriods, type PeriodOutcome } from './replace-billing-periods.ts';
import { checkPrepaidPurchases } from '../prepaid/check-prepaid-purchases.ts';
import { evaluateCostAlerts } from '../budgets/evaluate-cost-alerts.ts';
import type { IngestedFile } from './tables.ts';

export type IngestProgress = AggregationProgress & { delivery: number; deliveries: number };

export type IngestionSummary = {
  ingestionId: string;
  status: 'succeeded' | 'unchanged' | 'failed';
  format: string | null;
  payerAccountId: string | null;
  periods: PeriodOutcome[];
  accounts: number;
  rowsRead: number;
  rowsSkippedOtherProviders: number;
  factCount: number;
  totalsByLineType: Record<string, string>;
  warnings: string[];
  elapsedMs: number;
  error: string | null;
};

export type IngestOptions = {
  /** Refuse a delivery of another payer (a reseller may run several organizations). */
  payer?: string;
  aggregator?: CostAggregator;
  onProgress?: (progress: IngestProgress) => void;
  /** A queued ingestion record (from the console) to carry the first delivery. */
  ingestionId?: string;
};

/** Queues an ingestion record for a source; the job runner picks it up (the console's "start ingest"). */
export async function queueIngestion(ctx: AppContext, caller: Caller, source: string) {
  parseCostSource(source);
  return ctx.db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto('cost_ingestions')
      .values({ source, status: 'queued', requested_by: actorLabel(caller.actor), format: null, payer_account_id: null, billing_period: null, assembly_id: null, fingerprint: null, is_final: null, error: null, started_at: null, finished_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, caller.actor, [{ action: 'costs.ingest_queued', entityType: 'cost_ingestion', entityId: id, after: { source } }], caller.ip);
    return id;
  });
}

/**
 * Ingests every delivery found at a source (a local path or s3://bucket/prefix), one ingestion
 * record each. A delivery that fails is recorded as failed with its reason and leaves the data in
 * force untouched; the others still go in.
 */
export async function ingestCostSource(ctx: AppContext, caller: Caller, source: string, options: IngestOptions = {}): Promise<IngestionSummary[]> {
  const aggregator = options.aggregator ?? configuredAggregator(ctx, source);
  let resolved: Awaited<ReturnType<typeof resolveCostSource>>;
  try {
    resolved = await resolveCostSource(ctx, parseCostSource(source));
    if (resolved.deliveries.length === 0) throw new DomainError('no_cost_files', `No cost report files found at ${source}`, 400);
  } catch (error) {
    if (options.ingestionId) await markFailed(ctx, options.ingestionId, messageOf(error), ctx.now());
    throw error;
  }
  try {
    const summaries: IngestionSummary[] = [];
    for (const [index, delivery] of resolved.deliveries.entries()) {
      const ingestionId = index === 0 && options.ingestionId ? options.ingestionId : await newIngestionRecord(ctx, caller, source);
      summaries.push(
        await ingestDelivery(ctx, caller, { ingestionId, delivery, aggregator, payer: options.payer, onProgress: (p) => options.onProgress?.({ ...p, delivery: index + 1, deliveries: resolved.deliveries.length }) }),
      );
    }
    return summaries;
  } finally {
    await resolved.cleanup();
  }
}

/** Athena when configured, for S3 sources only: Athena cannot read this machine's files (docs/athena.md). */
function configuredAggregator(ctx: AppContext, source: string): CostAggregator {
  const { aggregator, athena } = ctx.config.costs;
  if (aggregator === 'athena' && athena && source.trim().startsWith('s3://')) {
    return new AthenaAggregator(createAthenaClient(ctx.config.aws, athena.region), athena);
  }
  return new DuckDbAggregator();
}

async function newIngestionRecord(ctx: AppContext, caller: Caller, source: string) {
  const { id } = await ctx.db
    .insertInto('cost_ingestions')
    .values({ source, status: 'queued', requested_by: actorLabel(caller.actor), format: null, payer_account_id: null, billing_period: null, assembly_id: null, fingerprint: null, is_final: null, error: null, started_at: null, finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function ingestDelivery(
  ctx: AppContext,
  caller: Caller,
  input: { ingestionId: string; delivery: Delivery; aggregator: CostAggregator; payer?: string; onProgress: (p: AggregationProgress) => void },
): Promise<IngestionSummary> {
  const { ingestionId, delivery } = input;
  const started = ctx.now();
  const startedMs = performance.now();
  const files: IngestedFile[] = [];
  for (const f of delivery.files) files.push({ name: f.displayName, ...(await sha256File(f.path)) });
  const fingerprint = deliveryFingerprint(files);
  await ctx.db
    .updateTable('cost_ingestions')
    .set({ status: 'running', started_at: started, format: delivery.format, assembly_id: delivery.assemblyId, billing_period: delivery.billingPeriod, files: JSON.stringify(files), fingerprint })
    .where('id', '=', ingestionId)
    .execute();

  let lastWrite = 0;
  const onProgress = (p: AggregationProgress) => {
    input.onProgress(p);
    // The console polls this; once a second is plenty and keeps writes off the hot path.
    if (Date.now() - lastWrite > 1000) {
      lastWrite = Date.now();
      void ctx.db.updateTable('cost_ingestions').set({ progress: JSON.stringify(p) }).where('id', '=', ingestionId).execute().catch(() => {});
    }
  };

  let result: Awaited<ReturnType<CostAggregator['aggregate']>> | undefined;
  try {
    result = await input.aggregator.aggregate(delivery, { onProgress });
    if (input.payer && result.payerAccountId !== input.payer) {
      throw new CostFileError(delivery.files[0]!.displayName, `payer ${result.payerAccountId} is not the expected payer ${input.payer}`, undefined, 'payer');
    }
    const aggregation = result;
    const periods = await ctx.db.transaction().execute(async (tx) => {
      const outcomes = await replaceBillingPeriods(tx, { ingestionId, fingerprint, result: aggregation });
      const status = outcomes.every((o) => o.status === 'unchanged') ? 'unchanged' : 'succeeded';
      await tx
        .updateTable('cost_ingestions')
        .set({
          status,
          payer_account_id: aggregation.payerAccountId,
          billing_period: delivery.billingPeriod ?? aggregation.billingPeriods[0] ?? null,
          is_final: aggregation.isFinal,
          rows_read: aggregation.rowsRead,
          rows_skipped_other_providers: aggregation.rowsSkippedOtherProviders,
          fact_count: aggregation.factCount,
          totals_by_line_type: JSON.stringify(aggregation.totalsByLineType),
          warnings: JSON.stringify(aggregation.warnings),
          progress: null,
          finished_at: ctx.now(),
        })
        .where('id', '=', ingestionId)
        .execute();
      await recordAudit(tx, caller.actor, [
        {
          action: 'costs.ingest',
          entityType: 'cost_ingestion',
          entityId: ingestionId,
          after: { payer: aggregation.payerAccountId, periods: outcomes, fingerprint, status },
        },
      ], caller.ip);
      return outcomes;
    });
    await checkPrepaidPurchases(ctx, caller, { payerAccountId: aggregation.payerAccountId, billingPeriods: aggregation.billingPeriods });
    await evaluateCostAlerts(ctx, caller, { billingPeriods: aggregation.billingPeriods });
    const accounts = await ctx.db
      .selectFrom('cost_facts')
      .select(sql<string>`count(distinct usage_account_id)::text`.as('n'))
      .where('payer_account_id', '=', result.payerAccountId)
      .where('billing_period', 'in', result.billingPeriods.length ? result.billingPeriods : [''])
      .executeTakeFirstOrThrow();
    return {
      ingestionId,
      status: periods.every((o) => o.status === 'unchanged') ? 'unchanged' : 'succeeded',
      format: result.format,
      payerAccountId: result.payerAccountId,
      periods,
      accounts: Number(accounts.n),
      rowsRead: result.rowsRead,
      rowsSkippedOtherProviders: result.rowsSkippedOtherProviders,
      factCount: result.factCount,
      totalsByLineType: result.totalsByLineType,
      warnings: result.warnings,
      elapsedMs: Math.round(performance.now() - startedMs),
      error: null,
    };
  } catch (error) {
    const message = messageOf(error);
    await markFailed(ctx, ingestionId, message, ctx.now());
    return {
      ingestionId,
      status: 'failed',
      format: delivery.format,
      payerAccountId: result?.payerAccountId ?? null,
      periods: [],
      accounts: 0,
      rowsRead: result?.rowsRead ?? 0,
      rowsSkippedOtherProviders: result?.rowsSkippedOtherProviders ?? 0,
      factCount: 0,
      totalsByLineType: {},
      warnings: result?.warnings ?? [],
      elapsedMs: Math.round(performance.now() - startedMs),
      error: message,
    };
  } finally {
    await result?.close();
  }
}

function messageOf(error: unknown) {
  return error instanceof Error ? error.message : String(error);
}

async function markFailed(ctx: AppContext, ingestionId: string, error: string, now: Date) {
  await ctx.db.updateTable('cost_ingestions').set({ status: 'failed', error, progress: null, finished_at: now }).where('id', '=', ingestionId).execute();
}
