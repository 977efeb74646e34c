import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryResultsCommandInput,
  type GetQueryResultsCommandOutput,
  type QueryExecutionState,
} from '@aws-sdk/client-athena';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mockClient } from 'aws-sdk-client-mock';
import { Decimal } from 'decimal.js';
import S3rver from 's3rver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAthenaClient } from '../../src/modules/aws/clients.ts';
import { createAwsProvider } from '../../src/modules/aws/create-aws-provider.ts';
import type { AggregationProgress, AggregationResult, Delivery } from '../../src/modules/costs/aggregator.ts';
import { AthenaAggregator, type AthenaTuning } from '../../src/modules/costs/athena-aggregator.ts';
import { discoverDeliveries } from '../../src/modules/costs/discover-deliveries.ts';
import { DuckDbAggregator } from '../../src/modules/costs/duckdb-aggregator.ts';
import { FOCUS_COLUMNS, LEGACY_COLUMNS, snakeCase } from '../../src/modules/costs/generator/columns.ts';
import { generateCur, type GenerationSummary } from '../../src/modules/costs/generator/generate-cur.ts';
import { ingestCostSource } from '../../src/modules/costs/ingest-cost-source.ts';
import type { CostFact, CostFormat, TagFact } from '../../src/modules/costs/line-model.ts';
import type { AthenaSettings } from '../../src/platform/config.ts';
import { createTestContext } from '../support/test-context.ts';
import { LEGACY_HEADER, allFacts, csv, legacyRow, writeText } from './readers/helpers.ts';

/**
 * The Athena aggregator against an Athena that is DuckDB: the AthenaClient is mocked
 * (aws-sdk-client-mock), and the mock runs each query Daiko sends on DuckDB tables that hold the
 * generator's reports as AWS's Athena integrations type them. The aggregation must equal
 * DuckDbAggregator's over the same files, fact for fact.
 */

const BUCKET = 'daiko-cur-bucket';
const DATABASE = 'cur_db';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'daiko-athena-test-'));
const athena = mockClient(AthenaClient);
const local = new DuckDbAggregator({ memoryLimit: '256MB', threads: 2 });

/**
 * The whole dialect adapter: the Trino functions the generated SQL uses that DuckDB lacks (DuckDB's
 * own element_at returns a one-element list), and Trino's `transform`, which is DuckDB's
 * `list_transform` (renamed in the SQL: a macro cannot take a lambda).
 */
const TRINO_ON_DUCKDB = [
  `CREATE MACRO element_at(m, k) AS map_extract_value(m, k)`,
  `CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)`,
  `CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)`,
  `CREATE MACRO json_parse(s) AS CAST(s AS JSON)`,
  `CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)`,
  `CREATE MACRO set_union(a) AS list_distinct(flatten(array_agg(a)))`,
];
const asDuckDb = (trino: string) => trino.replace(/\btransform\(/g, 'list_transform(');

let duck: DuckDBInstance;
let conn: DuckDBConnection;
/** Partition keys per table, as the Glue crawler declares them. */
const partitions = new Map<string, string[]>();
const sqlSent: string[] = [];

beforeAll(async () => {
  duck = await DuckDBInstance.create(':memory:');
  conn = await duck.connect();
  await conn.run(`SET TimeZone = 'UTC'`);
  await conn.run(`CREATE SCHEMA ${DATABASE}`);
  for (const macro of TRINO_ON_DUCKDB) await conn.run(macro);
});
afterAll(() => {
  conn.closeSync();
  duck.closeSync();
  fs.rmSync(root, { recursive: true, force: true });
});

const settings = (table: string, overrides: Partial<AthenaSettings> = {}): Omit<AthenaSettings, 'region'> => ({
  catalog: 'AwsDataCatalog',
  database: DATABASE,
  table,
  workGroup: 'daiko',
  outputLocation: 's3://athena-results/daiko/',
  timeoutMs: 10_000,
  ...overrides,
});
const client = () => createAthenaClient({ region: 'ap-northeast-1', provider: 'sdk', endpoint: undefined }, 'us-east-1');
const aggregator = (table: string, overrides: Partial<AthenaSettings> = {}, tuning: AthenaTuning = {}) =>
  new AthenaAggregator(client(), settings(table, overrides), { pollMs: 1, maxPollMs: 4, pageSize: 50, ...tuning });

const s3Uri = (key: string) => `s3://${BUCKET}/${key}`;
/** The delivery as the S3 source hands it over: downloaded files named by their S3 URIs. */
const fromS3 = (delivery: Delivery): Delivery => ({
  ...delivery,
  files: delivery.files.map((f) => ({ ...f, displayName: s3Uri(f.displayName) })),
});

/** DuckDB → Hive type names, as GetTableMetadata reports Glue columns. */
function hiveType(duckType: string): string {
  if (duckType === 'VARCHAR') return 'string';
  if (duckType === 'DOUBLE') return 'double';
  if (duckType === 'TIMESTAMP') return 'timestamp';
  if (duckType === 'BIGINT') return 'bigint';
  if (duckType.startsWith('DECIMAL')) return duckType.toLowerCase();
  if (duckType === 'MAP(VARCHAR, VARCHAR)') return 'map<string,string>';
  if (duckType === 'MAP(VARCHAR, DOUBLE)') return 'map<string,double>';
  throw new Error(`no Hive type for ${duckType}`);
}

type Result = { names: string[]; rows: (string | null)[][] } | { error: string };
const results = new Map<string, Result>();
let queries = 0;

async function runOnDuckDb(sql: string): Promise<Result> {
  try {
    const reader = await conn.runAndReadAll(asDuckDb(sql));
    return { names: reader.columnNames(), rows: reader.getRows().map((row) => row.map((v) => (v === null ? null : String(v)))) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Athena's GetQueryResults over a finished result: the first page starts with the header row. */
function resultPage(input: GetQueryResultsCommandInput): Partial<GetQueryResultsCommandOutput> {
  const result = results.get(input.QueryExecutionId ?? '');
  if (!result || 'error' in result) throw new Error(`no results for ${input.QueryExecutionId}`);
  const all = [result.names, ...result.rows];
  const offset = Number(input.NextToken ?? 0);
  const end = offset + (input.MaxResults ?? 1000);
  return {
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: result.names.map((Name) => ({ Name, Type: 'varchar' })) },
      Rows: all.slice(offset, end).map((row) => ({ Data: row.map((v) => (v === null ? {} : { VarCharValue: v })) })),
    },
    NextToken: end < all.length ? String(end) : undefined,
  };
}

/** Athena backed by DuckDB: every query runs there, and finishes at once. */
function serveFromDuckDb() {
  athena.reset();
  athena.on(GetTableMetadataCommand).callsFake(async ({ DatabaseName, TableName }) => {
    const reader = await conn.runAndReadAll(`DESCRIBE "${DatabaseName}"."${TableName}"`);
    const keys = partitions.get(TableName ?? '') ?? [];
    const described = reader.getRowObjectsJS().map((r) => ({ Name: String(r.column_name), Type: hiveType(String(r.column_type)) }));
    return {
      TableMetadata: {
        Name: TableName,
        Columns: described.filter((c) => c.Name !== '$path' && !keys.includes(c.Name)),
        PartitionKeys: described.filter((c) => keys.includes(c.Name)),
      },
    };
  });
  athena.on(StartQueryExecutionCommand).callsFake(async ({ QueryString }) => {
    const id = `query-${++queries}`;
    sqlSent.push(QueryString ?? '');
    results.set(id, await runOnDuckDb(QueryString ?? ''));
    return { QueryExecutionId: id };
  });
  athena.on(GetQueryExecutionCommand).callsFake(async ({ QueryExecutionId }) => {
    const result = results.get(QueryExecutionId ?? '');
    const failed = result && 'error' in result ? result.error : undefined;
    return {
      QueryExecution: {
        QueryExecutionId,
        Status: failed ? { State: 'FAILED' as const, StateChangeReason: failed } : { State: 'SUCCEEDED' as const },
        Statistics: { DataScannedInBytes: 4096 },
      },
    };
  });
  athena.on(GetQueryResultsCommand).callsFake(async (input) => resultPage(input));
  athena.on(StopQueryExecutionCommand).resolves({});
}

/** `s3://bucket/<path under the bucket root>` of each row, as Athena's "$path". */
const pathColumn = (bucketRoot: string) => `'s3://${BUCKET}/' || substr(filename, ${bucketRoot.length + 2}) AS "$path"`;
const fileList = (files: string[]) => `[${files.map((f) => `'${f}'`).join(', ')}]`;

/** AWS's Athena integration's name for a legacy column: `resourceTags/user:CostCenter` → `resource_tags_user_cost_center`. */
const athenaName = (column: string) => snakeCase(column.replace(':', '_'));

/**
 * Legacy CUR as AWS's Athena integration types it (Parquet written by AWS): snake_case names (a
 * column per cost-allocation tag), amounts DOUBLE, dates TIMESTAMP, partitioned by year and month
 * (`month=1`, unpadded).
 */
async function legacyTable(
  name: string,
  bucketRoot: string,
  files: string[],
  header: readonly string[],
  amounts: 'DOUBLE' | 'VARCHAR' = 'DOUBLE',
) {
  const types = new Map<string, string>(LEGACY_COLUMNS.map(([column, type]) => [column, type]));
  const select = header
    .filter((column) => !column.startsWith('costCategory/'))
    .map((column) => {
      const type = types.get(column) ?? 'String';
      if (type === 'DateTime') return `CAST(rtrim("${column}", 'Z') AS TIMESTAMP) AS ${athenaName(column)}`;
      if (type.endsWith('BigDecimal')) return `CAST("${column}" AS ${amounts}) AS ${athenaName(column)}`;
      return `"${column}" AS ${athenaName(column)}`;
    });
  const periodStart = `CAST(rtrim("bill/BillingPeriodStartDate", 'Z') AS TIMESTAMP)`;
  await conn.run(`CREATE OR REPLACE TABLE ${DATABASE}.${name} AS
    SELECT ${select.join(', ')}, ${pathColumn(bucketRoot)},
      strftime(${periodStart}, '%Y') AS year, CAST(month(${periodStart}) AS VARCHAR) AS month
    FROM read_csv(${fileList(files)}, header = true, all_varchar = true, filename = true, hive_partitioning = false)`);
  partitions.set(name, ['year', 'month']);
}

/** CUR 2.0 Parquet as Data Exports writes it (already Athena's names and types), partitioned by billing_period. */
async function cur2Table(name: string, bucketRoot: string, files: string[]) {
  await conn.run(`CREATE OR REPLACE TABLE ${DATABASE}.${name} AS
    SELECT * EXCLUDE (filename), ${pathColumn(bucketRoot)},
      regexp_extract(filename, 'BILLING_PERIOD=([0-9]{4}-[0-9]{2})', 1) AS billing_period
    FROM read_parquet(${fileList(files)}, filename = true, hive_partitioning = false)`);
  partitions.set(name, ['billing_period']);
}

/**
 * FOCUS over CSV as a Glue crawler declares it: lower-cased names, every column a string, an empty
 * field an empty string (not NULL).
 */
async function focusTable(name: string, bucketRoot: string, files: string[]) {
  await conn.run(`CREATE OR REPLACE TABLE ${DATABASE}.${name} AS
    SELECT ${FOCUS_COLUMNS.map((c) => `"${c}" AS ${c.toLowerCase()}`).join(', ')}, ${pathColumn(bucketRoot)},
      regexp_extract(filename, 'BILLING_PERIOD=([0-9]{4}-[0-9]{2})', 1) AS billing_period
    FROM read_csv(${fileList(files)}, header = true, all_varchar = true, nullstr = '\u0001', filename = true, hive_partitioning = false)`);
  partitions.set(name, ['billing_period']);
}

/** The result without its functions, to compare two aggregations. */
// Tag keys are compared apart: legacy CUR's differ in form (LEGACY_ON_ATHENA).
const outcome = ({ facts: _facts, close: _close, tagFacts: _tagFacts, tagKeys: _tagKeys, ...rest }: AggregationResult) => rest;

async function allTagFacts(result: AggregationResult): Promise<TagFact[]> {
  const tagFacts: TagFact[] = [];
  for await (const batch of result.tagFacts?.() ?? []) tagFacts.push(...batch);
  return tagFacts;
}

/** Unblended USD per "key=value", summed exactly. */
function byKeyValue(tagFacts: Pick<TagFact, 'tagKey' | 'tagValue' | 'unblendedUsd'>[]): Record<string, string> {
  const totals = new Map<string, Decimal>();
  for (const t of tagFacts) {
    const kv = `${t.tagKey}=${t.tagValue}`;
    totals.set(kv, (totals.get(kv) ?? new Decimal(0)).plus(t.unblendedUsd));
  }
  return Object.fromEntries([...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([kv, usd]) => [kv, usd.toFixed()]));
}

/** Unblended, list, amortized USD and lines, summed exactly. */
const sums = (rows: { unblendedUsd: string; listUsd: string; amortizedUsd: string; lineCount: number }[]) =>
  rows
    .reduce<[Decimal, Decimal, Decimal, Decimal]>(
      ([u, l, a, n], r) => [u.plus(r.unblendedUsd), l.plus(r.listUsd), a.plus(r.amortizedUsd), n.plus(r.lineCount)],
      [new Decimal(0), new Decimal(0), new Decimal(0), new Decimal(0)],
    )
    .map((d) => d.toFixed());

/**
 * The generator's tag keys as each engine reads them. DuckDB reads a legacy CSV's own column names;
 * Athena reads AWS's Athena integration's (`resource_tags_user_cost_center`), CUR 2.0's key form.
 */
const LEGACY_ON_ATHENA: Record<string, string> = {
  'user:CostCenter': 'user:cost_center',
  'user:Environment': 'user:environment',
  'user:Project': 'user:project',
};

describe('the generated Trino SQL, run on DuckDB over the same reports', () => {
  const generated = new Map<CostFormat, GenerationSummary>();

  beforeAll(async () => {
    const options = { seed: 7, accounts: 5, months: 2, start: '2026-12', rowsPerMonth: 1500, rowsPerFile: 700, restate: true };
    for (const format of ['cur', 'cur2', 'focus'] as const) {
      generated.set(format, await generateCur({ outDir: path.join(root, format), format, ...options }));
    }
    const dataFiles = (format: CostFormat) => (generated.get(format) as GenerationSummary).files.filter((f) => !f.endsWith('.json'));
    await legacyTable(
      'legacy_cur',
      path.join(root, 'cur'),
      dataFiles('cur'),
      LEGACY_COLUMNS.map(([c]) => c),
    );
    await cur2Table('cur2', path.join(root, 'cur2'), dataFiles('cur2'));
    await focusTable('focus', path.join(root, 'focus'), dataFiles('focus'));
  });
  beforeEach(serveFromDuckDb);

  it.each([
    ['cur', 'legacy_cur'],
    ['cur2', 'cur2'],
    ['focus', 'focus'],
  ] as const)('%s: every delivery aggregates on Athena exactly as DuckDbAggregator does', async (format, table) => {
    const summary = generated.get(format) as GenerationSummary;
    const deliveries = await discoverDeliveries(path.join(root, format));
    expect(deliveries.map((d) => d.billingPeriod)).toEqual(['2026-12', '2027-01']);
    for (const [i, delivery] of deliveries.entries()) {
      const expected = await local.aggregate(delivery);
      const expectedFacts = await allFacts(expected);
      const expectedTagFacts = await allTagFacts(expected);
      await expected.close();
      const result = await aggregator(table).aggregate(fromS3(delivery));
      // DuckDB names the files that lack InvoiceId, Athena the table.
      expect({ ...outcome(result), warnings: [] }).toEqual({ ...outcome(expected), warnings: [] });
      expect(result.warnings).toEqual(
        format === 'focus'
          ? [`no InvoiceId column (FOCUS before 1.2) in the Athena table ${DATABASE}.focus: the month cannot be recognised as final`]
          : [],
      );
      expect(expected.warnings).toHaveLength(result.warnings.length);
      const facts = await allFacts(result);
      expect(facts).toEqual(expectedFacts);

      // The same tag facts, key for key (legacy CUR's keys in the Athena integration's form).
      const tagFacts = await allTagFacts(result);
      const asOnAthena = expectedTagFacts.map((t) => (format === 'cur' ? { ...t, tagKey: LEGACY_ON_ATHENA[t.tagKey] ?? '?' } : t));
      const order = (t: TagFact) =>
        JSON.stringify([
          t.billingPeriod,
          t.payerAccountId,
          t.usageAccountId,
          t.usageDate,
          t.serviceCode,
          t.serviceName,
          t.region,
          t.usageType,
          t.lineItemType,
          t.billingEntity,
          t.tagKey,
          t.tagValue,
        ]);
      expect(tagFacts).toEqual(asOnAthena.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0)));
      expect(result.tagKeys).toEqual(expected.tagKeys?.map((k) => (format === 'cur' ? LEGACY_ON_ATHENA[k] : k)));
      expect(result.tagKeys).toEqual(
        format === 'focus'
          ? ['user:CostCenter', 'user:Environment', 'user:Project']
          : ['user:cost_center', 'user:environment', 'user:project'],
      );
      // Each key's tag facts add up to the facts, and some lines are untagged ('').
      for (const key of result.tagKeys ?? []) expect(sums(tagFacts.filter((t) => t.tagKey === key)), key).toEqual(sums(facts));
      expect(tagFacts.some((t) => t.tagValue === '')).toBe(true);
      // Athena prunes to the period's partition: legacy CUR's month is unpadded (month=1), as AWS writes it.
      const [year, month] = (delivery.billingPeriod as string).split('-');
      expect(sqlSent.at(-1)).toContain(
        format === 'cur'
          ? `"year" = '${year}' AND "month" IN (${month === '01' ? `'1', '01'` : `'${month}'`})`
          : `"billing_period" = '${delivery.billingPeriod}'`,
      );

      // And both equal what the generator wrote (its control totals, kept with decimal.js).
      const control = summary.months[i]?.current.totals;
      const total = Object.values(result.totalsByLineType).reduce((sum, v) => sum.plus(v), new Decimal(0));
      expect(total.equals(control?.unblended ?? 'NaN')).toBe(true);
      expect(result.rowsRead).toBe(control?.rows);
      if (format !== 'focus') {
        for (const [type, usd] of Object.entries(control?.unblendedByLineType ?? {})) {
          expect(new Decimal(result.totalsByLineType[type] ?? 'NaN').equals(usd), type).toBe(true);
        }
      }
    }
  });

  it('reads only the delivery: the files of the older legacy assembly in the same partition are left out', async () => {
    const month = (generated.get('cur') as GenerationSummary).months[0];
    const [initial, restated] = month?.assemblies ?? [];
    const [delivery] = await discoverDeliveries(path.join(root, 'cur'));
    expect(delivery?.assemblyId).toBe(month?.current.id);
    // The table holds both assemblies of December …
    const assemblies = await runOnDuckDb(`SELECT count(DISTINCT "$path") FROM ${DATABASE}.legacy_cur WHERE year = '2026' AND month = '12'`);
    expect('rows' in assemblies && assemblies.rows[0]?.[0]).toBe(
      String((initial?.dataFiles.length ?? 0) + (restated?.dataFiles.length ?? 0)),
    );
    // … and the aggregation counts only the restated one's lines, and its invoice ids make the month final.
    const result = await aggregator('legacy_cur').aggregate(fromS3(delivery as Delivery));
    expect(result.rowsRead).toBe(restated?.totals.rows);
    expect(result.isFinal).toBe(true);
    expect(result.invoiceIds).toEqual([...(restated?.invoiceIds ?? [])].sort());
  });
});

describe('a hand-made delivery', () => {
  const dir = path.join(root, 'hand');
  const key = (name: string) => `cur/report/20261001-20261101/assembly/${name}`;

  /** Writes the files, loads them as the Athena table `hand`, and returns the delivery. */
  async function delivery(
    files: Record<string, Record<string, string>[]>,
    amounts: 'DOUBLE' | 'VARCHAR' = 'DOUBLE',
    header: readonly string[] = LEGACY_HEADER,
  ): Promise<Delivery> {
    fs.rmSync(dir, { recursive: true, force: true });
    const paths: string[] = [];
    for (const [name, rows] of Object.entries(files)) paths.push(await writeText(path.join(dir, key(name)), csv(header, rows)));
    await legacyTable('hand', dir, paths, header, amounts);
    return {
      format: 'cur',
      files: Object.keys(files).map((name, i) => ({ path: paths[i] as string, displayName: s3Uri(key(name)) })),
      assemblyId: 'assembly',
      billingPeriod: '2026-10',
    };
  }

  beforeEach(serveFromDuckDb);

  it('sums lines of one grain into one fact, with totals per line type', async () => {
    const result = await aggregator('hand').aggregate(
      await delivery({
        'a.csv': [
          legacyRow({ 'lineItem/UsageStartDate': '2026-10-05T03:00:00Z', 'lineItem/UnblendedCost': '0.0136' }),
          legacyRow({
            'lineItem/UsageStartDate': '2026-10-05T04:00:00Z',
            'lineItem/UnblendedCost': '0.0136',
            'lineItem/UsageAmount': '2.5',
          }),
        ],
        'b.csv': [
          legacyRow({
            'lineItem/LineItemType': 'Tax',
            'lineItem/UnblendedCost': '1.5',
            'lineItem/ProductCode': 'AWSTax',
            'product/ProductName': '',
            'product/region': '',
          }),
        ],
      }),
    );
    // 0.0136 + 0.0136 = 0.0272 on 2026-10-05; the tax line alone.
    expect(result.totalsByLineType).toEqual({ Tax: '1.5000000000', Usage: '0.0272000000' });
    expect(result).toMatchObject({
      payerAccountId: '111111111111',
      billingPeriods: ['2026-10'],
      rowsRead: 3,
      factCount: 2,
      isFinal: false,
    });
    const facts = await allFacts(result);
    expect(facts.map((f) => [f.lineItemType, f.usageDate, f.unblendedUsd, f.usageQuantity, f.lineCount, f.serviceName, f.region])).toEqual([
      ['Tax', '2026-10-05', '1.5000000000', '1.0000000000', 1, 'AWSTax', ''],
      ['Usage', '2026-10-05', '0.0272000000', '3.5000000000', 2, 'Amazon Elastic Compute Cloud', 'ap-northeast-1'],
    ]);
  });

  it('reads legacy tag columns as the Athena integration names them: keys in its form, values trimmed, blanks untagged', async () => {
    const tagged = [...LEGACY_HEADER, 'resourceTags/user:Environment', 'resourceTags/aws:createdBy'];
    const result = await aggregator('hand').aggregate(
      await delivery(
        {
          'a.csv': [
            legacyRow({ 'lineItem/UnblendedCost': '1', 'resourceTags/user:Environment': ' prod ', 'resourceTags/aws:createdBy': 'Root:1' }),
            legacyRow({ 'lineItem/UnblendedCost': '2', 'resourceTags/user:Environment': 'prod' }),
            legacyRow({ 'lineItem/UnblendedCost': '4', 'resourceTags/user:Environment': '   ' }),
            legacyRow({ 'lineItem/UnblendedCost': '8' }),
          ],
        },
        'DOUBLE',
        tagged,
      ),
    );
    expect(result.tagKeys).toEqual(['aws:created_by', 'user:environment']);
    await allFacts(result);
    expect(byKeyValue(await allTagFacts(result))).toEqual({
      'aws:created_by=': '14',
      'aws:created_by=Root:1': '1',
      'user:environment=': '12',
      'user:environment=prod': '3',
    });
  });

  it('reads CUR 2.0 resource_tags held as JSON text (a CSV-backed table) as DuckDB does: the first of a repeated key wins', async () => {
    const header = [
      'bill_payer_account_id',
      'bill_billing_period_start_date',
      'line_item_usage_account_id',
      'line_item_line_item_type',
      'line_item_usage_start_date',
      'line_item_product_code',
      'line_item_currency_code',
      'line_item_unblended_cost',
      'resource_tags',
    ];
    const row = (cost: string, tags: string) => ({
      bill_payer_account_id: '111111111111',
      bill_billing_period_start_date: '2026-10-01T00:00:00Z',
      line_item_usage_account_id: '222222222222',
      line_item_line_item_type: 'Usage',
      line_item_usage_start_date: '2026-10-05T00:00:00Z',
      line_item_product_code: 'AmazonS3',
      line_item_currency_code: 'USD',
      line_item_unblended_cost: cost,
      resource_tags: tags,
    });
    const file = await writeText(
      path.join(dir, 'cur2', 'export-00001.csv'),
      csv(header, [
        row('1.5', '{"user_environment":"prod","aws_createdBy":"Root:111111111111"}'),
        row('2.25', '{"user_environment":" stg "}'),
        row('4', '{}'),
        row('8', ''),
        row('16', '{"user_environment":"   "}'),
        row('32', '{" user_environment":"first","user_environment":"second"}'),
        row('64', '{"user_environment":"","user_environment ":"later"}'),
      ]),
    );
    const key = 'cur2/export/data/BILLING_PERIOD=2026-10/export-00001.csv';
    await conn.run(`CREATE OR REPLACE TABLE ${DATABASE}.hand_cur2 AS
      SELECT * EXCLUDE (filename), '${s3Uri(key)}' AS "$path", '2026-10' AS billing_period
      FROM read_csv('${file}', header = true, all_varchar = true, filename = true)`);
    partitions.set('hand_cur2', ['billing_period']);
    const input: Delivery = { format: 'cur2', files: [{ path: file, displayName: s3Uri(key) }], assemblyId: 'x', billingPeriod: '2026-10' };
    const result = await aggregator('hand_cur2').aggregate(input);
    expect(result.tagKeys).toEqual(['aws:createdBy', 'user:environment']);
    await allFacts(result);
    // 1.5 + 2.25 + 4 + 8 + 16 + 32 + 64 = 127.75 under each key.
    const expected = {
      'aws:createdBy=': '126.25',
      'aws:createdBy=Root:111111111111': '1.5',
      'user:environment=': '92',
      'user:environment=first': '32',
      'user:environment=prod': '1.5',
      'user:environment=stg': '2.25',
    };
    expect(byKeyValue(await allTagFacts(result))).toEqual(expected);
    const local = await new DuckDbAggregator({ memoryLimit: '256MB', threads: 1 }).aggregate(input);
    try {
      await allFacts(local);
      expect(local.tagKeys).toEqual(result.tagKeys);
      expect(byKeyValue(await allTagFacts(local))).toEqual(expected);
    } finally {
      await local.close();
    }
  });

  it('refuses a currency other than USD, naming the S3 object and the column', async () => {
    const input = await delivery({ 'a.csv': [legacyRow(), legacyRow({ 'lineItem/CurrencyCode': 'JPY' })] });
    await expect(aggregator('hand').aggregate(input)).rejects.toThrow(
      `${s3Uri(key('a.csv'))}, column line_item_currency_code: currency 'JPY' is not USD (Daiko reads USD cost reports only)`,
    );
  });

  it('refuses a delivery that mixes payers, naming a file of the other payer', async () => {
    const input = await delivery({
      'a.csv': [legacyRow(), legacyRow()],
      'b.csv': [legacyRow({ 'bill/PayerAccountId': '333333333333' })],
    });
    await expect(aggregator('hand').aggregate(input)).rejects.toThrow(
      `${s3Uri(key('b.csv'))}, column bill_payer_account_id: payer 333333333333 differs from payer 111111111111: a delivery holds one payer`,
    );
  });

  it('refuses an amount that is not a number, and a line outside the billing period', async () => {
    const notANumber = await delivery({ 'a.csv': [legacyRow({ 'lineItem/UnblendedCost': '12,5' })] }, 'VARCHAR');
    await expect(aggregator('hand').aggregate(notANumber)).rejects.toThrow(
      `${s3Uri(key('a.csv'))}, column line_item_unblended_cost: '12,5' is not a number`,
    );
    const outside = await delivery({ 'a.csv': [legacyRow({ 'lineItem/UsageStartDate': '2026-11-01T00:00:00Z' })] });
    await expect(aggregator('hand').aggregate(outside)).rejects.toThrow(
      /column line_item_usage_start_date: usage start 2026-11-01 00:00:00 is outside the billing period 2026-10$/,
    );
  });

  it('refuses what Athena cannot read: local files, an unknown period, a table of another format', async () => {
    const input = await delivery({ 'a.csv': [legacyRow()] });
    const onDisk = { ...input, files: input.files.map((f) => ({ ...f, displayName: 'report/a.csv' })) };
    await expect(aggregator('hand').aggregate(onDisk)).rejects.toThrow('report/a.csv: Athena reads S3 objects only');
    await expect(aggregator('hand').aggregate({ ...input, billingPeriod: null })).rejects.toThrow('Athena aggregates one billing period');
    const elsewhere = { ...input, files: input.files.map((f) => ({ ...f, displayName: 's3://another-bucket/cur/a.csv' })) };
    await expect(aggregator('hand').aggregate(elsewhere)).rejects.toThrow(
      `s3://another-bucket/cur/a.csv: the Athena table ${DATABASE}.hand has no rows of these objects in billing period 2026-10`,
    );
    await conn.run(`CREATE OR REPLACE TABLE ${DATABASE}.not_cur AS SELECT 'x' AS billedcost, 'y' AS chargecategory, 'z' AS subaccountid`);
    await expect(aggregator('not_cur').aggregate(input)).rejects.toThrow(
      `${DATABASE}.not_cur: the Athena table holds focus, but the delivery is cur`,
    );
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  });
});

describe('the Athena API calls', () => {
  const dir = path.join(root, 'calls');
  let input: Delivery;
  const key = 'cur/report/20261001-20261101/assembly/report-1.csv';

  beforeAll(async () => {
    // 120 distinct facts: usage on 120 different hours → 4 days × 30 usage types.
    const rows = Array.from({ length: 120 }, (_, i) =>
      legacyRow({
        'lineItem/UsageStartDate': `2026-10-0${1 + (i % 4)}T00:00:00Z`,
        'lineItem/UsageType': `APN1-Usage-${String(i).padStart(3, '0')}`,
      }),
    );
    const file = await writeText(path.join(dir, key), csv(LEGACY_HEADER, rows));
    await legacyTable('calls', dir, [file], LEGACY_HEADER);
    input = { format: 'cur', files: [{ path: file, displayName: s3Uri(key) }], assemblyId: 'assembly', billingPeriod: '2026-10' };
  });
  beforeEach(serveFromDuckDb);

  const states = (...list: QueryExecutionState[]) => {
    let call = athena.on(GetQueryExecutionCommand);
    for (const State of list.slice(0, -1)) {
      call = call.resolvesOnce({ QueryExecution: { Status: { State }, Statistics: { DataScannedInBytes: 1024 } } });
    }
    call.resolves({ QueryExecution: { Status: { State: list.at(-1) }, Statistics: { DataScannedInBytes: 2048 } } });
  };

  it('describe the table, start the query in the workgroup, poll it and read every page', async () => {
    states('QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED');
    const progress: AggregationProgress[] = [];
    const result = await aggregator('calls').aggregate(input, { onProgress: (p) => progress.push(p) });
    const facts = await allFacts(result);

    expect(athena.commandCalls(GetTableMetadataCommand)[0]?.args[0].input).toEqual({
      CatalogName: 'AwsDataCatalog',
      DatabaseName: DATABASE,
      TableName: 'calls',
    });
    const [start] = athena.commandCalls(StartQueryExecutionCommand);
    expect(start?.args[0].input).toMatchObject({
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: DATABASE },
      WorkGroup: 'daiko',
      ResultConfiguration: { OutputLocation: 's3://athena-results/daiko/' },
    });
    const sql = start?.args[0].input.QueryString ?? '';
    expect(sql).toContain(`FROM "${DATABASE}"."calls"`);
    expect(sql).toContain(`WHERE "year" = '2026' AND "month" IN ('10') AND "$path" IN ('${s3Uri(key)}')`);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(4);

    // 120 facts + Athena's header row in pages of 50, read twice (totals, then facts).
    const pages = athena.commandCalls(GetQueryResultsCommand).map((c) => [c.args[0].input.MaxResults, c.args[0].input.NextToken]);
    const once = [
      [50, undefined],
      [50, '50'],
      [50, '100'],
    ];
    expect(pages).toEqual([...once, ...once]);
    expect(result.factCount).toBe(120);
    expect(facts).toHaveLength(120);
    expect(result.totalsByLineType).toEqual({ Usage: '1.6320000000' }); // 120 × 0.0136
    // Bytes scanned as each poll reports them, then the whole delivery once done.
    expect(progress.map((p) => p.bytesRead)).toEqual([1024, 1024, 1024, 2048, fs.statSync(input.files[0]!.path).size]);
    expect(progress.at(-1)).toMatchObject({ rowsRead: 120 });
    // No tag columns: no second query, no tag facts.
    expect(result.tagKeys).toEqual([]);
    expect(await allTagFacts(result)).toEqual([]);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(6);
  });

  it('run a second query for the tag facts, over the keys the first found, and read it once, page by page', async () => {
    const header = [...LEGACY_HEADER, 'resourceTags/user:Environment'];
    // The 120 facts again; the lines of the first two days tagged prod.
    const rows = Array.from({ length: 120 }, (_, i) =>
      legacyRow({
        'lineItem/UsageStartDate': `2026-10-0${1 + (i % 4)}T00:00:00Z`,
        'lineItem/UsageType': `APN1-Usage-${String(i).padStart(3, '0')}`,
        'resourceTags/user:Environment': i % 4 < 2 ? 'prod' : '',
      }),
    );
    const file = await writeText(path.join(dir, 'tagged', key), csv(header, rows));
    await legacyTable('tagged_calls', path.join(dir, 'tagged'), [file], header);
    const result = await aggregator('tagged_calls').aggregate({ ...input, files: [{ path: file, displayName: s3Uri(key) }] });

    const starts = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
    expect(starts).toHaveLength(2);
    expect(starts[1]).toMatchObject({ WorkGroup: 'daiko', QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: DATABASE } });
    expect(starts[1]?.QueryString).toContain(`CROSS JOIN (VALUES ('user:environment')) AS tag (tag_key)`);
    expect(starts[1]?.QueryString).toContain(`"$path" IN ('${s3Uri(key)}')`);
    expect(result.tagKeys).toEqual(['user:environment']);
    const [facts, tags] = [`query-${queries - 1}`, `query-${queries}`];
    const pagesOf = () => athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input.QueryExecutionId);
    // The tag facts are read only when asked for, after the facts, each page once.
    expect(pagesOf()).toEqual([facts, facts, facts]);
    await allFacts(result);
    const tagFacts = await allTagFacts(result);
    expect(pagesOf()).toEqual([facts, facts, facts, facts, facts, facts, tags, tags, tags]);
    expect(() => result.tagFacts?.()).toThrow('the tag facts of an aggregation are read once');
    // One tag fact per fact; 60 lines × 0.0136 under each value.
    expect(tagFacts).toHaveLength(120);
    expect(byKeyValue(tagFacts)).toEqual({ 'user:environment=': '0.816', 'user:environment=prod': '0.816' });
    expect(tagFacts[0]).toEqual({
      billingPeriod: '2026-10',
      payerAccountId: '111111111111',
      usageAccountId: '222222222222',
      usageDate: '2026-10-01',
      serviceCode: 'AmazonEC2',
      serviceName: 'Amazon Elastic Compute Cloud',
      region: 'ap-northeast-1',
      usageType: 'APN1-Usage-000',
      lineItemType: 'Usage',
      billingEntity: 'AWS',
      tagKey: 'user:environment',
      tagValue: 'prod',
      unblendedUsd: '0.0136000000',
      listUsd: '0.0136000000',
      amortizedUsd: '0.0136000000',
      lineCount: 1,
    });
  });

  it('leave the output location to the workgroup when none is configured', async () => {
    states('SUCCEEDED');
    await (await aggregator('calls', { outputLocation: undefined }).aggregate(input)).close();
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.ResultConfiguration).toBeUndefined();
  });

  it('back off between polls: waits double up to the cap', async () => {
    states('QUEUED', 'RUNNING', 'RUNNING', 'RUNNING', 'SUCCEEDED');
    const started = performance.now();
    await (await aggregator('calls', {}, { pollMs: 20, maxPollMs: 40 }).aggregate(input)).close();
    // 20 + 40 + 40 + 40 ms of waiting between the five polls.
    expect(performance.now() - started).toBeGreaterThanOrEqual(135);
  });

  it('surface the reason Athena gives for a failed query', async () => {
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: {
          State: 'FAILED',
          StateChangeReason: 'COLUMN_NOT_FOUND: line 3:5: Column line_item_unblended_cost cannot be resolved',
          AthenaError: { ErrorCategory: 2, ErrorMessage: 'COLUMN_NOT_FOUND: line 3:5: Column line_item_unblended_cost cannot be resolved' },
        },
      },
    });
    await expect(aggregator('calls').aggregate(input)).rejects.toThrow(
      /^Athena query query-\d+ failed: COLUMN_NOT_FOUND: line 3:5: Column line_item_unblended_cost cannot be resolved$/,
    );
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('report a cancelled query', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: 'CANCELLED', StateChangeReason: 'Query cancelled by user' } } });
    await expect(aggregator('calls').aggregate(input)).rejects.toThrow(/^Athena query query-\d+ was cancelled: Query cancelled by user$/);
  });

  it('stop a query that outlives the timeout', async () => {
    states('RUNNING');
    await expect(aggregator('calls', { timeoutMs: 60 }, { pollMs: 5, maxPollMs: 10 }).aggregate(input)).rejects.toThrow(
      /^Athena query query-\d+ did not finish within 0.06 s \(DAIKO_ATHENA_TIMEOUT_SECONDS\); it was stopped$/,
    );
    expect(athena.commandCalls(StopQueryExecutionCommand).map((c) => c.args[0].input)).toEqual([{ QueryExecutionId: `query-${queries}` }]);
    expect(athena.commandCalls(GetQueryExecutionCommand).length).toBeGreaterThan(2);
  });
});

describe('ingest with DAIKO_COST_AGGREGATOR=athena', () => {
  let server: S3rver;
  let endpoint: string;
  const s3dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiko-athena-s3rver-'));
  const outDir = path.join(root, 'ingest');

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: s3dir,
      configureBuckets: [{ name: BUCKET, configs: [] }],
    });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    const summary = await generateCur({ outDir, format: 'cur2', seed: 11, accounts: 3, months: 1, start: '2026-10', rowsPerMonth: 800 });
    const s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true });
    for (const file of summary.files) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: path.relative(outDir, file), Body: fs.readFileSync(file) }));
    }
    await cur2Table(
      'ingest_cur2',
      outDir,
      summary.files.filter((f) => f.endsWith('.parquet')),
    );
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(s3dir, { recursive: true, force: true });
  });
  beforeEach(serveFromDuckDb);

  it('aggregates an S3 source on Athena and stores the facts DuckDB finds in the same files', async () => {
    const caller = { actor: { kind: 'system' as const, label: 'test' }, ip: null };
    const env = await createTestContext();
    try {
      const config = {
        ...env.ctx.config,
        aws: { region: 'us-east-1', provider: 'sdk' as const, endpoint },
        costs: { aggregator: 'athena' as const, athena: { ...settings('ingest_cur2'), region: 'us-east-1' } },
      };
      const ctx = { ...env.ctx, config, aws: createAwsProvider(config, env.ctx.db) };
      const [remote] = await ingestCostSource(ctx, caller, `s3://${BUCKET}/`);
      expect(remote?.error).toBeNull();
      expect(remote?.status).toBe('succeeded');
      // The facts, then the tag facts (the export carries resource_tags).
      expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(2);

      const [delivery] = await discoverDeliveries(outDir);
      const expected = await local.aggregate(delivery as Delivery);
      const facts = await allFacts(expected);
      const tagFacts = await allTagFacts(expected);
      await expected.close();
      expect(remote?.totalsByLineType).toEqual(expected.totalsByLineType);
      const stored = await ctx.db.selectFrom('cost_facts').selectAll().execute();
      const asRow = (f: CostFact) => ({
        billing_period: f.billingPeriod,
        payer_account_id: f.payerAccountId,
        usage_account_id: f.usageAccountId,
        usage_date: f.usageDate,
        service_code: f.serviceCode,
        service_name: f.serviceName,
        region: f.region,
        usage_type: f.usageType,
        operation: f.operation,
        line_item_type: f.lineItemType,
        bill_type: f.billType,
        billing_entity: f.billingEntity,
        commitment_arn: f.commitmentArn,
        commitment_owner_account_id: f.commitmentOwnerAccountId,
        invoice_id: f.invoiceId,
        unblended_usd: f.unblendedUsd,
        list_usd: f.listUsd,
        amortized_usd: f.amortizedUsd,
        usage_quantity: f.usageQuantity,
        line_count: f.lineCount,
      });
      const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
      expect(stored.length).toBe(facts.length);
      expect(sorted(stored)).toEqual(sorted(facts.map(asRow)));
      // And its tag facts.
      const storedTags = await ctx.db.selectFrom('cost_tag_facts').select(['tag_key', 'tag_value', 'unblended_usd']).execute();
      expect(tagFacts.length).toBeGreaterThan(0);
      expect(storedTags).toHaveLength(tagFacts.length);
      expect(
        byKeyValue(storedTags.map((r) => ({ tagKey: r.tag_key, tagValue: r.tag_value, unblendedUsd: String(r.unblended_usd) }))),
      ).toEqual(byKeyValue(tagFacts));

      // The same files from this machine's disk go to DuckDB whatever the configuration says, and are
      // the same delivery (same fingerprint): nothing changes.
      const [fromDisk] = await ingestCostSource(ctx, caller, outDir);
      expect(fromDisk?.status).toBe('unchanged');
      expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(2);
    } finally {
      await env.close();
    }
  });
});
