import { DuckDBInstance } from '@duckdb/node-api';
import { Decimal } from 'decimal.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FOCUS_COLUMNS, LEGACY_COLUMNS, csvLine, snakeCase, type FocusColumn } from './columns.ts';
import { ChunkedTextFile } from './files.ts';
import { LINE_COLUMNS as COL, fmt } from './month-lines.ts';

/** Control totals kept while writing: what an ingest of the written files must add up to. */
export type ControlTotals = {
  rows: number;
  /** Sum of UnblendedCost (FOCUS: BilledCost) over all lines, USD decimal string. */
  unblended: string;
  unblendedByLineType: Record<string, string>;
  unblendedByAccount: Record<string, string>;
};

export class TotalsCounter {
  private rows = 0;
  /** One sum per line type × account: a single decimal addition per line. */
  private readonly sums = new Map<string, Decimal>();

  add(lineType: string, account: string, amount: string) {
    this.rows++;
    const key = `${lineType}|${account}`;
    const sum = this.sums.get(key);
    if (amount === '0.0') {
      if (!sum) this.sums.set(key, new Decimal(0));
    } else this.sums.set(key, sum ? sum.plus(amount) : new Decimal(amount));
  }

  result(): ControlTotals {
    let total = new Decimal(0);
    const byType = new Map<string, Decimal>();
    const byAccount = new Map<string, Decimal>();
    for (const [key, sum] of this.sums) {
      const [lineType, account] = key.split('|') as [string, string];
      total = total.plus(sum);
      byType.set(lineType, (byType.get(lineType) ?? new Decimal(0)).plus(sum));
      byAccount.set(account, (byAccount.get(account) ?? new Decimal(0)).plus(sum));
    }
    const record = (m: Map<string, Decimal>) =>
      Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, fmt(v)]));
    return { rows: this.rows, unblended: fmt(total), unblendedByLineType: record(byType), unblendedByAccount: record(byAccount) };
  }
}

/** Receives a month's lines; `add` returns a promise only when the caller must wait for the disk. */
export interface LineWriter {
  add(row: string[]): Promise<void> | null;
  /** Finishes the files; returns their paths in order. */
  close(): Promise<string[]>;
  readonly totals: TotalsCounter;
}

/** CSV(.gz) split into numbered parts of at most `rowsPerFile` lines, each with the header. */
class PartedCsv {
  private file: ChunkedTextFile | null = null;
  private rowsInFile = 0;
  readonly paths: string[] = [];

  constructor(
    private readonly pathOf: (part: number) => string,
    private readonly header: string,
    private readonly rowsPerFile: number,
    private readonly gzip: boolean,
  ) {}

  write(line: string): Promise<void> | null {
    if (!this.file || this.rowsInFile >= this.rowsPerFile) return this.rotate().then(() => this.write(line) ?? undefined);
    this.rowsInFile++;
    return this.file.write(line);
  }

  private async rotate() {
    if (this.file) await this.file.close();
    const path = this.pathOf(this.paths.length + 1);
    this.paths.push(path);
    this.file = new ChunkedTextFile(path, this.gzip);
    this.rowsInFile = 0;
    this.file.write(this.header);
  }

  async close(): Promise<string[]> {
    if (!this.file) await this.rotate();
    await this.file?.close();
    return this.paths;
  }
}

const LEGACY_HEADER = csvLine(LEGACY_COLUMNS.map(([name]) => name));

/** Legacy CUR: gzip CSV parts `<report>-N.csv.gz` in the assembly folder. */
export class LegacyCurWriter implements LineWriter {
  readonly totals = new TotalsCounter();
  private readonly csv: PartedCsv;

  constructor(assemblyDir: string, reportName: string, rowsPerFile: number) {
    this.csv = new PartedCsv((n) => join(assemblyDir, `${reportName}-${n}.csv.gz`), LEGACY_HEADER, rowsPerFile, true);
  }

  add(row: string[]) {
    this.totals.add(row[COL.lineType] as string, row[COL.account] as string, row[COL.cost] as string);
    return this.csv.write(csvLine(row));
  }

  close() {
    return this.csv.close();
  }
}

const DOUBLE_TYPES = new Set(['BigDecimal', 'OptionalBigDecimal']);
const TIMESTAMP_COLUMNS = new Set([
  'bill/BillingPeriodStartDate',
  'bill/BillingPeriodEndDate',
  'lineItem/UsageStartDate',
  'lineItem/UsageEndDate',
]);
/** In CUR 2.0 these product attributes are columns of their own; the rest sit in the `product` map. */
const FLAT_PRODUCT = new Set([
  'product/instanceType',
  'product/location',
  'product/locationType',
  'product/operation',
  'product/productFamily',
  'product/regionCode',
  'product/servicecode',
  'product/sku',
  'product/usagetype',
]);
const DISCOUNT_KEYS: Record<string, string> = {
  EdpDiscount: 'edp_discount',
  PrivateRateDiscount: 'private_rate_discount',
  SppDiscount: 'spp_discount',
  BundledDiscount: 'bundled_discount',
};

const q = (name: string) => `"${name}"`;
const nonEmptyMap = (entries: [string, string][]) =>
  `map_from_entries(list_filter([${entries.map(([k, c]) => `{'key': '${k}', 'value': ${q(c)}}`).join(', ')}], e -> e.value IS NOT NULL))`;

/**
 * The CUR 2.0 projection of the legacy columns. Costs and amounts are DOUBLE, as AWS writes them in
 * its Parquet files (a reader must round them back to 10 decimals); timestamps are TIMESTAMP (UTC).
 */
function cur2Select(source: string): string {
  const fields = cur2Fields();
  const columns = `{${LEGACY_COLUMNS.map(([name]) => `'${name}': 'VARCHAR'`).join(', ')}}`;
  return `SELECT ${fields.map(([expr, name]) => `${expr} AS ${name}`).join(', ')} FROM read_csv('${source}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = ${columns})`;
}

/** CUR 2.0 column names, in file order. */
export function cur2ColumnNames(): string[] {
  return cur2Fields().map(([, name]) => name);
}

function cur2Fields(): [string, string][] {
  const fields: [string, string][] = [];
  for (const [name, type] of LEGACY_COLUMNS) {
    if (name.startsWith('resourceTags/') || name.startsWith('costCategory/')) continue;
    if (name.startsWith('product/') && !FLAT_PRODUCT.has(name)) continue;
    const target = snakeCase(name);
    if (TIMESTAMP_COLUMNS.has(name)) fields.push([`CAST(rtrim(${q(name)}, 'Z') AS TIMESTAMP)`, target]);
    else if (DOUBLE_TYPES.has(type)) fields.push([`CAST(${q(name)} AS DOUBLE)`, target]);
    else fields.push([q(name), target]);
  }
  fields.push([
    `${nonEmptyMap([
      ['product_name', 'product/ProductName'],
      ['region', 'product/region'],
      ['servicename', 'product/servicename'],
    ])}::MAP(VARCHAR, VARCHAR)`,
    'product',
  ]);
  fields.push([
    `${nonEmptyMap([
      ['user_project', 'resourceTags/user:Project'],
      ['user_environment', 'resourceTags/user:Environment'],
      ['user_cost_center', 'resourceTags/user:CostCenter'],
    ])}::MAP(VARCHAR, VARCHAR)`,
    'resource_tags',
  ]);
  fields.push([`${nonEmptyMap([['customer', 'costCategory/Customer']])}::MAP(VARCHAR, VARCHAR)`, 'cost_category']);
  const discountKey = `CASE ${q('lineItem/LineItemType')} ${Object.entries(DISCOUNT_KEYS)
    .map(([t, k]) => `WHEN '${t}' THEN '${k}'`)
    .join(' ')} END`;
  fields.push([
    `map_from_entries(list_filter([{'key': ${discountKey}, 'value': CAST(${q('lineItem/UnblendedCost')} AS DOUBLE)}], e -> e.key IS NOT NULL))::MAP(VARCHAR, DOUBLE)`,
    'discount',
  ]);
  return fields;
}

/**
 * CUR 2.0: lines go to plain CSV parts in a temporary folder (streamed, flat memory), then DuckDB
 * turns each part into `<export>-0000N.snappy.parquet`.
 */
export class Cur2Writer implements LineWriter {
  readonly totals = new TotalsCounter();
  private readonly temp = mkdtempSync(join(tmpdir(), 'daiko-cur2-'));
  private readonly csv: PartedCsv;

  constructor(
    private readonly dataDir: string,
    private readonly exportName: string,
    rowsPerFile: number,
  ) {
    this.csv = new PartedCsv((n) => join(this.temp, `part-${n}.csv`), LEGACY_HEADER, rowsPerFile, false);
  }

  add(row: string[]) {
    this.totals.add(row[COL.lineType] as string, row[COL.account] as string, row[COL.cost] as string);
    return this.csv.write(csvLine(row));
  }

  async close(): Promise<string[]> {
    const parts = await this.csv.close();
    const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    const connection = await instance.connect();
    const out: string[] = [];
    try {
      for (const [i, part] of parts.entries()) {
        const target = join(this.dataDir, `${this.exportName}-${String(i + 1).padStart(5, '0')}.snappy.parquet`);
        await connection.run(
          `COPY (${cur2Select(part.replaceAll("'", "''"))}) TO '${target.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION snappy)`,
        );
        out.push(target);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
      rmSync(this.temp, { recursive: true, force: true });
    }
    return out;
  }
}

const FOCUS_INDEX = new Map<FocusColumn, number>(FOCUS_COLUMNS.map((c, i) => [c, i]));
const F = (name: FocusColumn) => FOCUS_INDEX.get(name) as number;
const FOCUS_HEADER = csvLine(FOCUS_COLUMNS);

/** FOCUS ChargeCategory / ChargeFrequency per legacy line type (Purchase bill type → One-Time). */
function focusCharge(lineType: string, billType: string): [string, string, string] {
  if (billType === 'Purchase') return ['Purchase', '', 'One-Time'];
  switch (lineType) {
    case 'Usage':
    case 'DiscountedUsage':
    case 'SavingsPlanCoveredUsage':
      return ['Usage', '', 'Usage-Based'];
    case 'RIFee':
    case 'SavingsPlanRecurringFee':
    case 'Fee':
      return ['Purchase', '', 'Recurring'];
    case 'Tax':
      return ['Tax', '', 'Recurring'];
    case 'Refund':
      return ['Adjustment', 'Correction', 'One-Time'];
    default:
      return ['Credit', '', 'One-Time'];
  }
}

const SERVICE_CATEGORY: Record<string, string> = {
  AmazonEC2: 'Compute',
  AWSLambda: 'Compute',
  AmazonECS: 'Compute',
  AmazonS3: 'Storage',
  AmazonRDS: 'Databases',
  AmazonDynamoDB: 'Databases',
  AmazonCloudFront: 'Networking',
  AmazonVPC: 'Networking',
  AWSELB: 'Networking',
  AmazonRoute53: 'Networking',
  AmazonCloudWatch: 'Management and Governance',
  AWSConfig: 'Management and Governance',
  awskms: 'Security',
  AmazonGuardDuty: 'Security',
  AWSQueueService: 'Integration',
  ComputeSavingsPlans: 'Compute',
};

/**
 * A legacy line as FOCUS 1.0 states it. BilledCost is what is invoiced, so Savings-Plans-covered
 * usage bills 0 and the SavingsPlanNegation lines have no FOCUS row; EffectiveCost carries the
 * amortized cost. FOCUS 1.0 has no invoice id column: a restated FOCUS month differs only in amounts.
 */
export function toFocus(row: string[], accountNames: Map<string, string>): string[] | null {
  const lineType = row[COL.lineType] as string;
  if (lineType === 'SavingsPlanNegation') return null;
  const out = new Array<string>(FOCUS_COLUMNS.length).fill('');
  const set = (c: FocusColumn, v: string) => {
    out[F(c)] = v;
  };
  const [category, chargeClass, frequency] = focusCharge(lineType, row[COL.billType] as string);
  const cost = row[COL.cost] as string;
  const marketplace = row[COL.billingEntity] === 'AWS Marketplace';
  const usageLine = category === 'Usage';
  let billed = cost;
  let effective = cost;
  if (lineType === 'DiscountedUsage') effective = row[COL.riEffective] as string;
  if (lineType === 'SavingsPlanCoveredUsage') {
    billed = '0.0';
    effective = row[COL.spEffective] as string;
  }
  if (lineType === 'RIFee') effective = fmt(new Decimal(row[COL.riUnusedAmortized] as string).plus(row[COL.riUnusedRecurring] as string));
  if (lineType === 'SavingsPlanRecurringFee')
    effective = fmt(new Decimal(row[COL.spTotalCommitment] as string).minus(row[COL.spUsed] as string));
  if (row[COL.billType] === 'Purchase') effective = '0.0';
  const list = usageLine ? (row[COL.listCost] as string) : billed;
  const riArn = row[COL.riArn] as string;
  const spArn = row[COL.spArn] as string;
  const arn = riArn || spArn;
  set('AvailabilityZone', row[COL.az] as string);
  set('BilledCost', billed);
  set('BillingAccountId', row[COL.payer] as string);
  set('BillingAccountName', 'Daiko payer');
  set('BillingCurrency', 'USD');
  set('BillingPeriodStart', row[COL.periodStart] as string);
  set('BillingPeriodEnd', row[COL.periodEnd] as string);
  set('ChargeCategory', category);
  set('ChargeClass', chargeClass);
  set('ChargeDescription', row[COL.description] as string);
  set('ChargeFrequency', frequency);
  set('ChargePeriodStart', row[COL.start] as string);
  set('ChargePeriodEnd', row[COL.end] as string);
  if (arn) {
    set('CommitmentDiscountId', arn);
    set('CommitmentDiscountName', arn.slice(arn.lastIndexOf('/') + 1 || arn.lastIndexOf(':') + 1));
    set('CommitmentDiscountCategory', riArn ? 'Usage' : 'Spend');
    set('CommitmentDiscountType', riArn ? 'Reserved Instance' : 'Savings Plan');
    if (usageLine) set('CommitmentDiscountStatus', 'Used');
  }
  if (usageLine) {
    set('ConsumedQuantity', row[COL.amount] as string);
    set('ConsumedUnit', row[COL.unit] as string);
    set('PricingQuantity', row[COL.amount] as string);
    set('PricingUnit', row[COL.unit] as string);
    set('PricingCategory', arn ? 'Committed' : 'Standard');
    set('ListUnitPrice', row[COL.listRate] as string);
    set('ContractedUnitPrice', row[COL.listRate] as string);
  }
  set('ContractedCost', list);
  set('EffectiveCost', effective);
  set('InvoiceIssuerName', row[COL.invoicingEntity] as string);
  set('ListCost', list);
  set('ProviderName', 'AWS');
  set('PublisherName', marketplace ? (row[COL.legalEntity] as string) : 'Amazon Web Services, Inc.');
  set('RegionId', row[COL.regionCode] as string);
  set('RegionName', row[COL.regionCode] ? (row[COL.location] as string) : '');
  set('ResourceId', row[COL.resourceId] as string);
  set('ServiceCategory', SERVICE_CATEGORY[row[COL.productCode] as string] ?? 'Other');
  set('ServiceName', row[COL.productName] as string);
  if (row[COL.sku]) {
    set('SkuId', row[COL.sku] as string);
    set('SkuPriceId', row[COL.rateCode] as string);
  }
  const account = row[COL.account] as string;
  set('SubAccountId', account);
  set('SubAccountName', accountNames.get(account) ?? '');
  const tags: Record<string, string> = {};
  if (row[COL.tagProject]) tags['user:Project'] = row[COL.tagProject] as string;
  if (row[COL.tagEnvironment]) tags['user:Environment'] = row[COL.tagEnvironment] as string;
  if (row[COL.tagCostCenter]) tags['user:CostCenter'] = row[COL.tagCostCenter] as string;
  set('Tags', Object.keys(tags).length ? JSON.stringify(tags) : '');
  set('x_CostCategories', row[COL.costCategory] ? JSON.stringify({ Customer: row[COL.costCategory] }) : '');
  const discountKey = DISCOUNT_KEYS[lineType];
  set('x_Discounts', discountKey ? JSON.stringify({ [discountKey]: cost }) : '');
  set('x_Operation', row[COL.operation] as string);
  set('x_ServiceCode', row[COL.productCode] as string);
  set('x_UsageType', row[COL.usageType] as string);
  return out;
}

/** FOCUS 1.0 CSV.gz parts `focus-0000N.csv.gz`. Control totals are of BilledCost per legacy line type. */
export class FocusWriter implements LineWriter {
  readonly totals = new TotalsCounter();
  private readonly csv: PartedCsv;

  constructor(
    dataDir: string,
    rowsPerFile: number,
    private readonly accountNames: Map<string, string>,
  ) {
    this.csv = new PartedCsv((n) => join(dataDir, `focus-${String(n).padStart(5, '0')}.csv.gz`), FOCUS_HEADER, rowsPerFile, true);
  }

  add(row: string[]) {
    const focus = toFocus(row, this.accountNames);
    if (!focus) return null;
    this.totals.add(row[COL.lineType] as string, row[COL.account] as string, focus[F('BilledCost')] as string);
    return this.csv.write(csvLine(focus));
  }

  close() {
    return this.csv.close();
  }
}
