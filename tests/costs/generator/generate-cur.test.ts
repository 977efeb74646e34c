import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Decimal } from 'decimal.js';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCur, type GenerateCurOptions, type GenerationSummary } from '../../../src/modules/costs/generator/generate-cur.ts';
import { DEMO_PAYER_ACCOUNT_ID, demoGeneratorAccounts } from '../../../src/modules/demo/seed-demo-costs.ts';

const root = mkdtempSync(join(tmpdir(), 'daiko-gen-test-'));
let db: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
});
afterAll(() => {
  conn.closeSync();
  db.closeSync();
  rmSync(root, { recursive: true, force: true });
});

const dir = (name: string) => join(root, name);
const gen = (name: string, options: Omit<GenerateCurOptions, 'outDir'>) => generateCur({ outDir: dir(name), ...options });
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const list = (files: string[]) => `[${files.map((f) => `'${f}'`).join(', ')}]`;
const csvOf = (files: string[]) => `read_csv(${list(files)}, header = true, all_varchar = true)`;

async function rows(sql: string): Promise<Record<string, string | null>[]> {
  const reader = await conn.runAndReadAll(sql);
  const names = reader.columnNames();
  return reader.getRows().map((r) => Object.fromEntries(r.map((v, i) => [names[i], v === null ? null : String(v)])));
}

/** Decimal strings compare as numbers ('12.50' equals '12.5'). */
const same = (a: string | null | undefined, b: string | null | undefined) => new Decimal(a ?? 0).equals(new Decimal(b ?? 0));

async function expectTotalsMatch(
  summary: GenerationSummary,
  source: (files: string[]) => string,
  type: string,
  cost: string,
  account: string,
) {
  for (const month of summary.months) {
    const t = month.current.totals;
    const byType = await rows(
      `SELECT ${type} AS k, sum(CAST(${cost} AS DECIMAL(38,10)))::VARCHAR AS s, count(*)::VARCHAR AS n FROM ${source(month.current.dataFiles)} GROUP BY 1`,
    );
    const lines = byType.reduce((n, r) => n + Number(r.n), 0);
    expect(lines).toBe(t.rows);
    expect(byType.length).toBe(Object.keys(t.unblendedByLineType).length);
    for (const r of byType)
      expect(
        same(r.s, t.unblendedByLineType[r.k as string]),
        `${month.billingPeriod} ${r.k}: ${r.s} vs ${t.unblendedByLineType[r.k as string]}`,
      ).toBe(true);
    const byAccount = await rows(
      `SELECT ${account} AS k, sum(CAST(${cost} AS DECIMAL(38,10)))::VARCHAR AS s FROM ${source(month.current.dataFiles)} GROUP BY 1`,
    );
    expect(byAccount.length).toBe(Object.keys(t.unblendedByAccount).length);
    for (const r of byAccount) expect(same(r.s, t.unblendedByAccount[r.k as string]), `${month.billingPeriod} ${r.k}`).toBe(true);
  }
}

describe('legacy CUR', () => {
  let summary: GenerationSummary;
  beforeAll(async () => {
    summary = await gen('cur', { format: 'cur', seed: 42, accounts: 7, months: 2, rowsPerMonth: 6000, rowsPerFile: 2500, restate: true });
  });

  it('is byte-identical for the same seed and differs for another seed', async () => {
    const again = await gen('cur-again', {
      format: 'cur',
      seed: 42,
      accounts: 7,
      months: 2,
      rowsPerMonth: 6000,
      rowsPerFile: 2500,
      restate: true,
    });
    const other = await gen('cur-other', {
      format: 'cur',
      seed: 43,
      accounts: 7,
      months: 2,
      rowsPerMonth: 6000,
      rowsPerFile: 2500,
      restate: true,
    });
    const rel = (s: GenerationSummary) => s.files.map((f) => f.slice(s.outDir.length));
    expect(rel(again)).toEqual(rel(summary));
    expect(again.files.map(sha)).toEqual(summary.files.map(sha));
    const first = summary.months[0]?.current.dataFiles[0] as string;
    const otherFirst = other.months[0]?.current.dataFiles[0] as string;
    expect(sha(otherFirst)).not.toBe(sha(first));
  });

  it('lays out manifests and assemblies as AWS does, split into several gzip parts', () => {
    const month = summary.months[0];
    expect(month?.billingPeriod).toBe('2026-10');
    const manifestPath = join(dir('cur'), 'daiko-cur', '20261001-20261101', 'daiko-cur-Manifest.json');
    expect(month?.current.manifest).toBe(manifestPath);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    expect(manifest.assemblyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(manifest).toMatchObject({
      account: '999900000001',
      compression: 'GZIP',
      contentType: 'text/csv',
      charset: 'UTF-8',
      reportName: 'daiko-cur',
      bucket: 'daiko-cur-bucket',
    });
    expect(manifest.billingPeriod).toEqual({ start: '20261001T000000.000Z', end: '20261101T000000.000Z' });
    expect(manifest.columns).toContainEqual({ category: 'lineItem', name: 'UnblendedCost', type: 'BigDecimal' });
    expect(manifest.reportKeys.length).toBeGreaterThan(1);
    for (const [i, key] of (manifest.reportKeys as string[]).entries()) {
      expect(key).toBe(`daiko-cur/20261001-20261101/${manifest.assemblyId}/daiko-cur-${i + 1}.csv.gz`);
      expect(existsSync(join(dir('cur'), key))).toBe(true);
    }
    expect(existsSync(join(dir('cur'), 'daiko-cur', '20261001-20261101', manifest.assemblyId, 'daiko-cur-Manifest.json'))).toBe(true);
  });

  it('has the real legacy header and reads with DuckDB', async () => {
    const files = summary.months[0]?.current.dataFiles as string[];
    const cols = (await rows(`DESCRIBE SELECT * FROM ${csvOf(files)}`)).map((r) => r.column_name);
    for (const c of [
      'identity/LineItemId',
      'bill/InvoiceId',
      'bill/BillingEntity',
      'bill/BillType',
      'bill/PayerAccountId',
      'lineItem/UsageAccountId',
      'lineItem/LineItemType',
      'lineItem/UsageStartDate',
      'lineItem/UnblendedCost',
      'pricing/publicOnDemandCost',
      'reservation/ReservationARN',
      'savingsPlan/SavingsPlanARN',
      'resourceTags/user:Project',
    ]) {
      expect(cols).toContain(c);
    }
    const [first] = await rows(`SELECT "lineItem/UsageStartDate" AS s, "bill/BillingPeriodStartDate" AS b FROM ${csvOf(files)} LIMIT 1`);
    expect(first?.s).toMatch(/^2026-10-\d\dT\d\d:00:00Z$/);
    expect(first?.b).toBe('2026-10-01T00:00:00Z');
  });

  it('control totals equal a DuckDB sum over the written files, for both assemblies', async () => {
    await expectTotalsMatch(summary, csvOf, '"lineItem/LineItemType"', '"lineItem/UnblendedCost"', '"lineItem/UsageAccountId"');
    const original = { ...summary, months: summary.months.map((m) => ({ ...m, current: m.assemblies[0] as (typeof m.assemblies)[0] })) };
    await expectTotalsMatch(original, csvOf, '"lineItem/LineItemType"', '"lineItem/UnblendedCost"', '"lineItem/UsageAccountId"');
  });

  it('holds the line types a reseller sees, with their invariants', async () => {
    const files = summary.months[0]?.assemblies[0]?.dataFiles as string[];
    const src = csvOf(files);
    const types = (await rows(`SELECT DISTINCT "lineItem/LineItemType" AS t FROM ${src}`)).map((r) => r.t);
    for (const t of [
      'Usage',
      'DiscountedUsage',
      'SavingsPlanCoveredUsage',
      'SavingsPlanNegation',
      'RIFee',
      'SavingsPlanRecurringFee',
      'SavingsPlanUpfrontFee',
      'Fee',
      'Credit',
      'EdpDiscount',
      'PrivateRateDiscount',
      'SppDiscount',
      'Tax',
      'Refund',
    ]) {
      expect(types).toContain(t);
    }
    // Free tier: cost 0, list price > 0.
    const free = await rows(
      `SELECT "lineItem/UnblendedCost" AS c, "pricing/publicOnDemandCost" AS l FROM ${src} WHERE "lineItem/LineItemDescription" LIKE '%monthly free tier%'`,
    );
    expect(free.length).toBeGreaterThan(0);
    for (const r of free) {
      expect(same(r.c, '0')).toBe(true);
      expect(new Decimal(r.l as string).gt(0)).toBe(true);
    }
    // Upfront purchases are bill type Purchase; credits, discounts and refunds are negative.
    const purchases = await rows(
      `SELECT "bill/BillType" AS b, "lineItem/UsageStartDate" AS s FROM ${src} WHERE "lineItem/LineItemType" = 'SavingsPlanUpfrontFee' OR ("lineItem/LineItemType" = 'Fee' AND "lineItem/ProductCode" NOT LIKE 'AWS%Support%')`,
    );
    expect(purchases.length).toBeGreaterThan(0);
    for (const p of purchases) expect(p.b).toBe('Purchase');
    const negatives = await rows(
      `SELECT max(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10)))::VARCHAR AS m FROM ${src} WHERE "lineItem/LineItemType" IN ('Credit', 'EdpDiscount', 'PrivateRateDiscount', 'SppDiscount', 'Refund', 'SavingsPlanNegation')`,
    );
    expect(new Decimal(negatives[0]?.m as string).lt(0)).toBe(true);
    const refund = await rows(`SELECT DISTINCT "bill/BillType" AS b FROM ${src} WHERE "lineItem/LineItemType" = 'Refund'`);
    expect(refund.map((r) => r.b)).toEqual(['Refund']);
    const support = await rows(`SELECT "bill/BillType" AS b FROM ${src} WHERE "lineItem/ProductCode" = 'AWSSupportBusiness'`);
    expect(support.length).toBeGreaterThan(0);
    expect(new Set(support.map((r) => r.b))).toEqual(new Set(['Anniversary']));
    const marketplace = await rows(`SELECT count(*)::VARCHAR AS n FROM ${src} WHERE "bill/BillingEntity" = 'AWS Marketplace'`);
    expect(Number(marketplace[0]?.n)).toBeGreaterThan(0);
    // Hourly and daily: at most 10 dp on every amount.
    const decimals = await rows(`SELECT max(length(split_part("lineItem/UnblendedCost", '.', 2)))::VARCHAR AS d FROM ${src}`);
    expect(Number(decimals[0]?.d)).toBeLessThanOrEqual(10);
  });

  it('covers another customer’s usage with the owner’s commitment ARN', async () => {
    const files = summary.months[0]?.current.dataFiles as string[];
    const covered = await rows(
      `SELECT "lineItem/UsageAccountId" AS a, coalesce("reservation/ReservationARN", "savingsPlan/SavingsPlanARN") AS arn, "costCategory/Customer" AS customer FROM ${csvOf(files)} WHERE "lineItem/LineItemType" IN ('DiscountedUsage', 'SavingsPlanCoveredUsage')`,
    );
    const customerOf = new Map(summary.accounts.map((a) => [a.accountId, a.customer]));
    const crossCustomer = covered.filter((r) => {
      const owner = /:(\d{12}):/.exec(r.arn as string)?.[1] as string;
      return customerOf.get(owner) !== customerOf.get(r.a as string);
    });
    expect(crossCustomer.length).toBeGreaterThan(0);
    expect(covered.every((r) => /^arn:aws:(ec2|savingsplans):[a-z0-9-]*:\d{12}:/.test(r.arn as string))).toBe(true);
  });

  it('restates a closed month as a second assembly with invoice ids and changed amounts', async () => {
    const month = summary.months[0];
    const [initial, restated] = month?.assemblies ?? [];
    expect(initial && restated).toBeTruthy();
    expect(restated?.id).not.toBe(initial?.id);
    for (const f of initial?.dataFiles ?? []) expect(existsSync(f)).toBe(true);
    const manifest = JSON.parse(readFileSync(month?.current.manifest as string, 'utf8'));
    expect(manifest.assemblyId).toBe(restated?.id);
    expect(restated?.totals.unblended).not.toBe(initial?.totals.unblended);
    const blankBefore = await rows(
      `SELECT count(*)::VARCHAR AS n FROM ${csvOf(initial?.dataFiles ?? [])} WHERE "bill/InvoiceId" IS NOT NULL`,
    );
    expect(blankBefore[0]?.n).toBe('0');
    const after = await rows(`SELECT DISTINCT "bill/InvoiceId" AS i FROM ${csvOf(restated?.dataFiles ?? [])}`);
    expect(after.every((r) => r.i !== null)).toBe(true);
    expect(after.map((r) => r.i).sort()).toEqual([...(restated?.invoiceIds ?? [])].sort());
  });

  it('keeps synthetic joiners and leavers inside their windows', async () => {
    const joiner = summary.accounts.find((a) => a.from !== null);
    const leaver = summary.accounts.find((a) => a.to !== null);
    expect(joiner?.from).toBe('2026-10-11');
    expect(leaver?.to).toBe('2026-11-20');
    const oct = csvOf(summary.months[0]?.current.dataFiles ?? []);
    const nov = csvOf(summary.months[1]?.current.dataFiles ?? []);
    const [j] = await rows(
      `SELECT min("lineItem/UsageStartDate") AS s FROM ${oct} WHERE "lineItem/UsageAccountId" = '${joiner?.accountId}' AND "lineItem/LineItemType" = 'Usage'`,
    );
    expect(j?.s).toBe('2026-10-11T00:00:00Z');
    const [l] = await rows(
      `SELECT max("lineItem/UsageEndDate") AS e FROM ${nov} WHERE "lineItem/UsageAccountId" = '${leaver?.accountId}' AND "lineItem/LineItemType" = 'Usage'`,
    );
    expect(l?.e).toBe('2026-11-20T00:00:00Z');
  });
});

describe('CUR 2.0', () => {
  it('writes snappy Parquet per BILLING_PERIOD with snake_case and map columns, and a manifest', async () => {
    const summary = await gen('cur2', { format: 'cur2', seed: 7, accounts: 5, rowsPerMonth: 4000 });
    const again = await gen('cur2-again', { format: 'cur2', seed: 7, accounts: 5, rowsPerMonth: 4000 });
    const month = summary.months[0];
    const data = month?.current.dataFiles as string[];
    expect(data).toEqual([join(dir('cur2'), 'daiko-cur2', 'data', 'BILLING_PERIOD=2026-10', 'daiko-cur2-00001.snappy.parquet')]);
    expect(data.map(sha)).toEqual(again.months[0]?.current.dataFiles.map(sha));
    const manifest = JSON.parse(
      readFileSync(join(dir('cur2'), 'daiko-cur2', 'metadata', 'BILLING_PERIOD=2026-10', 'daiko-cur2-Manifest.json'), 'utf8'),
    );
    expect(manifest.executionId).toBe(month?.current.id);
    expect(manifest.billingPeriod).toEqual({ start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z' });
    expect(manifest.dataFiles).toEqual(['daiko-cur2/data/BILLING_PERIOD=2026-10/daiko-cur2-00001.snappy.parquet']);
    const described = await rows(`DESCRIBE SELECT * FROM read_parquet(${list(data)}, hive_partitioning = false)`);
    const types = Object.fromEntries(described.map((r) => [r.column_name, r.column_type]));
    expect(types).toMatchObject({
      bill_payer_account_id: 'VARCHAR',
      line_item_usage_account_id: 'VARCHAR',
      line_item_line_item_type: 'VARCHAR',
      bill_bill_type: 'VARCHAR',
      bill_billing_entity: 'VARCHAR',
      bill_invoice_id: 'VARCHAR',
      line_item_usage_start_date: 'TIMESTAMP',
      line_item_product_code: 'VARCHAR',
      line_item_usage_type: 'VARCHAR',
      line_item_operation: 'VARCHAR',
      line_item_unblended_cost: 'DOUBLE',
      pricing_public_on_demand_cost: 'DOUBLE',
      reservation_reservation_a_r_n: 'VARCHAR',
      savings_plan_savings_plan_a_r_n: 'VARCHAR',
      line_item_currency_code: 'VARCHAR',
      product: 'MAP(VARCHAR, VARCHAR)',
      resource_tags: 'MAP(VARCHAR, VARCHAR)',
      cost_category: 'MAP(VARCHAR, VARCHAR)',
      discount: 'MAP(VARCHAR, DOUBLE)',
    });
    expect(manifest.columns).toEqual(described.map((r) => r.column_name));
    const [p] = await rows(
      `SELECT product['product_name'] AS n FROM read_parquet(${list(data)}) WHERE line_item_product_code = 'AmazonEC2' LIMIT 1`,
    );
    expect(p?.n).toBe('Amazon Elastic Compute Cloud');
    await expectTotalsMatch(
      summary,
      (f) => `read_parquet(${list(f)})`,
      'line_item_line_item_type',
      'line_item_unblended_cost',
      'line_item_usage_account_id',
    );
  });
});

describe('FOCUS 1.0', () => {
  it('writes FOCUS CSV.gz with the sample columns; BilledCost totals match', async () => {
    const summary = await gen('focus', { format: 'focus', seed: 9, accounts: 5, rowsPerMonth: 4000, restate: true });
    const data = summary.months[0]?.current.dataFiles as string[];
    expect(data).toEqual([join(dir('focus'), 'focus', 'BILLING_PERIOD=2026-10', 'focus-00001.csv.gz')]);
    const sampleHeader = readFileSync('/work/shared/data/external/focus-1.0-sample.csv', 'utf8').split('\n')[0] as string;
    const sampleColumns = sampleHeader
      .split(',')
      .map((c) => c.replace(/"/g, ''))
      .filter((c) => c !== 'Id');
    const columns = (await rows(`DESCRIBE SELECT * FROM ${csvOf(data)}`)).map((r) => r.column_name);
    expect(columns.slice(0, sampleColumns.length)).toEqual(sampleColumns);
    const purchases = await rows(
      `SELECT ChargeFrequency AS f FROM ${csvOf(data)} WHERE ChargeCategory = 'Purchase' AND ChargeFrequency = 'One-Time'`,
    );
    expect(purchases.length).toBeGreaterThan(0);
    // The FOCUS sum is keyed by the legacy line type the row came from: map it back from the columns.
    const lineType = `CASE WHEN ChargeCategory = 'Tax' THEN 'Tax' WHEN ChargeCategory = 'Adjustment' THEN 'Refund'
      WHEN x_Discounts LIKE '%edp_discount%' THEN 'EdpDiscount' WHEN x_Discounts LIKE '%private_rate%' THEN 'PrivateRateDiscount' WHEN x_Discounts LIKE '%spp_discount%' THEN 'SppDiscount'
      WHEN ChargeCategory = 'Credit' THEN 'Credit'
      WHEN ChargeCategory = 'Usage' AND CommitmentDiscountType = 'Reserved Instance' THEN 'DiscountedUsage'
      WHEN ChargeCategory = 'Usage' AND CommitmentDiscountType = 'Savings Plan' THEN 'SavingsPlanCoveredUsage'
      WHEN ChargeCategory = 'Usage' THEN 'Usage'
      WHEN x_ServiceCode = 'ComputeSavingsPlans' AND ChargeFrequency = 'One-Time' THEN 'SavingsPlanUpfrontFee'
      WHEN x_ServiceCode = 'ComputeSavingsPlans' THEN 'SavingsPlanRecurringFee'
      WHEN CommitmentDiscountType = 'Reserved Instance' AND ChargeFrequency = 'Recurring' THEN 'RIFee'
      ELSE 'Fee' END`;
    await expectTotalsMatch(summary, csvOf, lineType, 'BilledCost', 'SubAccountId');
  });
});

describe('demo accounts', () => {
  it('uses the demo companies’ accounts and windows, with commitments shared across companies', async () => {
    const summary = await gen('demo', { format: 'cur', seed: 2026, accounts: demoGeneratorAccounts(), payerAccountId: DEMO_PAYER_ACCOUNT_ID, rowsPerMonth: 8000 });
    const files = summary.months[0]?.current.dataFiles as string[];
    const seen = await rows(`SELECT DISTINCT "lineItem/UsageAccountId" AS a FROM ${csvOf(files)} WHERE "lineItem/LineItemType" = 'Usage'`);
    const ids = new Set(seen.map((r) => r.a));
    // aozora-old-batch left in April 2026: nothing in October.
    expect(ids.has('230000000006')).toBe(false);
    expect(ids.has('210000000099')).toBe(true);
    const moved = await rows(
      `SELECT min("lineItem/UsageStartDate") AS s, max("lineItem/UsageEndDate") AS e FROM ${csvOf(files)} WHERE "lineItem/UsageAccountId" = '210000000099' AND "lineItem/LineItemType" = 'Usage'`,
    );
    // The account moved between customers but never left the organization: usage all month.
    expect(moved[0]).toEqual({ s: '2026-10-01T00:00:00Z', e: '2026-11-01T00:00:00Z' });
    const cross = await rows(
      `SELECT count(*)::VARCHAR AS n FROM ${csvOf(files)} WHERE "lineItem/LineItemType" = 'DiscountedUsage' AND "costCategory/Customer" <> 'SAKURA' AND "reservation/ReservationARN" LIKE '%:210000000001:%'`,
    );
    expect(Number(cross[0]?.n)).toBeGreaterThan(0);
    expect(summary.payerAccountId).toBe(DEMO_PAYER_ACCOUNT_ID);
  });
});
