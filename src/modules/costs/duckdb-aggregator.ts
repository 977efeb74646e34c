import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { CostFileError, type AggregationProgress, type AggregationResult, type CostAggregator, type Delivery } from './aggregator.ts';
import type { CostFact, CostFormat, TagFact } from './line-model.ts';
import { curProjection } from './readers/cur-projection.ts';
import { assertRequiredColumns, detectFormat } from './readers/detect-format.ts';
import { readFileHeader, verifyGzip } from './readers/file-header.ts';
import { focusProjection } from './readers/focus-projection.ts';
import { normalizedLines, type Projection } from './readers/projection.ts';
import { RawColumns, type SourceFile } from './readers/raw-source.ts';
import { sqlString } from './readers/sql.ts';
import { deliveryTags, type DeliveryTags } from './readers/tag-columns.ts';

export type DuckDbAggregatorOptions = {
  /** DuckDB's memory cap; beyond it the GROUP BY and the sort spill to `tempDirectory`. */
  memoryLimit?: string;
  threads?: number;
  /** Where each aggregation makes (and on close removes) its spill directory. */
  tempDirectory?: string;
  /** Facts per batch from `facts()`. */
  batchSize?: number;
};

const PROJECTIONS: Record<CostFormat, (raw: RawColumns, tags: DeliveryTags) => Projection> = {
  cur: (raw, tags) => curProjection(raw, tags, 'cur'),
  cur2: (raw, tags) => curProjection(raw, tags, 'cur2'),
  focus: focusProjection,
};

/** The fact grain: one fact per distinct combination of these (other-provider rows are kept apart). */
const GRAIN = [
  'billing_period',
  'payer',
  'usage_account',
  'usage_date',
  'service_code',
  'service_name',
  'region',
  'usage_type',
  'operation',
  'line_item_type',
  'bill_type',
  'billing_entity',
  'commitment_arn',
  'commitment_owner',
  'invoice_id',
] as const;

type Check = {
  key: string;
  /** Which kept raw lines fail (over the normalized columns). */
  predicate: string;
  /** The count of failing lines over normalized groups of lines; by default their lines where `predicate` holds. */
  count?: string;
  /** The error for the first failing line, given that line's row. */
  describe: (row: Record<string, DuckDBValue>, projection: Projection) => { reason: string; column: string };
};

const str = (value: DuckDBValue | undefined): string => (value === null || value === undefined ? '' : String(value));

/**
 * Reads a delivery with DuckDB: per file a projection from its raw columns to lines of raw keys and
 * amounts; over the UNION ALL of the files, a GROUP BY of the raw keys, the normalization of each
 * group, and a GROUP BY into the fact grain, written in grain order. DuckDB streams the files (only
 * the projected columns are materialized) and spills to disk past `memoryLimit`. Amounts are
 * DECIMAL(38,10) throughout and leave as strings.
 */
export class DuckDbAggregator implements CostAggregator {
  readonly engine = 'duckdb' as const;

  constructor(private readonly options: DuckDbAggregatorOptions = {}) {}

  async aggregate(delivery: Delivery, options: { onProgress?: (progress: AggregationProgress) => void } = {}): Promise<AggregationResult> {
    if (delivery.files.length === 0) throw new CostFileError('(delivery)', 'the delivery has no files');
    const spillDir = await mkdtemp(join(this.options.tempDirectory ?? tmpdir(), 'daiko-duckdb-'));
    let instance: DuckDBInstance | undefined;
    let conn: DuckDBConnection | undefined;
    const release = async () => {
      conn?.closeSync();
      instance?.closeSync();
      conn = undefined;
      instance = undefined;
      await rm(spillDir, { recursive: true, force: true });
    };
    try {
      instance = await DuckDBInstance.create(':memory:', {
        memory_limit: this.options.memoryLimit ?? '2GB',
        threads: String(this.options.threads ?? Math.min(4, availableParallelism())),
        temp_directory: spillDir,
        preserve_insertion_order: 'true',
        // Everything needed (parquet, json, icu) is built in: never fetch an extension.
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
      });
      const connection = await instance.connect();
      conn = connection;
      await connection.run(`SET TimeZone = 'UTC'`);
      await connection.run(`SET enable_progress_bar = true`);
      await connection.run(`SET enable_progress_bar_print = false`);
      const result = await this.run(connection, delivery, options.onProgress, release);
      return result;
    } catch (error) {
      await release();
      throw error;
    }
  }

  private async run(
    conn: DuckDBConnection,
    delivery: Delivery,
    onProgress: ((progress: AggregationProgress) => void) | undefined,
    release: () => Promise<void>,
  ): Promise<AggregationResult> {
    const connect = async () => conn;
    const files: SourceFile[] = [];
    for (const file of delivery.files) {
      const header = await readFileHeader(file.path, file.displayName, connect);
      const names = header.columns.map((c) => c.name);
      const format = detectFormat(names, file.displayName);
      if (format !== delivery.format) {
        throw new CostFileError(file.displayName, `header is ${format}, but the delivery is ${delivery.format}`);
      }
      assertRequiredColumns(format, names, file.displayName);
      files.push({ ...file, header });
    }
    const tags = deliveryTags(delivery.format, files);
    const projections = files.map((file) => PROJECTIONS[delivery.format](new RawColumns(file), tags));
    const period = delivery.billingPeriod ? sqlString(delivery.billingPeriod) : 'CAST(NULL AS VARCHAR)';
    const outOfPeriod = `(NOT period_exempt AND usage_date IS NOT NULL AND (
        strftime(usage_date, '%Y-%m') <> COALESCE(row_period, ${period})
        OR (row_period IS NOT NULL AND row_period <> ${period})))`;
    const checks = this.checks(delivery, outOfPeriod);

    const bytesTotal = files.reduce((sum, f) => sum + f.header.bytes, 0);
    // Lines with the same raw keys are summed first; the text work then runs once per such group.
    const { keys, amounts, normalize, tagged } = projections[0] as Projection;
    const groups = `SELECT ${keys.join(', ')}, ${amounts.map((a) => `sum(${a}) AS ${a}`).join(', ')},
        count(*) AS line_count, count(*) FILTER (WHERE bad_number_column IS NOT NULL) AS bad_numbers
      FROM (${projections.map((p) => `(${p.lines})`).join('\nUNION ALL\n')})
      GROUP BY ${keys.join(', ')}`;
    // With tags, the facts are first grouped by their tags too; the facts and the tag facts are sums of that.
    const grouped = `SELECT other_provider,
        COALESCE(row_period, ${period}, strftime(usage_date, '%Y-%m')) AS billing_period,
        payer, usage_account, usage_date,
        service_code, service_name, region, usage_type, operation, line_item_type, bill_type, billing_entity,
        commitment_arn, commitment_owner, invoice_id,${tagged ? ' tags,' : ''}
        sum(unblended) AS unblended, sum(list) AS list, sum(amortized) AS amortized, sum(quantity) AS quantity,
        CAST(sum(line_count) AS BIGINT) AS line_count,
        ${checks.map((c) => `CAST(COALESCE(${c.count ?? `sum(line_count) FILTER (WHERE ${c.predicate})`}, 0) AS BIGINT) AS check_${c.key}`).join(',\n')}
      FROM (${normalize(`(${groups})`, ['line_count', 'bad_numbers'])})
      GROUP BY ALL`;
    const aggregation = tagged
      ? (async () => {
          await conn.run(`CREATE TEMP TABLE tagged_facts AS ${grouped}`);
          await conn.run(`CREATE TABLE facts AS SELECT other_provider, ${GRAIN.join(', ')},
              sum(unblended) AS unblended, sum(list) AS list, sum(amortized) AS amortized, sum(quantity) AS quantity,
              CAST(sum(line_count) AS BIGINT) AS line_count,
              ${checks.map((c) => `CAST(sum(check_${c.key}) AS BIGINT) AS check_${c.key}`).join(',\n')}
            FROM tagged_facts GROUP BY ALL ORDER BY ${GRAIN.join(', ')}`);
          await conn.run(TAG_FACTS_SQL);
          await conn.run(`DROP TABLE tagged_facts`);
        })()
      : conn.run(`CREATE TABLE facts AS ${grouped} ORDER BY ${GRAIN.join(', ')}`);
    // DuckDB's gzip reader checks neither the CRC nor the end of the stream: node's zlib does, alongside.
    const gzipCheck = (async () => {
      for (const file of files) if (file.header.kind === 'gzip') await verifyGzip(file.path, file.displayName);
    })();
    const timer = onProgress
      ? setInterval(() => {
          const progress = conn.progress;
          if (progress.percentage < 0) return;
          onProgress({
            rowsRead: Number(progress.rows_processed),
            bytesRead: Math.round((bytesTotal * progress.percentage) / 100),
            bytesTotal,
          });
        }, 250)
      : undefined;
    const [aggregated, verified] = await Promise.allSettled([
      aggregation,
      gzipCheck.catch((error: unknown) => {
        conn.interrupt();
        throw error;
      }),
    ]);
    if (timer) clearInterval(timer);
    if (verified.status === 'rejected') throw verified.reason;
    if (aggregated.status === 'rejected') throw this.duckDbError(aggregated.reason, files);

    const summary = await this.rows(
      conn,
      `SELECT
        COALESCE(sum(line_count), 0) AS rows_read,
        COALESCE(sum(line_count) FILTER (WHERE other_provider), 0) AS rows_skipped,
        COALESCE(sum(line_count) FILTER (WHERE NOT other_provider), 0) AS rows_kept,
        ${checks.map((c) => `COALESCE(sum(check_${c.key}) FILTER (WHERE NOT other_provider), 0) AS check_${c.key}`).join(',\n')}
      FROM facts`,
    );
    const totals = summary[0] ?? {};
    for (const check of checks) {
      if (Number(totals[`check_${check.key}`] ?? 0) > 0) await this.locate(conn, files, projections, check);
    }
    const rowsRead = Number(totals.rows_read ?? 0);
    if (Number(totals.rows_kept ?? 0) === 0) {
      throw new CostFileError(files.map((f) => f.displayName).join(', '), 'no AWS cost lines in the delivery');
    }
    const payers = await this.rows(conn, `SELECT DISTINCT payer FROM facts WHERE NOT other_provider ORDER BY payer`);
    if (payers.length > 1) await this.locateMixedPayer(conn, files, projections);
    const payerAccountId = str(payers[0]?.payer ?? null);

    const kept = `FROM facts WHERE NOT other_provider`;
    const periods = await this.rows(conn, `SELECT DISTINCT billing_period ${kept} ORDER BY 1`);
    const invoices = await this.rows(conn, `SELECT DISTINCT invoice_id ${kept} ORDER BY 1`);
    const byType = await this.rows(conn, `SELECT line_item_type, CAST(sum(unblended) AS VARCHAR) AS total ${kept} GROUP BY 1 ORDER BY 1`);
    const factCount = Number((await this.rows(conn, `SELECT count(*) AS n ${kept}`))[0]?.n ?? 0);
    const invoiceIds = invoices.map((r) => str(r.invoice_id));
    const warnings = await this.warnings(conn, delivery, files);
    const tagKeys = tagged ? (await this.rows(conn, `SELECT DISTINCT tag_key FROM tag_facts ORDER BY 1`)).map((r) => str(r.tag_key)) : [];
    onProgress?.({ rowsRead, bytesRead: bytesTotal, bytesTotal });

    const batchSize = this.options.batchSize ?? 2048;
    let consumed = false;
    let tagsConsumed = false;
    let closed = false;
    return {
      format: delivery.format,
      payerAccountId,
      billingPeriods: periods.map((r) => str(r.billing_period)),
      isFinal: invoiceIds.length > 0 && !invoiceIds.includes(''),
      invoiceIds: invoiceIds.filter((id) => id !== ''),
      rowsRead,
      rowsSkippedOtherProviders: Number(totals.rows_skipped ?? 0),
      totalsByLineType: Object.fromEntries(byType.map((r) => [str(r.line_item_type), str(r.total)])),
      warnings,
      factCount,
      facts: () => {
        if (consumed) throw new Error('the facts of an aggregation are read once');
        if (closed) throw new Error('the aggregation is closed');
        consumed = true;
        return readFacts(conn, kept, batchSize);
      },
      tagKeys,
      tagFacts: () => {
        if (tagsConsumed) throw new Error('the tag facts of an aggregation are read once');
        if (closed) throw new Error('the aggregation is closed');
        tagsConsumed = true;
        return tagged ? readJson<TagFact>(conn, TAG_FACTS_JSON, batchSize) : emptyBatches();
      },
      close: async () => {
        closed = true;
        await release();
      },
    };
  }

  /** What every kept line must satisfy; the first failing line of the first failing check is reported. */
  private checks(delivery: Delivery, outOfPeriod: string): Check[] {
    return [
      {
        key: 'currency',
        predicate: `currency IS DISTINCT FROM 'USD'`,
        describe: (row, p) => ({
          reason: `currency '${str(row.currency)}' is not USD (Daiko reads USD cost reports only)`,
          column: p.columns.currency,
        }),
      },
      {
        key: 'number',
        predicate: `bad_number_column IS NOT NULL`,
        count: 'sum(bad_numbers)',
        describe: (row) => ({
          reason: `'${str(row.bad_number_value)}' is not a number`,
          column: str(row.bad_number_column),
        }),
      },
      {
        key: 'ids',
        predicate: `payer IS NULL OR usage_account IS NULL`,
        describe: (row, p) => ({
          reason: row.payer === null ? 'empty payer account id' : 'empty usage account id',
          column: row.payer === null ? p.columns.payer : p.columns.usageAccount,
        }),
      },
      {
        key: 'date',
        predicate: `usage_date IS NULL`,
        describe: (row, p) => ({
          reason: `usage start '${str(row.usage_start_raw)}' is not a timestamp`,
          column: p.columns.usageStart,
        }),
      },
      {
        key: 'type',
        predicate: `line_item_type IS NULL`,
        describe: (row, p) => ({
          reason: `unknown line item type '${str(row.line_item_type_raw)}'`,
          column: p.columns.lineItemType,
        }),
      },
      {
        key: 'period',
        predicate: outOfPeriod,
        describe: (row, p) => ({
          reason: `usage start ${str(row.usage_start_raw)} is outside the billing period ${
            str(row.row_period) || delivery.billingPeriod || ''
          }${delivery.billingPeriod && str(row.row_period) && str(row.row_period) !== delivery.billingPeriod ? ` (the manifest says ${delivery.billingPeriod})` : ''}`,
          column: p.columns.usageStart,
        }),
      },
    ];
  }

  /** Finds the first kept line failing `check`, file by file in order, and throws its error. */
  private async locate(conn: DuckDBConnection, files: SourceFile[], projections: Projection[], check: Check): Promise<never> {
    for (const [i, projection] of projections.entries()) {
      const file = files[i] as SourceFile;
      const found = await this.firstLine(conn, projection, `NOT other_provider AND (${check.predicate})`);
      if (found) {
        const { reason, column } = check.describe(found, projection);
        throw new CostFileError(file.displayName, reason, lineNumber(file, found.rn), column);
      }
    }
    throw new CostFileError(files.map((f) => f.displayName).join(', '), `a line failed the ${check.key} check`);
  }

  private async locateMixedPayer(conn: DuckDBConnection, files: SourceFile[], projections: Projection[]): Promise<never> {
    let first: string | undefined;
    for (const [i, projection] of projections.entries()) {
      const file = files[i] as SourceFile;
      if (first === undefined) {
        const row = await this.firstLine(conn, projection, `NOT other_provider`);
        if (!row) continue;
        first = str(row.payer);
      }
      const other = await this.firstLine(conn, projection, `NOT other_provider AND payer IS DISTINCT FROM ${sqlString(first)}`);
      if (other) {
        throw new CostFileError(
          file.displayName,
          `payer ${str(other.payer)} differs from payer ${first}: a delivery holds one payer`,
          lineNumber(file, other.rn),
          projection.columns.payer,
        );
      }
    }
    throw new CostFileError(files.map((f) => f.displayName).join(', '), 'the delivery mixes payers');
  }

  /** The first line of one file (in file order) matching `where`, with its 1-based row number `rn`. */
  private async firstLine(conn: DuckDBConnection, projection: Projection, where: string) {
    const rows = await this.rows(
      conn,
      `SELECT * FROM (SELECT row_number() OVER () AS rn, * FROM (${normalizedLines(projection)})) WHERE ${where} ORDER BY rn LIMIT 1`,
    );
    return rows[0];
  }

  private async warnings(conn: DuckDBConnection, delivery: Delivery, files: SourceFile[]): Promise<string[]> {
    const warnings: string[] = [];
    const odd = await this.rows(
      conn,
      `SELECT DISTINCT 'payer' AS kind, payer AS id FROM facts WHERE NOT other_provider AND NOT regexp_full_match(payer, '[0-9]{12}')
       UNION SELECT DISTINCT 'usage account', usage_account FROM facts WHERE NOT other_provider AND NOT regexp_full_match(usage_account, '[0-9]{12}')
       ORDER BY 1, 2`,
    );
    for (const kind of ['payer', 'usage account']) {
      const ids = odd.filter((row) => row.kind === kind).map((row) => `'${str(row.id)}'`);
      if (ids.length === 0) continue;
      const examples = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ', …' : '');
      warnings.push(
        ids.length === 1
          ? `${kind} id ${examples} is not a 12-digit AWS account id; kept as written`
          : `${ids.length} ${kind} ids are not 12-digit AWS account ids (${examples}); kept as written`,
      );
    }
    if (delivery.format === 'focus') {
      const lacking = files.filter((f) => !new RawColumns(f).name('InvoiceId'));
      if (lacking.length > 0) {
        warnings.push(
          `no InvoiceId column (FOCUS before 1.2) in ${lacking.map((f) => f.displayName).join(', ')}: the month cannot be recognised as final`,
        );
      }
    }
    return warnings;
  }

  private async rows(conn: DuckDBConnection, sql: string): Promise<Record<string, DuckDBValue>[]> {
    const reader = await conn.runAndReadAll(sql);
    return reader.getRowObjects();
  }

  /** A DuckDB failure as a CostFileError naming the file (and the line, for a CSV error). */
  private duckDbError(error: unknown, files: SourceFile[]): Error {
    const message = error instanceof Error ? error.message : String(error);
    const file = files.find((f) => message.includes(f.path));
    const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
    const reason = message
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(0, 3)
      .join(' ')
      .replaceAll(file?.path ?? '\0', file?.displayName ?? '');
    return new CostFileError(
      file?.displayName ?? files.map((f) => f.displayName).join(', '),
      reason,
      line !== undefined ? Number(line) : undefined,
    );
  }
}

/** CSV: the data row plus the header line; Parquet has no lines, so its row number. */
function lineNumber(file: SourceFile, rn: DuckDBValue | undefined): number {
  return Number(rn) + (file.header.kind === 'parquet' ? 0 : 1);
}

/** The facts table's column behind each text field of a `CostFact` (a NULL would read as '', though a kept fact has none). */
const FACT_FIELDS: Record<Exclude<keyof CostFact, 'lineCount'>, string> = {
  billingPeriod: 'billing_period',
  payerAccountId: 'payer',
  usageAccountId: 'usage_account',
  usageDate: 'usage_date',
  serviceCode: 'service_code',
  serviceName: 'service_name',
  region: 'region',
  usageType: 'usage_type',
  operation: 'operation',
  lineItemType: 'line_item_type',
  billType: 'bill_type',
  billingEntity: 'billing_entity',
  commitmentArn: 'commitment_arn',
  commitmentOwnerAccountId: 'commitment_owner',
  invoiceId: 'invoice_id',
  unblendedUsd: 'unblended',
  listUsd: 'list',
  amortizedUsd: 'amortized',
  usageQuantity: 'quantity',
};

/**
 * The kept facts in grain order (the order the facts table was written in, which a scan keeps). Each
 * fact leaves DuckDB as one JSON text (amounts as decimal strings) that JSON.parse turns into a
 * CostFact: converting twenty DuckDB values per fact one by one costs several times more, and
 * streaming with an ORDER BY is far slower than a scan of the table written sorted.
 */
function readFacts(conn: DuckDBConnection, kept: string, batchSize: number): AsyncGenerator<CostFact[]> {
  return readJson<CostFact>(conn, `SELECT ${jsonRecord(FACT_FIELDS)} ${kept}`, batchSize);
}

/** A record of text fields (and the line count) as one JSON text; NULL reads as ''. */
function jsonRecord(fields: Record<string, string>): string {
  const text = Object.entries(fields).map(([key, column]) => `${sqlString(key)}: COALESCE(CAST(${column} AS VARCHAR), '')`);
  return `CAST(to_json({${text.join(', ')}, 'lineCount': CAST(line_count AS INTEGER)}) AS VARCHAR)`;
}

async function* readJson<T>(conn: DuckDBConnection, query: string, batchSize: number): AsyncGenerator<T[]> {
  const result = await conn.stream(query);
  let batch: T[] = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (const json of chunk.getColumnValues(0)) {
      batch.push(JSON.parse(json as string) as T);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** A delivery without tags has no tag facts. */
async function* emptyBatches(): AsyncGenerator<never[]> {}

/** The tag-fact grain: the explorer's dimensions (and the invoice allocation's), the tag key and value. */
const TAG_GRAIN = [
  'billing_period',
  'payer',
  'usage_account',
  'usage_date',
  'service_code',
  'service_name',
  'region',
  'usage_type',
  'line_item_type',
  'billing_entity',
  'tag_key',
  'tag_value',
] as const;

/**
 * Every kept fact once per tag key of the delivery, under its value for that key ('' when it has none),
 * so each key's tag facts add up to the facts.
 */
const TAG_FACTS_SQL = `CREATE TABLE tag_facts AS
  WITH tag_keys AS (SELECT DISTINCT unnest(list_transform(tags, e -> e.k)) AS tag_key FROM tagged_facts WHERE NOT other_provider)
  SELECT ${TAG_GRAIN.filter((c) => c !== 'tag_value').join(', ')},
    COALESCE(list_filter(tags, e -> e.k = tag_key)[1].v, '') AS tag_value,
    sum(unblended) AS unblended, sum(list) AS list, sum(amortized) AS amortized,
    CAST(sum(line_count) AS BIGINT) AS line_count
  FROM tagged_facts CROSS JOIN tag_keys
  WHERE NOT other_provider
  GROUP BY ALL
  ORDER BY ${TAG_GRAIN.join(', ')}`;

const TAG_FACT_FIELDS: Record<Exclude<keyof TagFact, 'lineCount'>, string> = {
  billingPeriod: 'billing_period',
  payerAccountId: 'payer',
  usageAccountId: 'usage_account',
  usageDate: 'usage_date',
  serviceCode: 'service_code',
  serviceName: 'service_name',
  region: 'region',
  usageType: 'usage_type',
  lineItemType: 'line_item_type',
  billingEntity: 'billing_entity',
  tagKey: 'tag_key',
  tagValue: 'tag_value',
  unblendedUsd: 'unblended',
  listUsd: 'list',
  amortizedUsd: 'amortized',
};

const TAG_FACTS_JSON = `SELECT ${jsonRecord(TAG_FACT_FIELDS)} FROM tag_facts`;
