import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { AggregationResult } from '../../../src/modules/costs/aggregator.ts';
import { discoverDeliveries } from '../../../src/modules/costs/discover-deliveries.ts';
import { DuckDbAggregator } from '../../../src/modules/costs/duckdb-aggregator.ts';
import type { TagFact } from '../../../src/modules/costs/line-model.ts';
import { LEGACY_HEADER, allFacts, csv, duck, externalFile, legacyRow, tempDir, writeText } from './helpers.ts';

/**
 * Cost-allocation tags in the three formats: keys normalized to `user:<Key>` / `aws:<key>`, values
 * trimmed, lines without a key counted under '' — so each key's tag facts add up to the facts.
 */
const aggregator = new DuckDbAggregator({ memoryLimit: '256MB', threads: 2, batchSize: 2 });

async function tagFactsOf(result: AggregationResult): Promise<TagFact[]> {
  await allFacts(result);
  const out: TagFact[] = [];
  for await (const batch of result.tagFacts!()) out.push(...batch);
  return out;
}

/** Unblended USD per "key=value" (exact). */
function byKeyValue(tagFacts: TagFact[]): Record<string, string> {
  const sums = new Map<string, Decimal>();
  for (const t of tagFacts)
    sums.set(`${t.tagKey}=${t.tagValue}`, (sums.get(`${t.tagKey}=${t.tagValue}`) ?? new Decimal(0)).plus(t.unblendedUsd));
  return Object.fromEntries([...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v.toFixed()]));
}

/** For every key, its tag facts sum to the facts (unblended, list, amortized, lines). */
async function expectInvariant(result: AggregationResult) {
  const facts = await allFacts(result);
  const sum = (xs: { unblendedUsd: string; listUsd: string; amortizedUsd: string; lineCount: number }[]) =>
    xs
      .reduce(
        (s, x) => [s[0]!.plus(x.unblendedUsd), s[1]!.plus(x.listUsd), s[2]!.plus(x.amortizedUsd), s[3]!.plus(x.lineCount)],
        [new Decimal(0), new Decimal(0), new Decimal(0), new Decimal(0)],
      )
      .map((d) => d.toFixed());
  const tagFacts: TagFact[] = [];
  for await (const batch of result.tagFacts!()) tagFacts.push(...batch);
  expect(result.tagKeys?.length).toBeGreaterThan(0);
  for (const key of result.tagKeys!) expect(sum(tagFacts.filter((t) => t.tagKey === key))).toEqual(sum(facts));
  return tagFacts;
}

describe('legacy CUR', () => {
  it('reads resourceTags/user:* and aws:* columns, the union over the files, case-sensitive keys', async () => {
    const dir = await tempDir();
    const a = await writeText(
      join(dir, 'a.csv'),
      csv(
        [...LEGACY_HEADER, 'resourceTags/aws:createdBy', 'resourceTags/user:Environment', 'resourceTags/user:environment'],
        [
          legacyRow({
            'lineItem/UnblendedCost': '1.0',
            'resourceTags/user:Environment': ' prod ',
            'resourceTags/aws:createdBy': 'IAMUser:AIDA:alice',
          }),
          legacyRow({ 'lineItem/UnblendedCost': '2.0', 'resourceTags/user:Environment': 'prod' }),
          legacyRow({ 'lineItem/UnblendedCost': '4.0', 'resourceTags/user:Environment': '  ', 'resourceTags/user:environment': 'lower' }),
        ],
      ),
    );
    // The second file's column set differs (AWS varies it month to month and file to file).
    const b = await writeText(
      join(dir, 'b.csv'),
      csv(
        [...LEGACY_HEADER, 'resourceTags/user:Team', 'resourceTags/user:Environment'],
        [
          legacyRow({
            'lineItem/UnblendedCost': '8.0',
            'lineItem/UsageStartDate': '2026-10-06T00:00:00Z',
            'resourceTags/user:Environment': 'dev',
            'resourceTags/user:Team': 'billing',
          }),
          legacyRow({ 'lineItem/UnblendedCost': '16.0', 'resourceTags/user:Environment': 'prod' }),
        ],
      ),
    );
    const result = await aggregator.aggregate({
      format: 'cur',
      files: [
        { path: a, displayName: 'a.csv' },
        { path: b, displayName: 'b.csv' },
      ],
      assemblyId: null,
      billingPeriod: '2026-10',
    });
    try {
      expect(result.tagKeys).toEqual(['aws:createdBy', 'user:Environment', 'user:Team', 'user:environment']);
      const tagFacts = await expectInvariant(result);
      expect(byKeyValue(tagFacts)).toEqual({
        'aws:createdBy=': '30',
        'aws:createdBy=IAMUser:AIDA:alice': '1',
        'user:Environment=': '4',
        'user:Environment=dev': '8',
        'user:Environment=prod': '19',
        'user:Team=': '23',
        'user:Team=billing': '8',
        'user:environment=': '27',
        'user:environment=lower': '4',
      });
      expect(tagFacts.find((t) => t.tagValue === 'dev')).toMatchObject({
        usageAccountId: '222222222222',
        usageDate: '2026-10-06',
        serviceCode: 'AmazonEC2',
        region: 'ap-northeast-1',
        lineItemType: 'Usage',
        billingEntity: 'AWS',
        lineCount: 1,
      });
    } finally {
      await result.close();
    }
  });

  it('has no tag facts when the report has no tag columns', async () => {
    const dir = await tempDir();
    const path = await writeText(join(dir, 'plain.csv'), csv(LEGACY_HEADER, [legacyRow()]));
    const result = await aggregator.aggregate({
      format: 'cur',
      files: [{ path, displayName: 'plain.csv' }],
      assemblyId: null,
      billingPeriod: '2026-10',
    });
    try {
      expect(result.tagKeys).toEqual([]);
      expect(await tagFactsOf(result)).toEqual([]);
    } finally {
      await result.close();
    }
  });
});

const CUR2_HEADER = [
  'bill_payer_account_id',
  'bill_billing_period_start_date',
  'line_item_usage_account_id',
  'line_item_line_item_type',
  'line_item_usage_start_date',
  'line_item_product_code',
  'line_item_usage_type',
  'line_item_currency_code',
  'line_item_unblended_cost',
  'product',
  'resource_tags',
] as const;

const cur2Row = (cost: string, tags: Record<string, string> | null) => ({
  bill_payer_account_id: '111111111111',
  bill_billing_period_start_date: '2026-10-01T00:00:00Z',
  line_item_usage_account_id: '222222222222',
  line_item_line_item_type: 'Usage',
  line_item_usage_start_date: '2026-10-05T00:00:00Z',
  line_item_product_code: 'AmazonS3',
  line_item_usage_type: 'APN1-TimedStorage-ByteHrs',
  line_item_currency_code: 'USD',
  line_item_unblended_cost: cost,
  product: JSON.stringify({ product_name: 'Amazon Simple Storage Service', region: 'ap-northeast-1' }),
  resource_tags: tags === null ? '' : JSON.stringify(tags),
});

const CUR2_ROWS = [
  cur2Row('1.5', { user_environment: 'prod', aws_createdBy: 'Root:111111111111' }),
  cur2Row('2.25', { user_environment: 'stg' }),
  cur2Row('4', {}),
  cur2Row('8', null),
  cur2Row('16', { user_environment: '   ' }),
];
const CUR2_EXPECTED = {
  'aws:createdBy=': '30.25',
  'aws:createdBy=Root:111111111111': '1.5',
  'user:environment=': '28',
  'user:environment=prod': '1.5',
  'user:environment=stg': '2.25',
};

describe('CUR 2.0', () => {
  it('reads the resource_tags map of a Parquet export (user_ / aws_ prefixes become user: / aws:)', async () => {
    const dir = await tempDir();
    const source = await writeText(join(dir, 'source.csv'), csv(CUR2_HEADER, CUR2_ROWS));
    const path = join(dir, 'export-00001.snappy.parquet');
    await duck(`COPY (
        SELECT * REPLACE (
          CAST(line_item_unblended_cost AS DOUBLE) AS line_item_unblended_cost,
          CAST(line_item_usage_start_date AS TIMESTAMP) AS line_item_usage_start_date,
          CAST(bill_billing_period_start_date AS TIMESTAMP) AS bill_billing_period_start_date,
          CAST(CAST(product AS JSON) AS MAP(VARCHAR, VARCHAR)) AS product,
          CAST(CAST(resource_tags AS JSON) AS MAP(VARCHAR, VARCHAR)) AS resource_tags)
        FROM read_csv('${source}', all_varchar = true)
      ) TO '${path}' (FORMAT parquet)`);
    const result = await aggregator.aggregate({
      format: 'cur2',
      files: [{ path, displayName: 'export.parquet' }],
      assemblyId: 'x',
      billingPeriod: '2026-10',
    });
    try {
      expect(result.tagKeys).toEqual(['aws:createdBy', 'user:environment']);
      expect(byKeyValue(await expectInvariant(result))).toEqual(CUR2_EXPECTED);
    } finally {
      await result.close();
    }
  });

  it('reads the map as JSON text in a CSV export', async () => {
    const dir = await tempDir();
    const path = await writeText(join(dir, 'export-00001.csv.gz'), csv(CUR2_HEADER, CUR2_ROWS), true);
    const result = await aggregator.aggregate({
      format: 'cur2',
      files: [{ path, displayName: 'export.csv.gz' }],
      assemblyId: 'x',
      billingPeriod: '2026-10',
    });
    try {
      expect(byKeyValue(await expectInvariant(result))).toEqual(CUR2_EXPECTED);
    } finally {
      await result.close();
    }
  });
});

describe('FOCUS', () => {
  it('reads the Tags JSON: unprefixed keys are user tags, prefixed keys kept, other providers skipped', async () => {
    const dir = await tempDir();
    const header = [
      'BillingAccountId',
      'SubAccountId',
      'ChargePeriodStart',
      'BillingPeriodStart',
      'ChargeCategory',
      'BilledCost',
      'BillingCurrency',
      'ProviderName',
      'ServiceName',
      'Tags',
    ];
    const row = (cost: string, tags: string, provider = 'AWS') => ({
      BillingAccountId: '111111111111',
      SubAccountId: '222222222222',
      ChargePeriodStart: '2026-10-05T00:00:00Z',
      BillingPeriodStart: '2026-10-01T00:00:00Z',
      ChargeCategory: 'Usage',
      BilledCost: cost,
      BillingCurrency: 'USD',
      ProviderName: provider,
      ServiceName: 'Amazon Elastic Compute Cloud',
      Tags: tags,
    });
    const path = await writeText(
      join(dir, 'focus.csv'),
      csv(header, [
        row('1', JSON.stringify({ Environment: 'prod', 'user:Owner': 'alice', 'aws:createdBy': 'Root:1' })),
        row('2', JSON.stringify({ Environment: 'dev', ' Environment': 'ignored' })),
        row('4', 'NULL'),
        row('8', JSON.stringify({ Environment: 'prod' })),
        row('100', JSON.stringify({ Environment: 'azure-only', CostCenter: '1' }), 'Microsoft'),
      ]),
    );
    const result = await aggregator.aggregate({
      format: 'focus',
      files: [{ path, displayName: 'focus.csv' }],
      assemblyId: null,
      billingPeriod: '2026-10',
    });
    try {
      expect(result.rowsSkippedOtherProviders).toBe(1);
      expect(result.tagKeys).toEqual(['aws:createdBy', 'user:Environment', 'user:Owner']);
      expect(byKeyValue(await expectInvariant(result))).toEqual({
        'aws:createdBy=': '14',
        'aws:createdBy=Root:1': '1',
        'user:Environment=': '4',
        'user:Environment=dev': '2',
        'user:Environment=prod': '9',
        'user:Owner=': '14',
        'user:Owner=alice': '1',
      });
    } finally {
      await result.close();
    }
  });
});

/** A throwaway DuckDB for the independent queries over the raw files. */
async function query(sql: string): Promise<Record<string, string>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, string>[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('real files written by others', () => {
  it('the legacy CUR sample activated no cost-allocation tag: no tag columns, no tag facts', async () => {
    const file = externalFile('legacy-cur-focus-converters-sample.csv');
    const columns = await query(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_csv('${file}', all_varchar = true))`);
    expect(columns).toHaveLength(94);
    expect(columns.filter((c) => c.column_name!.toLowerCase().startsWith('resourcetags/'))).toEqual([]);
    const [delivery] = await discoverDeliveries(file);
    const result = await new DuckDbAggregator().aggregate(delivery!);
    try {
      expect(result.tagKeys).toEqual([]);
      expect(await tagFactsOf(result)).toEqual([]);
    } finally {
      await result.close();
    }
  });

  it("the FOCUS sample's Tags: totals per key and value match a separate DuckDB query over the raw file", async () => {
    const file = externalFile('focus-1.0-sample.csv');
    // Independently: every AWS row once per key seen in any AWS row, under its value for that key.
    const expected = await query(`
      WITH aws AS (
        SELECT CAST(BilledCost AS DECIMAL(38, 10)) AS cost, Tags
        FROM read_csv('${file}', all_varchar = true, nullstr = 'NULL') WHERE ProviderName = 'AWS'),
      keys AS (SELECT DISTINCT j.key AS k FROM aws, json_each(aws.Tags) AS j WHERE aws.Tags IS NOT NULL)
      SELECT 'user:' || k || '=' || COALESCE(trim(json_extract_string(Tags, '$."' || k || '"')), '') AS kv,
        CAST(sum(cost) AS VARCHAR) AS usd
      FROM aws CROSS JOIN keys GROUP BY 1 ORDER BY 1`);
    expect(expected.length).toBeGreaterThan(100);
    const [delivery] = await discoverDeliveries(file);
    const result = await new DuckDbAggregator().aggregate(delivery!);
    try {
      expect(result.tagKeys).toEqual(['user:application', 'user:business_unit', 'user:environment']);
      const got = byKeyValue(await expectInvariant(result));
      expect(got).toEqual(Object.fromEntries(expected.map((r) => [r.kv, new Decimal(r.usd!).toFixed()])));
      // Spot check: the environment split of the AWS rows (untagged rows have Tags NULL).
      expect(Object.keys(got).filter((k) => k.startsWith('user:environment='))).toEqual([
        'user:environment=',
        'user:environment=dev',
        'user:environment=prod',
      ]);
    } finally {
      await result.close();
    }
  });
});
