import type { CostFact, CostFormat, TagFact } from './line-model.ts';

/**
 * One delivery: the report files AWS wrote for one payer's billing period (for a legacy CUR, the
 * files named by the newest manifest's assemblyId). Files are local paths; an S3 source downloads
 * them first. `displayName` is how errors name the file (its key under the source); for an S3 source
 * it is the object's s3:// URI, which is how Athena knows the delivery's rows (`"$path"`).
 */
export type Delivery = {
  format: CostFormat;
  files: { path: string; displayName: string }[];
  /** From the manifest when there is one (legacy CUR assemblyId, CUR 2.0 executionId). */
  assemblyId: string | null;
  /** YYYY-MM from the manifest or layout (BILLING_PERIOD=YYYY-MM); null when only the rows tell. */
  billingPeriod: string | null;
};

export type AggregationProgress = { rowsRead: number; bytesRead: number; bytesTotal: number };

export type AggregationResult = {
  format: CostFormat;
  /** Exactly one: a delivery that mixes payers is refused. */
  payerAccountId: string;
  billingPeriods: string[];
  /** True when AWS has finalized the month: every AWS line carries an invoice id. */
  isFinal: boolean;
  invoiceIds: string[];
  rowsRead: number;
  /** FOCUS rows of other providers (Microsoft, Oracle, …): counted, not stored. */
  rowsSkippedOtherProviders: number;
  /** Unblended USD per line type over the rows kept (decimal strings). */
  totalsByLineType: Record<string, string>;
  warnings: string[];
  factCount: number;
  /** The facts, in batches; read once. */
  facts(): AsyncIterable<CostFact[]>;
  /** Cost-allocation tag keys in the delivery (normalized, sorted); empty or absent without tags. */
  tagKeys?: string[];
  /**
   * The tag facts, in batches, read once after `facts()` (both engines give them; a result built by
   * hand, e.g. a benchmark's, may leave them out: its months are then stored without tags).
   */
  tagFacts?: () => AsyncIterable<TagFact[]>;
  /** Frees what the aggregation holds (temp tables, connections). */
  close(): Promise<void>;
};

/**
 * Reads and aggregates a delivery. DuckDB on this machine by default; a payer too large for one
 * machine runs the same aggregation on Amazon Athena over its CUR in S3.
 */
export interface CostAggregator {
  readonly engine: 'duckdb' | 'athena';
  aggregate(delivery: Delivery, options?: { onProgress?: (progress: AggregationProgress) => void }): Promise<AggregationResult>;
}

/** A delivery file that cannot be read as a cost report: names the file, and the line and column where it applies. */
export class CostFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(`${file}${line !== undefined ? `, line ${line}` : ''}${column ? `, column ${column}` : ''}: ${reason}`);
    this.name = 'CostFileError';
  }
}
