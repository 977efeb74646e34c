import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery } from '../../../src/modules/costs/aggregator.ts';
import { discoverDeliveries } from '../../../src/modules/costs/discover-deliveries.ts';
import { DuckDbAggregator } from '../../../src/modules/costs/duckdb-aggregator.ts';
import { generateCur } from '../../../src/modules/costs/generator/generate-cur.ts';
import type { CostFact } from '../../../src/modules/costs/line-model.ts';
import { curProjection } from '../../../src/modules/costs/readers/cur-projection.ts';
import { readFileHeader } from '../../../src/modules/costs/readers/file-header.ts';
import { normalizedLines } from '../../../src/modules/costs/readers/projection.ts';
import { RawColumns } from '../../../src/modules/costs/readers/raw-source.ts';
import { duckdbText, toDecimal, toTimestamp } from '../../../src/modules/costs/readers/sql.ts';
import { LEGACY_HEADER, allFacts, csv, legacyRow, tempDir, writeText } from './helpers.ts';

/**
 * The DuckDB reads skip work where the result cannot change: a cheaper TRIM, Parquet DOUBLE amounts
 * and TIMESTAMPs read without the text round trip. Each must give exactly what the slow way gives.
 */
let instance: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await conn.run(`SET TimeZone = 'UTC'`);
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS();

describe('the DuckDB TRIM', () => {
  it('trims exactly as TRIM does: ASCII spaces and every Unicode space, never tabs', async () => {
    const samples = [
      '',
      ' ',
      'a',
      ' a',
      'a ',
      '  a b  ',
      '\ta\t',
      'é',
      ' é ',
      '\u00a0x',
      'x\u3000',
      '\u2009x\u202f',
      'ｘ',
      ' 東京 ',
      '\u200bx',
    ];
    await conn.run(`CREATE OR REPLACE TABLE t AS SELECT unnest([${samples.map((s) => `'${s}'`).join(', ')}, NULL]) AS v`);
    const out = await rows(`SELECT v, ${duckdbText.trim('v')} AS fast, TRIM(v) AS slow FROM t`);
    expect(out).toHaveLength(samples.length + 1);
    for (const row of out) expect(row.fast).toBe(row.slow);
    // The cases where TRIM does change the value are among them.
    expect(out.filter((r) => r.v !== r.slow).map((r) => r.v)).toEqual([
      ' ',
      ' a',
      'a ',
      '  a b  ',
      ' é ',
      '\u00a0x',
      'x\u3000',
      '\u2009x\u202f',
      ' 東京 ',
    ]);
  });
});

describe('Parquet DOUBLE amounts', () => {
  it('read as their shortest text would be, on the edges of the direct cast', async () => {
    const edges = [
      '0',
      '-0.0',
      '0.1',
      '0.3',
      '1.00000000005',
      '-1.00000000005',
      '0.00000000005',
      '1e-11',
      '123.4567890123456',
      '262143.9999999999',
      '262144.0000000001',
      '12345678.9',
      '99999999.99999999',
      '1e20',
      '-7.0000000000000001e-10',
      "'nan'",
      "'inf'",
      "'-inf'",
    ];
    const values = `SELECT CAST(v AS DOUBLE) AS d FROM (SELECT unnest([${edges.map((e) => (e.startsWith("'") ? e : `'${e}'`)).join(', ')}]) AS v)
      UNION ALL SELECT 0.1 + 0.2 UNION ALL SELECT NULL
      UNION ALL SELECT (i * 7919 % 1000003) / pow(10, i % 14) - 500 FROM range(20000) t(i)`;
    const out = await rows(`SELECT count(*) AS n,
        count(*) FILTER (WHERE ${toDecimal('d', 'DOUBLE')} IS DISTINCT FROM ${toDecimal('CAST(d AS VARCHAR)')}) AS differ,
        count(*) FILTER (WHERE ${toDecimal('d', 'DOUBLE')} IS NULL) AS unreadable
      FROM (${values})`);
    expect(out[0]).toEqual({ n: 20000n + BigInt(edges.length) + 2n, differ: 0n, unreadable: 4n });
  });

  it('keep the rounding of the text at the 11th decimal and the values past DECIMAL(18,10)', async () => {
    const out = await rows(`SELECT CAST(${toDecimal('CAST(1.00000000005 AS DOUBLE)', 'DOUBLE')} AS VARCHAR) AS tie,
      CAST(${toDecimal('CAST(12345678.9 AS DOUBLE)', 'DOUBLE')} AS VARCHAR) AS large,
      CAST(${toDecimal('CAST(1e20 AS DOUBLE)', 'DOUBLE')} AS VARCHAR) AS huge`);
    // The double nearest 1.00000000005 is just below it; its text '1.00000000005' rounds half up.
    expect(out[0]).toEqual({ tie: '1.0000000001', large: '12345678.9000000000', huge: '100000000000000000000.0000000000' });
  });
});

describe('Parquet timestamps', () => {
  it('TIMESTAMP and TIMESTAMP WITH TIME ZONE give the instant their text gives', async () => {
    const out = await rows(`SELECT count(*) AS n,
        count(*) FILTER (WHERE ${toTimestamp('ts', 'TIMESTAMP')} IS DISTINCT FROM ${toTimestamp('CAST(ts AS VARCHAR)')}) AS plain,
        count(*) FILTER (WHERE ${toTimestamp('tz', 'TIMESTAMP WITH TIME ZONE')} IS DISTINCT FROM ${toTimestamp('CAST(tz AS VARCHAR)')}) AS zoned
      FROM (SELECT ts, CAST(ts AS TIMESTAMPTZ) AS tz FROM (
        SELECT TIMESTAMP '2026-10-01 00:00:00' + INTERVAL (i * 3599999) MILLISECOND + INTERVAL (i % 997) MICROSECOND AS ts FROM range(5000) t(i)
        UNION ALL SELECT NULL))`);
    expect(out[0]).toEqual({ n: 5001n, plain: 0n, zoned: 0n });
  });
});

describe('facts', () => {
  it('leave in grain order, from several files read in parallel', async () => {
    const outDir = await tempDir();
    await generateCur({ outDir, format: 'cur2', rowsPerMonth: 6000, rowsPerFile: 1500, accounts: 8 });
    const [delivery] = await discoverDeliveries(outDir);
    expect(delivery?.files).toHaveLength(4);
    const result = await new DuckDbAggregator({ threads: 2, batchSize: 700 }).aggregate(delivery as Delivery);
    const facts = await allFacts(result);
    await result.close();
    const key = (f: CostFact) => [
      f.billingPeriod,
      f.payerAccountId,
      f.usageAccountId,
      f.usageDate,
      f.serviceCode,
      f.serviceName,
      f.region,
      f.usageType,
      f.operation,
      f.lineItemType,
      f.billType,
      f.billingEntity,
      f.commitmentArn,
      f.commitmentOwnerAccountId,
      f.invoiceId,
    ];
    const before = (a: CostFact, b: CostFact) => {
      const [x, y] = [key(a), key(b)];
      const i = x.findIndex((v, j) => v !== y[j]);
      return i >= 0 && (x[i] as string) < (y[i] as string);
    };
    expect(facts.length).toBe(result.factCount);
    expect(facts.length).toBeGreaterThan(700);
    expect(facts.slice(1).filter((f, i) => !before(facts[i] as CostFact, f))).toEqual([]);
  });
});

describe('the two-step aggregation', () => {
  it('gives the facts that normalizing every line and grouping once gives', async () => {
    const ri = 'arn:aws:ec2:ap-northeast-1:333333333333:reserved-instances/r-1';
    const sp = 'arn:aws:savingsplans::333333333333:savingsplan/sp-1';
    // Raw spellings that normalize alike, and every amortization choice with and without its columns.
    const lines = [
      legacyRow({ 'lineItem/UnblendedCost': '1.5', 'pricing/publicOnDemandCost': '2' }),
      legacyRow({ 'lineItem/LineItemType': ' Usage ', 'lineItem/UnblendedCost': '0.25', 'pricing/publicOnDemandCost': '' }),
      legacyRow({
        'lineItem/UsageAccountId': ' 222222222222',
        'lineItem/UsageStartDate': '2026-10-05T21:00:00.000Z',
        'lineItem/UnblendedCost': '3',
      }),
      legacyRow({ 'product/ProductName': '', 'lineItem/UnblendedCost': '0.125' }),
      legacyRow({ 'product/region': ' ap-northeast-1\u00a0', 'lineItem/UnblendedCost': '0.5' }),
      legacyRow({
        'lineItem/LineItemType': 'DiscountedUsage',
        'reservation/ReservationARN': ri,
        'reservation/EffectiveCost': '0.75',
        'lineItem/UnblendedCost': '0',
      }),
      legacyRow({ 'lineItem/LineItemType': 'DiscountedUsage', 'reservation/ReservationARN': ri, 'lineItem/UnblendedCost': '0.5' }),
      legacyRow({
        'lineItem/LineItemType': 'SavingsPlanCoveredUsage',
        'savingsPlan/SavingsPlanARN': sp,
        'savingsPlan/SavingsPlanEffectiveCost': '0.6',
        'lineItem/UnblendedCost': '1',
      }),
      legacyRow({ 'lineItem/LineItemType': 'SavingsPlanNegation', 'savingsPlan/SavingsPlanARN': sp, 'lineItem/UnblendedCost': '-1' }),
      legacyRow({
        'lineItem/LineItemType': 'SavingsPlanRecurringFee',
        'savingsPlan/SavingsPlanARN': sp,
        'savingsPlan/TotalCommitmentToDate': '10',
        'savingsPlan/UsedCommitment': '7.5',
        'lineItem/UnblendedCost': '10',
      }),
      legacyRow({ 'lineItem/LineItemType': 'SavingsPlanRecurringFee', 'savingsPlan/SavingsPlanARN': sp, 'lineItem/UnblendedCost': '4' }),
      legacyRow({
        'lineItem/LineItemType': 'RIFee',
        'reservation/ReservationARN': ri,
        'reservation/UnusedRecurringFee': '0.3',
        'lineItem/UnblendedCost': '5',
      }),
      legacyRow({ 'lineItem/LineItemType': 'RIFee', 'reservation/ReservationARN': ri, 'lineItem/UnblendedCost': '6' }),
      legacyRow({ 'lineItem/LineItemType': 'Fee', 'reservation/ReservationARN': ri, 'lineItem/UnblendedCost': '100' }),
      legacyRow({ 'lineItem/LineItemType': 'Fee', 'lineItem/UnblendedCost': '7' }),
      legacyRow({ 'lineItem/LineItemType': 'Tax', 'bill/BillingEntity': 'AWS Marketplace ', 'lineItem/UnblendedCost': '0.8' }),
    ];
    const path = await writeText(`${await tempDir()}/cur.csv`, csv(LEGACY_HEADER, lines));
    const delivery: Delivery = { format: 'cur', files: [{ path, displayName: 'cur.csv' }], assemblyId: null, billingPeriod: '2026-10' };
    const result = await new DuckDbAggregator().aggregate(delivery);
    const facts = await allFacts(result);
    await result.close();

    const header = await readFileHeader(path, 'cur.csv', async () => conn);
    const projection = curProjection(new RawColumns({ path, displayName: 'cur.csv', header }));
    const grain = `strftime(usage_date, '%Y-%m'), payer, usage_account, CAST(usage_date AS VARCHAR), service_code, service_name, region,
      usage_type, operation, line_item_type, bill_type, billing_entity, commitment_arn, commitment_owner, invoice_id`;
    const expected = await rows(`SELECT ${grain}, CAST(sum(unblended) AS VARCHAR) AS unblended, CAST(sum(list) AS VARCHAR) AS list,
        CAST(sum(amortized) AS VARCHAR) AS amortized, CAST(sum(quantity) AS VARCHAR) AS quantity, CAST(count(*) AS INTEGER) AS n
      FROM (${normalizedLines(projection)}) GROUP BY ALL ORDER BY ALL`);
    expect(facts.map((f) => [...Object.values(f)])).toEqual(expected.map((r) => Object.values(r)));
    // The spellings did merge: 16 lines, 10 facts (lines 1, 2, 3 and 5 are one).
    expect(facts).toHaveLength(10);
  });
});
