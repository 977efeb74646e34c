import { utimes, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { AggregationProgress } from '../../../src/modules/costs/aggregator.ts';
import { discoverDeliveries } from '../../../src/modules/costs/discover-deliveries.ts';
import { DuckDbAggregator } from '../../../src/modules/costs/duckdb-aggregator.ts';
import type { CostFact } from '../../../src/modules/costs/line-model.ts';
import { LEGACY_HEADER, allFacts, csv, duck, legacyRow, tempDir, writeText } from './helpers.ts';

const aggregator = new DuckDbAggregator({ memoryLimit: '256MB', threads: 2, batchSize: 3 });

const CUR2_HEADER = [
  'identity_line_item_id',
  'bill_invoice_id',
  'bill_billing_entity',
  'bill_bill_type',
  'bill_payer_account_id',
  'bill_billing_period_start_date',
  'line_item_usage_account_id',
  'line_item_line_item_type',
  'line_item_usage_start_date',
  'line_item_product_code',
  'line_item_usage_type',
  'line_item_operation',
  'line_item_usage_amount',
  'line_item_currency_code',
  'line_item_unblended_cost',
  'pricing_public_on_demand_cost',
  'reservation_reservation_a_r_n',
  'reservation_effective_cost',
  'reservation_unused_amortized_upfront_fee_for_billing_period',
  'reservation_unused_recurring_fee',
  'savings_plan_savings_plan_a_r_n',
  'savings_plan_savings_plan_effective_cost',
  'savings_plan_total_commitment_to_date',
  'savings_plan_used_commitment',
  'product',
  'resource_tags',
  'discount',
  'cost_category',
] as const;

const SP_ARN = 'arn:aws:savingsplans::333333333333:savingsplan/0f1e2d3c';
const RI_ARN = 'arn:aws:ec2:ap-northeast-1:444444444444:reserved-instances/ri-0123';

const product = (name: string, region?: string) => JSON.stringify({ product_name: name, ...(region ? { region } : {}) });

/** One line of each kind AWS documents, as CUR 2.0 writes them (maps as JSON text in CSV). */
function cur2Rows(): Record<string, string>[] {
  const base = {
    bill_invoice_id: 'INV-2026-10',
    bill_billing_entity: 'AWS',
    bill_bill_type: 'Anniversary',
    bill_payer_account_id: '111111111111',
    bill_billing_period_start_date: '2026-10-01T00:00:00.000Z',
    line_item_usage_account_id: '222222222222',
    line_item_usage_start_date: '2026-10-10T00:00:00.000Z',
    line_item_product_code: 'AmazonEC2',
    line_item_usage_type: 'APN1-BoxUsage:m5.large',
    line_item_operation: 'RunInstances',
    line_item_usage_amount: '1',
    line_item_currency_code: 'USD',
    product: product('Amazon Elastic Compute Cloud', 'ap-northeast-1'),
    resource_tags: JSON.stringify({ user_team: 'billing' }),
    discount: '{}',
    cost_category: '{}',
  };
  const rows: Record<string, string>[] = [
    {
      line_item_line_item_type: 'Usage',
      line_item_unblended_cost: '1.0',
      pricing_public_on_demand_cost: '1.0',
      line_item_usage_amount: '10',
    },
    {
      line_item_line_item_type: 'SavingsPlanCoveredUsage',
      line_item_unblended_cost: '0.5',
      pricing_public_on_demand_cost: '0.5',
      savings_plan_savings_plan_a_r_n: SP_ARN,
      savings_plan_savings_plan_effective_cost: '0.3',
    },
    { line_item_line_item_type: 'SavingsPlanNegation', line_item_unblended_cost: '-0.5', savings_plan_savings_plan_a_r_n: SP_ARN },
    {
      line_item_line_item_type: 'SavingsPlanRecurringFee',
      line_item_usage_account_id: '333333333333',
      line_item_product_code: 'ComputeSavingsPlans',
      line_item_usage_type: 'ComputeSP:1yrNoUpfront',
      line_item_operation: '',
      line_item_unblended_cost: '1.0',
      savings_plan_savings_plan_a_r_n: SP_ARN,
      savings_plan_total_commitment_to_date: '1.0',
      savings_plan_used_commitment: '0.3',
      product: product('Savings Plans for AWS Compute usage'),
    },
    {
      line_item_line_item_type: 'DiscountedUsage',
      line_item_unblended_cost: '0',
      pricing_public_on_demand_cost: '0.2',
      reservation_reservation_a_r_n: RI_ARN,
      reservation_effective_cost: '0.12',
    },
    {
      line_item_line_item_type: 'RIFee',
      line_item_usage_account_id: '444444444444',
      line_item_usage_type: 'APN1-HeavyUsage:m5.large',
      line_item_unblended_cost: '2.0',
      reservation_reservation_a_r_n: RI_ARN,
      reservation_unused_amortized_upfront_fee_for_billing_period: '0.1',
      reservation_unused_recurring_fee: '0.05',
    },
    {
      line_item_line_item_type: 'Fee',
      bill_bill_type: 'Purchase',
      line_item_usage_account_id: '444444444444',
      line_item_usage_type: 'APN1-HeavyUsage:m5.large',
      line_item_unblended_cost: '100.0',
      reservation_reservation_a_r_n: RI_ARN,
      line_item_usage_start_date: '2026-10-03T07:00:00.000Z',
    },
    {
      line_item_line_item_type: 'Tax',
      line_item_usage_type: '',
      line_item_operation: '',
      line_item_unblended_cost: '0.1',
      product: product('Amazon Elastic Compute Cloud'),
    },
    { line_item_line_item_type: 'Credit', line_item_usage_type: '', line_item_operation: '', line_item_unblended_cost: '-0.25' },
    {
      line_item_line_item_type: 'Usage',
      bill_billing_entity: 'AWS Marketplace',
      line_item_product_code: 'prod-abc123',
      line_item_usage_type: 'APN1-MP:Seat',
      line_item_operation: '',
      line_item_unblended_cost: '5.0',
      product: product('Acme Firewall', 'ap-northeast-1'),
    },
  ];
  return rows.map((r, i) => ({ ...base, identity_line_item_id: `line-${i}`, ...r }));
}

function expectCur2Facts(facts: CostFact[]) {
  expect(facts).toHaveLength(10);
  const byType = (t: string) => facts.filter((f) => f.lineItemType === t);
  const one = (t: string) => {
    const found = byType(t);
    expect(found).toHaveLength(1);
    return found[0] as CostFact;
  };
  const amounts = (f: CostFact) => [f.unblendedUsd, f.listUsd, f.amortizedUsd].map((v) => new Decimal(v).toString());
  expect(amounts(one('SavingsPlanCoveredUsage'))).toEqual(['0.5', '0.5', '0.3']);
  expect(amounts(one('SavingsPlanNegation'))).toEqual(['-0.5', '0', '0']);
  expect(amounts(one('SavingsPlanRecurringFee'))).toEqual(['1', '1', '0.7']);
  expect(amounts(one('DiscountedUsage'))).toEqual(['0', '0.2', '0.12']);
  expect(amounts(one('RIFee'))).toEqual(['2', '2', '0.15']);
  expect(amounts(one('Fee'))).toEqual(['100', '100', '0']);
  expect(amounts(one('Tax'))).toEqual(['0.1', '0.1', '0.1']);
  expect(amounts(one('Credit'))).toEqual(['-0.25', '-0.25', '-0.25']);
  expect(one('SavingsPlanCoveredUsage')).toMatchObject({ commitmentArn: SP_ARN, commitmentOwnerAccountId: '333333333333' });
  expect(one('DiscountedUsage')).toMatchObject({ commitmentArn: RI_ARN, commitmentOwnerAccountId: '444444444444' });
  expect(one('Fee')).toMatchObject({ billType: 'Purchase', usageDate: '2026-10-03', usageAccountId: '444444444444' });
  const [usage, marketplace] = [...byType('Usage')].sort((a, b) => a.unblendedUsd.localeCompare(b.unblendedUsd));
  expect(usage).toMatchObject({
    serviceCode: 'AmazonEC2',
    serviceName: 'Amazon Elastic Compute Cloud',
    region: 'ap-northeast-1',
    usageType: 'APN1-BoxUsage:m5.large',
    operation: 'RunInstances',
    billingEntity: 'AWS',
    usageDate: '2026-10-10',
    invoiceId: 'INV-2026-10',
    billingPeriod: '2026-10',
    payerAccountId: '111111111111',
  });
  expect(new Decimal(usage!.usageQuantity).toString()).toBe('10');
  expect(marketplace).toMatchObject({ billingEntity: 'AWS Marketplace', serviceName: 'Acme Firewall', serviceCode: 'prod-abc123' });
  expect(amounts(marketplace!)).toEqual(['5', '5', '5']);
  expect(one('Tax').region).toBe('');
  expect(one('SavingsPlanRecurringFee').serviceName).toBe('Savings Plans for AWS Compute usage');
}

describe('CUR 2.0', () => {
  it('reads a CSV.gz export with map columns as JSON text', async () => {
    const dir = await tempDir();
    const path = await writeText(join(dir, 'export-00001.csv.gz'), csv(CUR2_HEADER, cur2Rows()), true);
    const progress: AggregationProgress[] = [];
    const result = await aggregator.aggregate(
      { format: 'cur2', files: [{ path, displayName: 'export-00001.csv.gz' }], assemblyId: null, billingPeriod: '2026-10' },
      { onProgress: (p) => progress.push(p) },
    );
    try {
      expect(progress.at(-1)).toMatchObject({ rowsRead: 10, bytesRead: progress.at(-1)?.bytesTotal });
      expect(result).toMatchObject({
        format: 'cur2',
        payerAccountId: '111111111111',
        billingPeriods: ['2026-10'],
        isFinal: true,
        invoiceIds: ['INV-2026-10'],
        rowsRead: 10,
        factCount: 10,
      });
      const batches: number[] = [];
      const facts: CostFact[] = [];
      for await (const batch of result.facts()) {
        batches.push(batch.length);
        facts.push(...batch);
      }
      expect(batches).toEqual([3, 3, 3, 1]);
      expectCur2Facts(facts);
      expect(() => result.facts()).toThrow(/read once/);
    } finally {
      await result.close();
    }
  });

  it('reads a Parquet export with MAP columns, DOUBLE amounts and TIMESTAMP dates', async () => {
    const dir = await tempDir();
    const source = await writeText(join(dir, 'source.csv'), csv(CUR2_HEADER, cur2Rows()));
    const path = join(dir, 'export-00001.snappy.parquet');
    const doubles = CUR2_HEADER.filter((c) => /_cost$|_amount$|_fee$|_period$|_to_date$|_commitment$/.test(c));
    await duck(`COPY (
        SELECT * REPLACE (
          ${doubles.map((c) => `CAST(${c} AS DOUBLE) AS ${c}`).join(', ')},
          CAST(line_item_usage_start_date AS TIMESTAMPTZ) AS line_item_usage_start_date,
          CAST(bill_billing_period_start_date AS TIMESTAMP) AS bill_billing_period_start_date,
          CAST(CAST(product AS JSON) AS MAP(VARCHAR, VARCHAR)) AS product,
          CAST(CAST(resource_tags AS JSON) AS MAP(VARCHAR, VARCHAR)) AS resource_tags,
          CAST(CAST(discount AS JSON) AS MAP(VARCHAR, DOUBLE)) AS discount,
          CAST(CAST(cost_category AS JSON) AS MAP(VARCHAR, VARCHAR)) AS cost_category)
        FROM read_csv('${source}', all_varchar = true)
      ) TO '${path}' (FORMAT parquet)`);
    const result = await aggregator.aggregate({
      format: 'cur2',
      files: [{ path, displayName: 'export-00001.snappy.parquet' }],
      assemblyId: 'exec-1',
      billingPeriod: '2026-10',
    });
    try {
      expect(result).toMatchObject({
        isFinal: true,
        rowsRead: 10,
        totalsByLineType: expect.objectContaining({ Usage: '6.0000000000', Credit: '-0.2500000000' }),
      });
      expectCur2Facts(await allFacts(result));
    } finally {
      await result.close();
    }
  });
});

describe('FOCUS', () => {
  it('reads FOCUS 1.2/1.3 Parquet: commitments, purchases, corrections, other providers, InvoiceId', async () => {
    const dir = await tempDir();
    const header = [
      'BillingAccountId',
      'SubAccountId',
      'ChargePeriodStart',
      'BillingPeriodStart',
      'ChargeCategory',
      'ChargeClass',
      'ChargeFrequency',
      'BilledCost',
      'ListCost',
      'EffectiveCost',
      'ConsumedQuantity',
      'BillingCurrency',
      'HostProviderName',
      'ServiceProviderName',
      'InvoiceIssuerName',
      'ServiceName',
      'RegionId',
      'SkuId',
      'x_ServiceCode',
      'x_Operation',
      'CommitmentDiscountId',
      'CommitmentDiscountStatus',
      'InvoiceId',
    ];
    const aws = {
      BillingAccountId: '111111111111',
      SubAccountId: '222222222222',
      ChargePeriodStart: '2026-10-02T00:00:00Z',
      BillingPeriodStart: '2026-10-01T00:00:00Z',
      ChargeFrequency: 'Usage-Based',
      BillingCurrency: 'USD',
      HostProviderName: 'AWS',
      ServiceProviderName: 'AWS',
      InvoiceIssuerName: 'Amazon Web Services Japan G.K.',
      ServiceName: 'Amazon Elastic Compute Cloud',
      RegionId: 'ap-northeast-1',
      SkuId: 'SKU1',
      x_ServiceCode: 'AmazonEC2',
      x_Operation: 'RunInstances',
      InvoiceId: 'JPINV-1',
    };
    const rows = [
      { ...aws, ChargeCategory: 'Usage', BilledCost: '1.5', ListCost: '1.5', EffectiveCost: '1.5', ConsumedQuantity: '3' },
      {
        ...aws,
        ChargeCategory: 'Usage',
        BilledCost: '0',
        ListCost: '0.2',
        EffectiveCost: '0.12',
        CommitmentDiscountId: RI_ARN,
        CommitmentDiscountStatus: 'Used',
      },
      {
        ...aws,
        ChargeCategory: 'Purchase',
        ChargeFrequency: 'One-Time',
        BilledCost: '1000',
        ListCost: '1000',
        EffectiveCost: '0',
        CommitmentDiscountId: SP_ARN,
        ServiceName: 'Savings Plans for AWS Compute usage',
        x_ServiceCode: 'ComputeSavingsPlans',
      },
      {
        ...aws,
        ChargeCategory: 'Purchase',
        ChargeFrequency: 'Recurring',
        BilledCost: '2',
        ListCost: '2',
        EffectiveCost: '0',
        CommitmentDiscountId: RI_ARN,
      },
      {
        ...aws,
        ChargeCategory: 'Usage',
        BilledCost: '0',
        ListCost: '0',
        EffectiveCost: '0.4',
        CommitmentDiscountId: SP_ARN,
        CommitmentDiscountStatus: 'Unused',
      },
      { ...aws, ChargeCategory: 'Tax', ChargeFrequency: 'Recurring', BilledCost: '0.3', ListCost: '0', EffectiveCost: '0.3' },
      {
        ...aws,
        ChargeCategory: 'Usage',
        ChargeClass: 'Correction',
        ChargePeriodStart: '2026-09-20T00:00:00Z',
        BilledCost: '-0.7',
        ListCost: '-0.7',
        EffectiveCost: '-0.7',
      },
      {
        ...aws,
        ServiceProviderName: 'Acme Inc.',
        ChargeCategory: 'Usage',
        BilledCost: '4',
        ListCost: '0',
        EffectiveCost: '4',
        ServiceName: 'Acme Firewall',
        x_ServiceCode: '',
      },
      {
        ...aws,
        BillingAccountId: 'billing/42',
        SubAccountId: 'proj-1',
        HostProviderName: 'Google Cloud',
        ServiceProviderName: 'Google Cloud',
        InvoiceIssuerName: 'Google',
        BillingCurrency: 'EUR',
        ChargeCategory: 'Usage',
        BilledCost: '9',
        ListCost: '9',
        EffectiveCost: '9',
      },
    ];
    const source = await writeText(join(dir, 'focus.csv'), csv(header, rows));
    const path = join(dir, 'focus-00001.parquet');
    await duck(`COPY (SELECT * REPLACE (
        CAST(BilledCost AS DECIMAL(20,10)) AS BilledCost, CAST(ListCost AS DOUBLE) AS ListCost,
        CAST(EffectiveCost AS DOUBLE) AS EffectiveCost, CAST(ConsumedQuantity AS DOUBLE) AS ConsumedQuantity,
        CAST(ChargePeriodStart AS TIMESTAMPTZ) AS ChargePeriodStart, CAST(BillingPeriodStart AS TIMESTAMPTZ) AS BillingPeriodStart)
      FROM read_csv('${source}', all_varchar = true)) TO '${path}' (FORMAT parquet)`);
    const [delivery] = await discoverDeliveries(path);
    expect(delivery).toMatchObject({ format: 'focus', files: [{ path, displayName: 'focus-00001.parquet' }] });
    const result = await aggregator.aggregate(delivery!);
    try {
      expect(result).toMatchObject({
        rowsRead: 9,
        rowsSkippedOtherProviders: 1,
        isFinal: true,
        invoiceIds: ['JPINV-1'],
        payerAccountId: '111111111111',
        billingPeriods: ['2026-10'],
        warnings: [],
      });
      const facts = await allFacts(result);
      const pick = (t: string) => facts.filter((f) => f.lineItemType === t);
      expect(facts.map((f) => f.lineItemType).sort()).toEqual([
        'DiscountedUsage',
        'RIFee',
        'Refund',
        'SavingsPlanRecurringFee',
        'SavingsPlanUpfrontFee',
        'Tax',
        'Usage',
        'Usage',
      ]);
      expect(pick('DiscountedUsage')[0]).toMatchObject({
        commitmentOwnerAccountId: '444444444444',
        listUsd: '0.2000000000',
        amortizedUsd: '0.1200000000',
      });
      expect(pick('SavingsPlanUpfrontFee')[0]).toMatchObject({
        billType: 'Purchase',
        commitmentOwnerAccountId: '333333333333',
        serviceCode: 'ComputeSavingsPlans',
        unblendedUsd: '1000.0000000000',
      });
      expect(pick('RIFee')[0]).toMatchObject({ billType: 'Anniversary', unblendedUsd: '2.0000000000' });
      expect(pick('Refund')[0]).toMatchObject({ billType: 'Refund', usageDate: '2026-09-20', billingPeriod: '2026-10' });
      expect(pick('Tax')[0]).toMatchObject({ listUsd: '0.3000000000' });
      const marketplace = pick('Usage').find((f) => f.billingEntity === 'AWS Marketplace');
      expect(marketplace).toMatchObject({ serviceName: 'Acme Firewall', serviceCode: 'Acme Firewall', unblendedUsd: '4.0000000000' });
      expect(pick('Usage').find((f) => f.billingEntity === 'AWS')).toMatchObject({
        serviceCode: 'AmazonEC2',
        usageType: 'SKU1',
        operation: 'RunInstances',
        usageQuantity: '3.0000000000',
      });
    } finally {
      await result.close();
    }
  });
});

describe('discoverDeliveries', () => {
  const legacyFile = (amount: string, n: number) =>
    csv(
      LEGACY_HEADER,
      Array.from({ length: n }, (_, i) => legacyRow({ 'lineItem/UnblendedCost': amount, 'identity/LineItemId': `l${i}` })),
    );

  async function legacyLayout(withManifest: boolean) {
    const bucket = await tempDir();
    const root = join(bucket, 'cur');
    const period = join(root, 'daiko-cur', '20261001-20261101');
    const old = await writeText(join(period, 'aaaa-old', 'daiko-cur-1.csv.gz'), legacyFile('9.99', 4), true);
    await writeText(join(period, 'bbbb-new', 'daiko-cur-1.csv.gz'), legacyFile('1.25', 3), true);
    await writeText(join(period, 'bbbb-new', 'daiko-cur-2.csv.gz'), legacyFile('0.5', 2), true);
    const past = new Date('2026-10-02T00:00:00Z');
    await utimes(old, past, past);
    if (withManifest) {
      await writeFile(
        join(period, 'daiko-cur-Manifest.json'),
        JSON.stringify({
          assemblyId: 'bbbb-new',
          reportName: 'daiko-cur',
          compression: 'GZIP',
          contentType: 'text/csv',
          billingPeriod: { start: '20261001T000000.000Z', end: '20261101T000000.000Z' },
          columns: LEGACY_HEADER.map((h) => ({ category: h.split('/')[0], name: h.split('/')[1], type: 'String' })),
          reportKeys: [1, 2].map((n) => `cur/daiko-cur/20261001-20261101/bbbb-new/daiko-cur-${n}.csv.gz`),
        }),
      );
      // The assembly-level copy AWS also writes is not a delivery of its own.
      await writeFile(join(period, 'bbbb-new', 'daiko-cur-Manifest.json'), '{}');
    }
    const focus = await writeText(
      join(root, 'focus', 'sample.csv'),
      'BilledCost,BillingAccountId,ChargeCategory,SubAccountId,ChargePeriodStart,BillingCurrency,ProviderName\n',
    );
    await writeText(join(root, 'README.txt'), 'not a report');
    return { root, focus };
  }

  it('takes a legacy CUR period manifest: only the newest assembly, files resolved by key suffix', async () => {
    const { root } = await legacyLayout(true);
    const deliveries = await discoverDeliveries(root);
    expect(deliveries).toHaveLength(2);
    const [focus, cur] = deliveries;
    expect(focus).toMatchObject({ format: 'focus', billingPeriod: null, files: [{ displayName: 'focus/sample.csv' }] });
    expect(cur).toMatchObject({
      format: 'cur',
      assemblyId: 'bbbb-new',
      billingPeriod: '2026-10',
      files: [
        { displayName: 'daiko-cur/20261001-20261101/bbbb-new/daiko-cur-1.csv.gz' },
        { displayName: 'daiko-cur/20261001-20261101/bbbb-new/daiko-cur-2.csv.gz' },
      ],
    });
    const result = await aggregator.aggregate(cur!);
    try {
      expect(result.rowsRead).toBe(5);
      expect(result.totalsByLineType).toEqual({ Usage: '4.7500000000' });
      const facts = await allFacts(result);
      // Five lines of one account, day, usage type and operation: one fact.
      expect(facts).toHaveLength(1);
      expect(facts[0]).toMatchObject({ lineCount: 5, unblendedUsd: '4.7500000000', usageQuantity: '5.0000000000' });
    } finally {
      await result.close();
    }
  });

  it('without a period manifest, detects loose files by header and takes the assembly written last', async () => {
    const { root } = await legacyLayout(false);
    const deliveries = await discoverDeliveries(root);
    const cur = deliveries.find((d) => d.format === 'cur');
    expect(cur).toMatchObject({ assemblyId: null, billingPeriod: '2026-10' });
    expect(cur!.files.map((f) => f.displayName)).toEqual([
      'daiko-cur/20261001-20261101/bbbb-new/daiko-cur-1.csv.gz',
      'daiko-cur/20261001-20261101/bbbb-new/daiko-cur-2.csv.gz',
    ]);
  });

  it('takes a CUR 2.0 manifest: only its dataFiles, s3 URIs resolved against the directory', async () => {
    const root = await tempDir();
    const data = join(root, 'daiko-export', 'data', 'BILLING_PERIOD=2026-10');
    await writeText(join(data, 'daiko-export-00001.csv.gz'), csv(CUR2_HEADER, cur2Rows()), true);
    await writeText(join(data, 'daiko-export-00002.csv.gz'), csv(CUR2_HEADER, cur2Rows()), true);
    const metadata = join(root, 'daiko-export', 'metadata', 'BILLING_PERIOD=2026-10');
    await mkdir(metadata, { recursive: true });
    await writeFile(
      join(metadata, 'daiko-export-Manifest.json'),
      JSON.stringify({
        executionId: 'exec-2026-10-05',
        billingPeriod: { start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z' },
        dataFiles: ['s3://reseller-bucket/exports/daiko-export/data/BILLING_PERIOD=2026-10/daiko-export-00001.csv.gz'],
      }),
    );
    expect(await discoverDeliveries(root)).toEqual([
      {
        format: 'cur2',
        assemblyId: 'exec-2026-10-05',
        billingPeriod: '2026-10',
        files: [
          {
            path: join(data, 'daiko-export-00001.csv.gz'),
            displayName: 'daiko-export/data/BILLING_PERIOD=2026-10/daiko-export-00001.csv.gz',
          },
        ],
      },
    ]);
  });

  it('refuses a manifest whose data file is missing', async () => {
    const root = await tempDir();
    const period = join(root, 'r', '20261001-20261101');
    await mkdir(period, { recursive: true });
    await writeFile(
      join(period, 'r-Manifest.json'),
      JSON.stringify({
        assemblyId: 'x',
        reportKeys: ['p/r/20261001-20261101/x/r-1.csv.gz'],
        billingPeriod: { start: '20261001T000000.000Z' },
      }),
    );
    await expect(discoverDeliveries(root)).rejects.toThrow(
      /r\/20261001-20261101\/r-Manifest\.json: data file p\/r\/20261001-20261101\/x\/r-1\.csv\.gz named by the manifest is not under the directory/,
    );
  });
});
