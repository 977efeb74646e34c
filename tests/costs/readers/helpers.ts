import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll } from 'vitest';
import type { AggregationResult } from '../../../src/modules/costs/aggregator.ts';
import type { CostFact } from '../../../src/modules/costs/line-model.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const externalFile = (name: string) => resolve(repoRoot, '../shared/data/external', name);

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh directory, removed after the test file. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'daiko-readers-test-'));
  made.push(dir);
  return dir;
}

/** CSV text from a header and rows of values keyed by header name (missing keys are blank). */
export function csv(header: readonly string[], rows: readonly Record<string, string>[]): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return [header.map(quote).join(','), ...rows.map((r) => header.map((h) => quote(r[h] ?? '')).join(','))].join('\n') + '\n';
}

export async function writeText(path: string, text: string, gzip = false): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, gzip ? gzipSync(Buffer.from(text)) : text);
  return path;
}

/** Runs SQL on a throwaway DuckDB (to write Parquet fixtures with COPY). */
export async function duck(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    await conn.run(sql);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export async function allFacts(result: AggregationResult): Promise<CostFact[]> {
  const facts: CostFact[] = [];
  for await (const batch of result.facts()) facts.push(...batch);
  return facts;
}

export const LEGACY_HEADER = [
  'identity/LineItemId',
  'bill/InvoiceId',
  'bill/BillingEntity',
  'bill/BillType',
  'bill/PayerAccountId',
  'bill/BillingPeriodStartDate',
  'bill/BillingPeriodEndDate',
  'lineItem/UsageAccountId',
  'lineItem/LineItemType',
  'lineItem/UsageStartDate',
  'lineItem/ProductCode',
  'lineItem/UsageType',
  'lineItem/Operation',
  'lineItem/UsageAmount',
  'lineItem/CurrencyCode',
  'lineItem/UnblendedCost',
  'product/ProductName',
  'product/region',
  'pricing/publicOnDemandCost',
  'reservation/ReservationARN',
  'reservation/EffectiveCost',
  'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod',
  'reservation/UnusedRecurringFee',
  'savingsPlan/SavingsPlanARN',
  'savingsPlan/SavingsPlanEffectiveCost',
  'savingsPlan/TotalCommitmentToDate',
  'savingsPlan/UsedCommitment',
] as const;

/** A legacy CUR usage line for October 2026 with the given overrides. */
export function legacyRow(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'bill/BillingEntity': 'AWS',
    'bill/BillType': 'Anniversary',
    'bill/PayerAccountId': '111111111111',
    'bill/BillingPeriodStartDate': '2026-10-01T00:00:00.000Z',
    'bill/BillingPeriodEndDate': '2026-11-01T00:00:00.000Z',
    'lineItem/UsageAccountId': '222222222222',
    'lineItem/LineItemType': 'Usage',
    'lineItem/UsageStartDate': '2026-10-05T03:00:00.000Z',
    'lineItem/ProductCode': 'AmazonEC2',
    'lineItem/UsageType': 'APN1-BoxUsage:t3.micro',
    'lineItem/Operation': 'RunInstances',
    'lineItem/UsageAmount': '1.0',
    'lineItem/CurrencyCode': 'USD',
    'lineItem/UnblendedCost': '0.0136',
    'product/ProductName': 'Amazon Elastic Compute Cloud',
    'product/region': 'ap-northeast-1',
    'pricing/publicOnDemandCost': '0.0136',
    ...overrides,
  };
}
