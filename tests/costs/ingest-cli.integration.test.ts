import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npx daiko ingest` and `npx daiko costs summary --json` on the two real files written by others.
 * The expected totals are computed here independently: csv-parse and decimal.js over the raw file.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const EXTERNAL = path.resolve(ROOT, '../shared/data/external');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiko-ingest-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function daiko(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DAIKO_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/daiko.mjs'), ...args], { env, cwd: ROOT, maxBuffer: 10_000_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

type Row = Record<string, string>;
const readRows = (file: string): Row[] => parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true });

function sumBy(rows: Row[], key: (r: Row) => string, amount: (r: Row) => string) {
  const sums: Record<string, Decimal> = {};
  for (const r of rows) sums[key(r)] = (sums[key(r)] ?? new Decimal(0)).plus(amount(r));
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v.toFixed()]));
}
const total = (rows: Row[], amount: (r: Row) => string) => rows.reduce((s, r) => s.plus(amount(r)), new Decimal(0)).toFixed();

describe('the real legacy CUR sample', () => {
  const file = path.join(EXTERNAL, 'legacy-cur-focus-converters-sample.csv');
  const rows = readRows(file);
  const cost = (r: Row) => r['lineItem/UnblendedCost']!;

  it('ingests it and sums it to the cent (and to the 10th decimal)', async () => {
    const ingest = await daiko('ingest', file);
    expect(ingest.stderr).toBe('');
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toContain('SUCCEEDED');
    expect(ingest.stdout).toContain('rows read 1,281');

    const summary = JSON.parse((await daiko('costs', 'summary', '--month', '2023-11', '--json')).stdout);
    expect(summary).toEqual({
      month: '2023-11',
      unblended_usd: total(rows, cost),
      by_account: sumBy(rows, (r) => r['lineItem/UsageAccountId']!, cost),
      by_line_type: sumBy(rows, (r) => r['lineItem/LineItemType']!, cost),
    });
    expect(Object.keys(summary.by_line_type).sort()).toEqual(['Tax', 'Usage']);
  });

  it('changes nothing when the same file comes again', async () => {
    const before = (await daiko('costs', 'summary', '--month', '2023-11', '--json')).stdout;
    const again = await daiko('ingest', file);
    expect(again.stdout).toContain('UNCHANGED');
    expect((await daiko('costs', 'summary', '--month', '2023-11', '--json')).stdout).toBe(before);
  });

  it('refuses a truncated gzip with the file named, and keeps the month it had', async () => {
    const before = (await daiko('costs', 'summary', '--month', '2023-11', '--json')).stdout;
    const broken = path.join(dataDir, 'broken.csv.gz');
    const gz = zlib.gzipSync(fs.readFileSync(file));
    fs.writeFileSync(broken, gz.subarray(0, Math.floor(gz.length / 2)));
    const refused = await daiko('ingest', broken);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('FAILED');
    expect(refused.stdout).toContain('broken.csv.gz');
    expect((await daiko('costs', 'summary', '--month', '2023-11', '--json')).stdout).toBe(before);
  });
});

describe('the real FOCUS 1.0 sample', () => {
  const file = path.join(EXTERNAL, 'focus-1.0-sample.csv');
  // The sample writes absent values as the text NULL.
  const aws = readRows(file).filter((r) => r.ProviderName === 'AWS');
  const billed = (r: Row) => r.BilledCost!;

  it('stores the AWS rows (BilledCost as unblended), skips and counts the other providers', async () => {
    const ingest = await daiko('ingest', file);
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toContain('skipped (other providers) 58');
    expect(ingest.stdout).toMatch(/warning: .*1234567890123/);
    const summary = JSON.parse((await daiko('costs', 'summary', '--month', '2024-09', '--json')).stdout);
    expect(summary.unblended_usd).toBe(total(aws, billed));
    expect(summary.by_account).toEqual(sumBy(aws, (r) => r.SubAccountId!, billed));
    expect(summary.by_line_type.Credit).toBe(total(aws.filter((r) => r.ChargeCategory === 'Credit'), billed));
  });
});
