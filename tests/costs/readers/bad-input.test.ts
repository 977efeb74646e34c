import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CostFileError, type Delivery } from '../../../src/modules/costs/aggregator.ts';
import { discoverDeliveries } from '../../../src/modules/costs/discover-deliveries.ts';
import { DuckDbAggregator } from '../../../src/modules/costs/duckdb-aggregator.ts';
import type { CostFormat } from '../../../src/modules/costs/line-model.ts';
import { LEGACY_HEADER, csv, duck, legacyRow, tempDir, writeText } from './helpers.ts';

const aggregator = new DuckDbAggregator({ memoryLimit: '256MB', threads: 2 });

/** The CostFileError an aggregation of these files fails with. */
async function failure(files: string[], format: CostFormat = 'cur', billingPeriod: string | null = null): Promise<CostFileError> {
  const delivery: Delivery = {
    format,
    files: files.map((path) => ({ path, displayName: path.split('/').pop() as string })),
    assemblyId: null,
    billingPeriod,
  };
  try {
    const result = await aggregator.aggregate(delivery);
    await result.close();
  } catch (error) {
    expect(error).toBeInstanceOf(CostFileError);
    return error as CostFileError;
  }
  throw new Error('the aggregation did not fail');
}

const legacy = async (name: string, rows: Record<string, string>[], options: { gzip?: boolean; header?: readonly string[] } = {}) =>
  writeText(join(await tempDir(), name), csv(options.header ?? LEGACY_HEADER, rows), options.gzip);

const rows = (n: number, overrides: (i: number) => Partial<Record<string, string>> = () => ({})) =>
  Array.from({ length: n }, (_, i) => legacyRow({ 'identity/LineItemId': `l${i}`, ...(overrides(i) as Record<string, string>) }));

describe('bad cost files', () => {
  it('a missing required column: names the file and the column', async () => {
    const header = LEGACY_HEADER.filter((h) => h !== 'lineItem/CurrencyCode');
    const error = await failure([await legacy('cur.csv', rows(2), { header })]);
    expect(error).toMatchObject({ file: 'cur.csv', column: 'lineItem/CurrencyCode' });
    expect(error.message).toBe('cur.csv, column lineItem/CurrencyCode: missing required column for cur: lineItem/CurrencyCode');
  });

  it('an absent optional column is NULL, not an error', async () => {
    const header = LEGACY_HEADER.filter((h) => !h.startsWith('pricing/') && !h.startsWith('product/') && !h.startsWith('reservation/'));
    const path = await legacy('cur.csv', rows(2), { header });
    const result = await aggregator.aggregate({
      format: 'cur',
      files: [{ path, displayName: 'cur.csv' }],
      assemblyId: null,
      billingPeriod: null,
    });
    try {
      expect(result.totalsByLineType).toEqual({ Usage: '0.0272000000' });
      for await (const batch of result.facts()) {
        expect(batch[0]).toMatchObject({ serviceName: 'AmazonEC2', region: '', listUsd: '0.0272000000' });
      }
    } finally {
      await result.close();
    }
  });

  it('a currency other than USD: line and column', async () => {
    const error = await failure([
      await legacy(
        'cur.csv',
        rows(5, (i) => (i === 2 ? { 'lineItem/CurrencyCode': 'EUR' } : {})),
      ),
    ]);
    expect(error).toMatchObject({ file: 'cur.csv', line: 4, column: 'lineItem/CurrencyCode' });
    expect(error.reason).toMatch(/currency 'EUR' is not USD/);
  });

  it('a FOCUS BillingCurrency other than USD', async () => {
    const header = [
      'BillingAccountId',
      'SubAccountId',
      'ChargePeriodStart',
      'ChargeCategory',
      'BilledCost',
      'BillingCurrency',
      'ProviderName',
    ];
    const row = {
      BillingAccountId: '111111111111',
      SubAccountId: '222222222222',
      ChargePeriodStart: '2026-10-01T00:00:00Z',
      ChargeCategory: 'Usage',
      BilledCost: '1',
      ProviderName: 'AWS',
    };
    const path = await writeText(
      join(await tempDir(), 'focus.csv'),
      csv(header, [
        { ...row, BillingCurrency: 'USD' },
        { ...row, BillingCurrency: 'JPY' },
      ]),
    );
    expect(await failure([path], 'focus')).toMatchObject({ line: 3, column: 'BillingCurrency' });
  });

  it('an amount that is not a number: the first offending line and its column', async () => {
    const path = await legacy(
      'cur.csv',
      rows(6, (i) => (i === 3 ? { 'pricing/publicOnDemandCost': '12,5' } : i === 5 ? { 'lineItem/UnblendedCost': 'n/a' } : {})),
    );
    const error = await failure([path]);
    expect(error).toMatchObject({ file: 'cur.csv', line: 5, column: 'pricing/publicOnDemandCost' });
    expect(error.message).toBe("cur.csv, line 5, column pricing/publicOnDemandCost: '12,5' is not a number");
  });

  it('a truncated gzip', async () => {
    const path = await legacy('cur-1.csv.gz', rows(3000), { gzip: true });
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const error = await failure([path]);
    expect(error).toMatchObject({ file: 'cur-1.csv.gz' });
    expect(error.reason).toMatch(/truncated gzip/);
  });

  it('a corrupt gzip (a flipped byte DuckDB alone would read past)', async () => {
    const path = await legacy('cur-1.csv.gz', rows(3000), { gzip: true });
    const bytes = Buffer.from(await readFile(path));
    bytes[bytes.length - 6] = (bytes[bytes.length - 6] as number) ^ 0xff; // inside the CRC-32 trailer
    await writeFile(path, bytes);
    const error = await failure([path]);
    expect(error.file).toBe('cur-1.csv.gz');
    expect(error.reason).toMatch(/corrupt gzip/);
  });

  it('an empty file, plain or gzip', async () => {
    const dir = await tempDir();
    expect(await failure([await writeText(join(dir, 'empty.csv'), '')])).toMatchObject({ file: 'empty.csv', reason: 'empty file' });
    expect((await failure([await writeText(join(dir, 'empty.csv.gz'), '', true)])).reason).toBe('empty file');
    await expect(discoverDeliveries(join(dir, 'empty.csv'))).rejects.toThrow(/empty\.csv: empty file/);
  });

  it('a file with a header and no lines', async () => {
    expect((await failure([await legacy('cur.csv', [])])).reason).toBe('no AWS cost lines in the delivery');
  });

  it('mixed payers in one delivery: the file and line where the second payer appears', async () => {
    const first = await legacy('cur-1.csv', rows(3));
    const second = await legacy(
      'cur-2.csv',
      rows(4, (i) => (i >= 2 ? { 'bill/PayerAccountId': '999999999999' } : {})),
    );
    const error = await failure([first, second]);
    expect(error).toMatchObject({ file: 'cur-2.csv', line: 4, column: 'bill/PayerAccountId' });
    expect(error.reason).toMatch(/payer 999999999999 differs from payer 111111111111/);
  });

  it('a header of unknown format', async () => {
    const path = await writeText(join(await tempDir(), 'invoice.csv'), 'date,amount,memo\n2026-10-01,1,x\n');
    expect((await failure([path])).reason).toMatch(/^unknown header/);
    await expect(discoverDeliveries(path)).rejects.toThrow(/invoice\.csv: unknown header/);
  });

  it('a file whose header is of another format than the delivery', async () => {
    const path = await legacy('cur.csv', rows(1));
    expect((await failure([path], 'focus')).reason).toBe('header is cur, but the delivery is focus');
  });

  it('a usage date outside the row’s billing period', async () => {
    const path = await legacy(
      'cur.csv',
      rows(4, (i) => (i === 1 ? { 'lineItem/UsageStartDate': '2026-09-30T23:00:00.000Z' } : {})),
    );
    const error = await failure([path]);
    expect(error).toMatchObject({ line: 3, column: 'lineItem/UsageStartDate' });
    expect(error.reason).toBe('usage start 2026-09-30T23:00:00.000Z is outside the billing period 2026-10');
  });

  it('rows of another month than the manifest’s billing period', async () => {
    const path = await legacy('cur.csv', rows(2));
    const error = await failure([path], 'cur', '2026-11');
    expect(error).toMatchObject({ line: 2, column: 'lineItem/UsageStartDate' });
    expect(error.reason).toMatch(/outside the billing period 2026-10 \(the manifest says 2026-11\)/);
  });

  it('a usage start that is not a timestamp, and an unknown line item type', async () => {
    const date = await legacy(
      'cur.csv',
      rows(3, (i) => (i === 2 ? { 'lineItem/UsageStartDate': 'yesterday' } : {})),
    );
    expect(await failure([date])).toMatchObject({
      line: 4,
      column: 'lineItem/UsageStartDate',
      reason: "usage start 'yesterday' is not a timestamp",
    });
    const type = await legacy(
      'cur.csv',
      rows(3, (i) => (i === 0 ? { 'lineItem/LineItemType': 'FreeLunch' } : {})),
    );
    expect(await failure([type])).toMatchObject({ line: 2, column: 'lineItem/LineItemType', reason: "unknown line item type 'FreeLunch'" });
  });

  it('a malformed CSV row: DuckDB’s own error, with the file', async () => {
    const dir = await tempDir();
    const good = csv(LEGACY_HEADER, rows(2));
    const path = await writeText(join(dir, 'cur.csv'), `${good}only,three,fields\n`);
    const error = await failure([path]);
    expect(error.file).toBe('cur.csv');
    expect(error.line).toBe(4);
  });

  it('a bad amount in Parquet names the row', async () => {
    const dir = await tempDir();
    const source = await writeText(
      join(dir, 'src.csv'),
      csv(
        LEGACY_HEADER,
        rows(3, (i) => (i === 1 ? { 'lineItem/UsageAmount': 'lots' } : {})),
      ),
    );
    const path = join(dir, 'cur.parquet');
    await duck(`COPY (SELECT * FROM read_csv('${source}', all_varchar = true)) TO '${path}' (FORMAT parquet)`);
    expect(await failure([path])).toMatchObject({ file: 'cur.parquet', line: 2, column: 'lineItem/UsageAmount' });
  });
});
