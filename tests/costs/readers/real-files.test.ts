import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregationResult } from '../../../src/modules/costs/aggregator.ts';
import { discoverDeliveries } from '../../../src/modules/costs/discover-deliveries.ts';
import { DuckDbAggregator } from '../../../src/modules/costs/duckdb-aggregator.ts';
import type { CostFact } from '../../../src/modules/costs/line-model.ts';
import { allFacts, externalFile } from './helpers.ts';

/** The raw file parsed on its own (csv-parse), so the checks do not go through the projections. */
const rawRows = (name: string) => parse(readFileSync(externalFile(name)), { columns: true }) as Record<string, string>[];

/** Exact decimal sums of `value` per `key`; FOCUS writes NULL for empty. */
function sums(rows: Record<string, string>[], key: (r: Record<string, string>) => string, value: (r: Record<string, string>) => string) {
  const out = new Map<string, Decimal>();
  for (const r of rows) {
    const v = value(r);
    out.set(key(r), (out.get(key(r)) ?? new Decimal(0)).plus(v === '' || v === 'NULL' ? 0 : v));
  }
  return Object.fromEntries([...out].map(([k, d]) => [k, d.toFixed(10)]));
}

function factSums(facts: CostFact[], key: (f: CostFact) => string, value: (f: CostFact) => string) {
  const out = new Map<string, Decimal>();
  for (const f of facts) out.set(key(f), (out.get(key(f)) ?? new Decimal(0)).plus(value(f)));
  return Object.fromEntries([...out].map(([k, d]) => [k, d.toFixed(10)]));
}

describe('legacy CUR sample (focus_converters, November 2023)', () => {
  const name = 'legacy-cur-focus-converters-sample.csv';
  const raw = rawRows(name);
  let result: AggregationResult;
  let facts: CostFact[];

  beforeAll(async () => {
    const [delivery] = await discoverDeliveries(externalFile(name));
    expect(delivery).toMatchObject({ format: 'cur', assemblyId: null, billingPeriod: null });
    result = await new DuckDbAggregator().aggregate(delivery!);
    facts = await allFacts(result);
  });
  afterAll(() => result?.close());

  it('reads every row of the one payer and month, not yet final', () => {
    expect(raw).toHaveLength(1281);
    expect(result.rowsRead).toBe(1281);
    expect(result.rowsSkippedOtherProviders).toBe(0);
    expect(result.payerAccountId).toBe('123412340534');
    expect(result.billingPeriods).toEqual(['2023-11']);
    expect(result.isFinal).toBe(false);
    expect(result.invoiceIds).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(facts).toHaveLength(result.factCount);
    expect(facts.reduce((n, f) => n + f.lineCount, 0)).toBe(1281);
  });

  it('totals per line type and per account match the raw file', () => {
    const byType = sums(
      raw,
      (r) => r['lineItem/LineItemType']!,
      (r) => r['lineItem/UnblendedCost']!,
    );
    expect(Object.keys(byType).sort()).toEqual(['Tax', 'Usage']);
    expect(result.totalsByLineType).toEqual(byType);
    expect(
      factSums(
        facts,
        (f) => f.lineItemType,
        (f) => f.unblendedUsd,
      ),
    ).toEqual(byType);
    const account = (r: Record<string, string>) => r['lineItem/UsageAccountId']!;
    expect(
      factSums(
        facts,
        (f) => f.usageAccountId,
        (f) => f.unblendedUsd,
      ),
    ).toEqual(sums(raw, account, (r) => r['lineItem/UnblendedCost']!));
    expect(
      factSums(
        facts,
        (f) => f.usageAccountId,
        (f) => f.usageQuantity,
      ),
    ).toEqual(sums(raw, account, (r) => r['lineItem/UsageAmount']!));
    // Usage lines' list is the public on-demand cost; Tax lines' list is their unblended cost.
    const list = sums(
      raw,
      (r) => r['lineItem/LineItemType']!,
      (r) => (r['lineItem/LineItemType'] === 'Usage' ? r['pricing/publicOnDemandCost']! : r['lineItem/UnblendedCost']!),
    );
    expect(
      factSums(
        facts,
        (f) => f.lineItemType,
        (f) => f.listUsd,
      ),
    ).toEqual(list);
  });

  it('maps the dimensions of a line', () => {
    const days = new Set(raw.map((r) => r['lineItem/UsageStartDate']!.slice(0, 10)));
    expect(new Set(facts.map((f) => f.usageDate))).toEqual(days);
    const tax = facts.filter((f) => f.lineItemType === 'Tax');
    expect(tax).toHaveLength(12);
    expect(tax.every((f) => f.billingEntity === 'AWS' && f.billType === 'Anniversary' && f.region === '')).toBe(true);
    const usage = facts.find((f) => f.lineItemType === 'Usage' && f.serviceCode === 'AmazonS3');
    expect(usage).toMatchObject({ serviceName: 'Amazon Simple Storage Service', commitmentArn: '', invoiceId: '' });
    expect(usage!.region).not.toBe('');
  });
});

describe('FOCUS 1.0 sample (FinOps Foundation, September 2024)', () => {
  const name = 'focus-1.0-sample.csv';
  const raw = rawRows(name);
  const aws = raw.filter((r) => r.ProviderName === 'AWS');
  let result: AggregationResult;
  let facts: CostFact[];

  beforeAll(async () => {
    const [delivery] = await discoverDeliveries(externalFile(name));
    expect(delivery?.format).toBe('focus');
    result = await new DuckDbAggregator().aggregate(delivery!);
    facts = await allFacts(result);
  });
  afterAll(() => result?.close());

  it('keeps the AWS rows and counts the other providers skipped', () => {
    expect(raw).toHaveLength(1000);
    expect(aws).toHaveLength(942);
    expect(result.rowsRead).toBe(1000);
    expect(result.rowsSkippedOtherProviders).toBe(58);
    expect(facts.reduce((n, f) => n + f.lineCount, 0)).toBe(942);
    expect(result.billingPeriods).toEqual(['2024-09']);
    expect(result.isFinal).toBe(false);
  });

  it('accepts the 13-digit payer and 11-digit accounts as written, with warnings', () => {
    expect(result.payerAccountId).toBe('1234567890123');
    expect(new Set(facts.map((f) => f.usageAccountId))).toEqual(new Set(aws.map((r) => r.SubAccountId)));
    expect(result.warnings).toContain("payer id '1234567890123' is not a 12-digit AWS account id; kept as written");
    expect(result.warnings.some((w) => /usage account ids are not 12-digit AWS account ids \('\d{11}'/.test(w))).toBe(true);
    expect(result.warnings.some((w) => w.includes('no InvoiceId column'))).toBe(true);
  });

  it('totals per line type and per account match the raw file', () => {
    const type = (r: Record<string, string>) =>
      r.ChargeCategory === 'Credit' ? 'Credit' : r.CommitmentDiscountStatus === 'Used' ? 'SavingsPlanCoveredUsage' : 'Usage';
    const byType = sums(aws, type, (r) => r.BilledCost!);
    expect(Object.keys(byType).sort()).toEqual(['Credit', 'SavingsPlanCoveredUsage', 'Usage']);
    expect(result.totalsByLineType).toEqual(byType);
    const account = (r: Record<string, string>) => r.SubAccountId!;
    expect(
      factSums(
        facts,
        (f) => f.usageAccountId,
        (f) => f.unblendedUsd,
      ),
    ).toEqual(sums(aws, account, (r) => r.BilledCost!));
    expect(
      factSums(
        facts,
        (f) => f.usageAccountId,
        (f) => f.amortizedUsd,
      ),
    ).toEqual(sums(aws, account, (r) => r.EffectiveCost!));
    expect(
      factSums(
        facts,
        (f) => f.lineItemType,
        (f) => f.listUsd,
      ),
    ).toEqual(sums(aws, type, (r) => (r.ChargeCategory === 'Usage' ? r.ListCost! : r.BilledCost!)));
  });

  it('maps Savings Plan coverage, Marketplace and the credit', () => {
    const covered = facts.filter((f) => f.lineItemType === 'SavingsPlanCoveredUsage');
    expect(covered.reduce((n, f) => n + f.lineCount, 0)).toBe(4);
    expect(new Set(covered.map((f) => f.commitmentOwnerAccountId))).toEqual(new Set(['961082193871', '365499461711']));
    expect(covered.every((f) => f.commitmentArn.startsWith('arn:aws:savingsplans::'))).toBe(true);
    const marketplace = facts.filter((f) => f.billingEntity === 'AWS Marketplace');
    expect(marketplace).toHaveLength(1);
    expect(marketplace[0]).toMatchObject({ unblendedUsd: '0.3420000000', lineItemType: 'Usage' });
    const credit = facts.find((f) => f.lineItemType === 'Credit');
    expect(credit).toMatchObject({ unblendedUsd: '-2.6137000000', billType: 'Anniversary' });
    expect(facts.every((f) => f.serviceName !== '' && f.usageDate.startsWith('2024-09-'))).toBe(true);
  });
});
