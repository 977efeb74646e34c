import { stat } from 'node:fs/promises';
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
} from '@aws-sdk/client-athena';
import { Decimal } from 'decimal.js';
import type { AthenaSettings } from '../../platform/config.ts';
import { CostFileError, type AggregationProgress, type AggregationResult, type CostAggregator, type Delivery } from './aggregator.ts';
import type { BillingEntity, CostFact, CostFormat, LineItemType, TagFact } from './line-model.ts';
import {
  CHECK_KEYS,
  athenaAggregationSql,
  athenaLines,
  athenaLocateSql,
  athenaTagFactsSql,
  lineChecks,
  type AthenaTable,
  type CheckKey,
} from './readers/athena-sql.ts';
import { assertRequiredColumns, detectFormat } from './readers/detect-format.ts';
import type { ProjectionColumns } from './readers/projection.ts';
import { sqlString } from './readers/sql.ts';

export type AthenaTuning = {
  /** First wait between two GetQueryExecution polls; each wait doubles up to `maxPollMs`. */
  pollMs?: number;
  maxPollMs?: number;
  /** Rows per GetQueryResults page (Athena allows at most 1000). */
  pageSize?: number;
};

/** A query Athena did not finish: failed (with Athena's reason), cancelled, or out of time. */
export class AthenaQueryError extends Error {
  constructor(
    readonly queryExecutionId: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'AthenaQueryError';
  }
}

type ResultRow = Record<string, string | null>;

// Sums of DECIMAL(38,10) need 38 significant digits; decimal.js rounds at 20 by default.
const Exact = Decimal.clone({ precision: 60 });

const ACCOUNT_ID = /^[0-9]{12}$/;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Aggregates a delivery on Amazon Athena (Trino) over the payer's CUR table in the Glue catalog, for a
 * payer too large for one machine. The delivery names the billing period and its S3 objects; the
 * table's columns (GetTableMetadata) give its format, and one query (readers/athena-sql.ts) returns
 * the facts with per-check failure counts. The result is read page by page twice: once for the
 * totals and checks, once more, when `facts()` is read, for the facts themselves, so memory stays
 * flat however many facts there are. A delivery with cost-allocation tags takes a second query, for
 * the tag facts (over the keys the first one found), read page by page once by `tagFacts()`. Query
 * results stay in the workgroup's output location.
 */
export class AthenaAggregator implements CostAggregator {
  readonly engine = 'athena' as const;

  constructor(
    private readonly client: AthenaClient,
    private readonly settings: Omit<AthenaSettings, 'region'>,
    private readonly tuning: AthenaTuning = {},
  ) {}

  async aggregate(delivery: Delivery, options: { onProgress?: (progress: AggregationProgress) => void } = {}): Promise<AggregationResult> {
    const deliveryName = delivery.files.map((f) => f.displayName).join(', ') || '(delivery)';
    if (delivery.files.length === 0) throw new CostFileError('(delivery)', 'the delivery has no files');
    const local = delivery.files.find((f) => !f.displayName.startsWith('s3://'));
    if (local) {
      throw new CostFileError(
        local.displayName,
        'Athena reads S3 objects only: ingest the delivery from its s3:// location, or aggregate it with DuckDB',
      );
    }
    const billingPeriod = delivery.billingPeriod;
    if (!billingPeriod) {
      throw new CostFileError(deliveryName, 'Athena aggregates one billing period, and neither a manifest nor the S3 layout says which');
    }
    const table = await this.describeTable();
    const tableName = `${table.database}.${table.name}`;
    const names = [...table.columns, ...table.partitionKeys].map((c) => c.name);
    const format = detectFormat(names, tableName);
    if ((format === 'focus') !== (delivery.format === 'focus')) {
      throw new CostFileError(tableName, `the Athena table holds ${format}, but the delivery is ${delivery.format}`);
    }
    assertRequiredColumns(format, names, tableName);
    const lines = athenaLines(table, format, { billingPeriod, files: delivery.files.map((f) => f.displayName) });

    let bytesTotal = 0;
    for (const file of delivery.files) bytesTotal += (await stat(file.path)).size;
    const onProgress = options.onProgress;
    const id = await this.execute(athenaAggregationSql(lines.sql, billingPeriod, lines.tagged), (scanned) =>
      onProgress?.({ rowsRead: 0, bytesRead: Math.min(scanned, bytesTotal), bytesTotal }),
    );

    const summary = await this.summarize(id);
    for (const check of lineChecks(billingPeriod)) {
      if (summary.failing[check.key] > 0) await this.locate(lines.sql, check.key, check.predicate, lines.columns, billingPeriod);
    }
    if (summary.rowsRead === 0) {
      // Most often a crawler that has not added the month's partition yet.
      throw new CostFileError(
        deliveryName,
        `the Athena table ${tableName} has no rows of these objects in billing period ${billingPeriod}: does it read this S3 location, and is the period's partition loaded?`,
      );
    }
    if (summary.linesKept === 0) throw new CostFileError(deliveryName, 'no AWS cost lines in the delivery');
    if (summary.payers.size > 1) await this.locateMixedPayer(lines.sql, summary.payers, lines.columns);
    const tagKeys = [...summary.tagKeys].sort(byCodePoint);
    // Run now, so that a failure fails the aggregation rather than the month's replacement.
    const tagId = tagKeys.length > 0 ? await this.execute(athenaTagFactsSql(lines.sql, billingPeriod, tagKeys)) : undefined;
    onProgress?.({ rowsRead: summary.rowsRead, bytesRead: bytesTotal, bytesTotal });

    const invoiceIds = [...summary.invoiceIds].sort(byCodePoint);
    let consumed = false;
    let tagsConsumed = false;
    let closed = false;
    return {
      format: delivery.format,
      payerAccountId: [...summary.payers.keys()][0] as string,
      billingPeriods: [...summary.billingPeriods].sort(byCodePoint),
      isFinal: invoiceIds.length > 0 && !invoiceIds.includes(''),
      invoiceIds: invoiceIds.filter((i) => i !== ''),
      rowsRead: summary.rowsRead,
      rowsSkippedOtherProviders: summary.rowsSkipped,
      totalsByLineType: Object.fromEntries(
        [...summary.totals.entries()].sort(([a], [b]) => byCodePoint(a, b)).map(([type, total]) => [type, total.toFixed(10)]),
      ),
      warnings: warnings(summary, format, table),
      factCount: summary.factCount,
      tagKeys,
      facts: () => {
        if (consumed) throw new Error('the facts of an aggregation are read once');
        if (closed) throw new Error('the aggregation is closed');
        consumed = true;
        return this.facts(id);
      },
      tagFacts: () => {
        if (tagsConsumed) throw new Error('the tag facts of an aggregation are read once');
        if (closed) throw new Error('the aggregation is closed');
        tagsConsumed = true;
        return this.tagFacts(tagId);
      },
      close: async () => {
        closed = true;
      },
    };
  }

  private async describeTable(): Promise<AthenaTable> {
    const { catalog, database, table } = this.settings;
    const { TableMetadata } = await this.client.send(
      new GetTableMetadataCommand({ CatalogName: catalog, DatabaseName: database, TableName: table }),
    );
    const columns = (list: { Name?: string; Type?: string }[] | undefined) =>
      (list ?? []).map((c) => ({ name: c.Name ?? '', type: c.Type ?? '' }));
    return { database, name: table, columns: columns(TableMetadata?.Columns), partitionKeys: columns(TableMetadata?.PartitionKeys) };
  }

  /** Starts a query and waits for it (backing off between polls); returns its id once it has succeeded. */
  private async execute(sql: string, onScanned?: (bytes: number) => void): Promise<string> {
    const { catalog, database, workGroup, outputLocation, timeoutMs } = this.settings;
    const started = await this.client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        QueryExecutionContext: { Catalog: catalog, Database: database },
        WorkGroup: workGroup,
        ...(outputLocation ? { ResultConfiguration: { OutputLocation: outputLocation } } : {}),
      }),
    );
    const id = started.QueryExecutionId;
    if (!id) throw new AthenaQueryError(undefined, 'Athena started no query (no QueryExecutionId)');
    const deadline = Date.now() + timeoutMs;
    let wait = this.tuning.pollMs ?? 500;
    for (;;) {
      const { QueryExecution } = await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const status = QueryExecution?.Status;
      onScanned?.(QueryExecution?.Statistics?.DataScannedInBytes ?? 0);
      if (status?.State === 'SUCCEEDED') return id;
      if (status?.State === 'FAILED') {
        const reason = status.AthenaError?.ErrorMessage ?? status.StateChangeReason ?? 'no reason given';
        throw new AthenaQueryError(id, `Athena query ${id} failed: ${reason}`);
      }
      if (status?.State === 'CANCELLED') {
        throw new AthenaQueryError(
          id,
          `Athena query ${id} was cancelled${status.StateChangeReason ? `: ${status.StateChangeReason}` : ''}`,
        );
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        // Stopped so that it neither runs on nor keeps scanning (and billing) after Daiko gave up.
        try {
          await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
        } catch {
          // The timeout is what to report, even if the stop itself fails.
        }
        throw new AthenaQueryError(
          id,
          `Athena query ${id} did not finish within ${timeoutMs / 1000} s (DAIKO_ATHENA_TIMEOUT_SECONDS); it was stopped`,
        );
      }
      await sleep(Math.min(wait, remaining));
      wait = Math.min(wait * 2, this.tuning.maxPollMs ?? 5000);
    }
  }

  /** A succeeded query's rows, page by page, keyed by column name (NULL stays null). */
  private async *pages(id: string): AsyncGenerator<ResultRow[]> {
    let token: string | undefined;
    let names: string[] | undefined;
    do {
      const page = await this.client.send(
        new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: this.tuning.pageSize ?? 1000, NextToken: token }),
      );
      let rows = page.ResultSet?.Rows ?? [];
      if (!names) {
        names = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
        // A SELECT's first page starts with a row of the column names.
        const first = rows[0]?.Data?.map((d) => d.VarCharValue ?? null);
        if (first && first.length === names.length && first.every((v, i) => v === names?.[i])) rows = rows.slice(1);
      }
      const columns = names;
      yield rows.map((row) => Object.fromEntries(columns.map((name, i) => [name, row.Data?.[i]?.VarCharValue ?? null])));
      token = page.NextToken;
    } while (token);
  }

  private async summarize(id: string) {
    const summary = {
      rowsRead: 0,
      rowsSkipped: 0,
      linesKept: 0,
      factCount: 0,
      failing: Object.fromEntries(CHECK_KEYS.map((k) => [k, 0])) as Record<CheckKey, number>,
      /** Lines per payer. */
      payers: new Map<string, number>(),
      billingPeriods: new Set<string>(),
      invoiceIds: new Set<string>(),
      totals: new Map<string, Decimal>(),
      oddPayers: new Set<string>(),
      oddAccounts: new Set<string>(),
      /** The tag keys the kept facts carry (a JSON array per fact). */
      tagKeys: new Set<string>(),
    };
    for await (const page of this.pages(id)) {
      for (const row of page) {
        const lines = Number(row.line_count);
        summary.rowsRead += lines;
        if (row.other_provider === 'true') {
          summary.rowsSkipped += lines;
          continue;
        }
        summary.linesKept += lines;
        summary.factCount += 1;
        for (const key of CHECK_KEYS) summary.failing[key] += Number(row[`check_${key}`] ?? 0);
        const payer = row.payer ?? '';
        summary.payers.set(payer, (summary.payers.get(payer) ?? 0) + lines);
        summary.billingPeriods.add(row.billing_period ?? '');
        summary.invoiceIds.add(row.invoice_id ?? '');
        const type = row.line_item_type ?? '';
        summary.totals.set(type, (summary.totals.get(type) ?? new Exact(0)).plus(new Exact(row.unblended ?? 0)));
        const account = row.usage_account;
        if (typeof row.payer === 'string' && !ACCOUNT_ID.test(row.payer)) summary.oddPayers.add(row.payer);
        if (typeof account === 'string' && !ACCOUNT_ID.test(account)) summary.oddAccounts.add(account);
        if (row.tag_keys) for (const key of JSON.parse(row.tag_keys) as string[]) summary.tagKeys.add(key);
      }
    }
    return summary;
  }

  /** Finds a kept line failing the check and throws its error, naming the S3 object it is in. */
  private async locate(lines: string, key: CheckKey, predicate: string, columns: ProjectionColumns, billingPeriod: string): Promise<never> {
    const row = await this.firstRow(athenaLocateSql(lines, predicate));
    const file = row?.source_file ?? '(delivery)';
    const value = (name: string) => row?.[name] ?? '';
    const describe: Record<CheckKey, () => { reason: string; column: string }> = {
      currency: () => ({
        reason: `currency '${value('currency')}' is not USD (Daiko reads USD cost reports only)`,
        column: columns.currency,
      }),
      number: () => ({ reason: `'${value('bad_number_value')}' is not a number`, column: value('bad_number_column') }),
      ids: () =>
        row?.payer === null
          ? { reason: 'empty payer account id', column: columns.payer }
          : { reason: 'empty usage account id', column: columns.usageAccount },
      date: () => ({ reason: `usage start '${value('usage_start_raw')}' is not a timestamp`, column: columns.usageStart }),
      type: () => ({ reason: `unknown line item type '${value('line_item_type_raw')}'`, column: columns.lineItemType }),
      period: () => {
        const rowPeriod = value('row_period');
        const conflict = rowPeriod && rowPeriod !== billingPeriod ? ` (the manifest says ${billingPeriod})` : '';
        return {
          reason: `usage start ${value('usage_start_raw')} is outside the billing period ${rowPeriod || billingPeriod}${conflict}`,
          column: columns.usageStart,
        };
      },
    };
    const { reason, column } = describe[key]();
    throw new CostFileError(file, reason, undefined, column);
  }

  /** Names a file holding a payer other than the one with the most lines. */
  private async locateMixedPayer(lines: string, payers: Map<string, number>, columns: ProjectionColumns): Promise<never> {
    const [main] = [...payers.entries()].sort(([a, x], [b, y]) => y - x || byCodePoint(a, b))[0] as [string, number];
    const row = await this.firstRow(athenaLocateSql(lines, `payer <> ${sqlString(main)}`));
    const other = row?.payer ?? [...payers.keys()].find((p) => p !== main);
    throw new CostFileError(
      row?.source_file ?? '(delivery)',
      `payer ${other} differs from payer ${main}: a delivery holds one payer`,
      undefined,
      columns.payer,
    );
  }

  private async firstRow(sql: string): Promise<ResultRow | undefined> {
    const id = await this.execute(sql);
    for await (const page of this.pages(id)) if (page[0]) return page[0];
    return undefined;
  }

  private async *facts(id: string): AsyncGenerator<CostFact[]> {
    for await (const page of this.pages(id)) {
      const batch = page.filter((row) => row.other_provider !== 'true').map(toFact);
      if (batch.length > 0) yield batch;
    }
  }

  /** The tag facts' pages, or none when the delivery has no tag keys. */
  private async *tagFacts(id: string | undefined): AsyncGenerator<TagFact[]> {
    if (!id) return;
    for await (const page of this.pages(id)) if (page.length > 0) yield page.map(toTagFact);
  }
}

function toTagFact(row: ResultRow): TagFact {
  const s = (name: string) => row[name] ?? '';
  return {
    billingPeriod: s('billing_period'),
    payerAccountId: s('payer'),
    usageAccountId: s('usage_account'),
    usageDate: s('usage_date'),
    serviceCode: s('service_code'),
    serviceName: s('service_name'),
    region: s('region'),
    usageType: s('usage_type'),
    lineItemType: s('line_item_type') as LineItemType,
    billingEntity: s('billing_entity') as BillingEntity,
    tagKey: s('tag_key'),
    tagValue: s('tag_value'),
    unblendedUsd: s('unblended'),
    listUsd: s('list'),
    amortizedUsd: s('amortized'),
    lineCount: Number(row.line_count),
  };
}

function toFact(row: ResultRow): CostFact {
  const s = (name: string) => row[name] ?? '';
  return {
    billingPeriod: s('billing_period'),
    payerAccountId: s('payer'),
    usageAccountId: s('usage_account'),
    usageDate: s('usage_date'),
    serviceCode: s('service_code'),
    serviceName: s('service_name'),
    region: s('region'),
    usageType: s('usage_type'),
    operation: s('operation'),
    lineItemType: s('line_item_type') as LineItemType,
    billType: s('bill_type'),
    billingEntity: s('billing_entity') as BillingEntity,
    commitmentArn: s('commitment_arn'),
    commitmentOwnerAccountId: s('commitment_owner'),
    invoiceId: s('invoice_id'),
    unblendedUsd: s('unblended'),
    listUsd: s('list'),
    amortizedUsd: s('amortized'),
    usageQuantity: s('quantity'),
    lineCount: Number(row.line_count),
  };
}

/** DuckDbAggregator's warnings, from the same facts. */
function warnings(summary: { oddPayers: Set<string>; oddAccounts: Set<string> }, format: CostFormat, table: AthenaTable): string[] {
  const out: string[] = [];
  for (const [kind, set] of [
    ['payer', summary.oddPayers],
    ['usage account', summary.oddAccounts],
  ] as const) {
    const ids = [...set].sort(byCodePoint).map((id) => `'${id}'`);
    if (ids.length === 0) continue;
    const examples = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ', …' : '');
    out.push(
      ids.length === 1
        ? `${kind} id ${examples} is not a 12-digit AWS account id; kept as written`
        : `${ids.length} ${kind} ids are not 12-digit AWS account ids (${examples}); kept as written`,
    );
  }
  if (format === 'focus' && ![...table.columns, ...table.partitionKeys].some((c) => c.name.toLowerCase() === 'invoiceid')) {
    out.push(
      `no InvoiceId column (FOCUS before 1.2) in the Athena table ${table.database}.${table.name}: the month cannot be recognised as final`,
    );
  }
  return out;
}

/** SQL's byte order, as both engines sort VARCHAR (localeCompare would not). */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
