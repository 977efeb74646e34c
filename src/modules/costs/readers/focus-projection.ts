import type { RawColumns } from './raw-source.ts';
import {
  USAGE_LINE_TYPES,
  badNumberColumns,
  fieldText,
  knownLineItemType,
  rawSelect,
  typedField,
  type Projection,
  type RawField,
} from './projection.ts';
import { tagFields, tagListSql, type DeliveryTags } from './tag-columns.ts';
import { arnAccount, duckdbText, isSavingsPlanArn, toTimestamp } from './sql.ts';

/**
 * FOCUS 1.0–1.3. AWS's FOCUS export adds `x_ServiceCode`, `x_UsageType` (1.0) and `x_Operation`; FOCUS
 * 1.2 added `InvoiceId`; FOCUS 1.3 deprecated ProviderName/PublisherName for
 * ServiceProviderName/HostProviderName. Each field reads the first spelling the file has.
 */
const NAMES = {
  payer: ['BillingAccountId'],
  usage_account: ['SubAccountId'],
  usage_start: ['ChargePeriodStart'],
  period_start: ['BillingPeriodStart'],
  service_name: ['ServiceName'],
  service_code: ['x_ServiceCode'],
  region: ['RegionId'],
  x_usage_type: ['x_UsageType'],
  sku: ['SkuId'],
  description: ['ChargeDescription'],
  operation: ['x_Operation'],
  category: ['ChargeCategory'],
  class: ['ChargeClass'],
  frequency: ['ChargeFrequency'],
  cd_id: ['CommitmentDiscountId'],
  cd_status: ['CommitmentDiscountStatus'],
  cd_type: ['CommitmentDiscountType'],
  provider: ['ProviderName', 'HostProviderName', 'ServiceProviderName'],
  publisher: ['PublisherName', 'ServiceProviderName'],
  issuer: ['InvoiceIssuerName'],
  invoice_id: ['InvoiceId'],
  currency: ['BillingCurrency'],
} as const;

const NUMERIC_NAMES = {
  billed: ['BilledCost'],
  list_cost: ['ListCost'],
  effective: ['EffectiveCost'],
  quantity: ['ConsumedQuantity'],
} as const;

/** 'AWS', 'Amazon Web Services', 'Amazon Web Services Canada, Inc.', … */
const isAws = (expr: string) => `regexp_matches(COALESCE(${expr}, ''), '^\\s*(aws|amazon web services)([^a-z]|$)', 'i')`;

/** Read as stored: a Parquet TIMESTAMP needs no parsing. */
const TIMESTAMPS = new Set(['usage_start', 'period_start']);

const { text, firstNonBlank, trim } = duckdbText;

const field = (raw: RawColumns, alias: string, names: readonly string[]): RawField => ({
  alias,
  expr: raw.text(...names),
  header: raw.name(...names),
});

/**
 * FOCUS rows mapped onto legacy CUR's vocabulary:
 * - account = SubAccountId, payer = BillingAccountId, date = ChargePeriodStart (UTC);
 * - service code = `x_ServiceCode` (AWS's export) or else the ServiceName itself: FOCUS has no code;
 * - usage type = `x_UsageType`, else SkuId (stable and low-cardinality), else ChargeDescription;
 * - operation = `x_Operation` or '';
 * - line type: ChargeClass Correction → Refund; ChargeCategory Tax → Tax, Credit → Credit,
 *   Adjustment → Refund (passed through as AWS wrote it); Usage with a commitment: Unused →
 *   RIFee / SavingsPlanRecurringFee, otherwise DiscountedUsage / SavingsPlanCoveredUsage (by the ARN
 *   or CommitmentDiscountType); Usage otherwise → Usage; Purchase with a commitment: Recurring →
 *   RIFee / SavingsPlanRecurringFee, One-Time → SavingsPlanUpfrontFee for a Savings Plan; any other
 *   Purchase → Fee. Anything else is an unknown line type and refused;
 * - bill type: Correction → Refund, One-Time Purchase → Purchase, else Anniversary;
 * - billing entity: AWS Marketplace when the invoice issuer or publisher says Marketplace or the
 *   publisher is not AWS (a seller's product invoiced by AWS), else AWS;
 * - unblended = BilledCost, amortized = EffectiveCost (BilledCost when NULL), list = ListCost on usage
 *   lines (BilledCost when NULL) and BilledCost on the others, as for CUR;
 * - rows whose provider is not AWS are skipped (counted); a correction's charge period may precede
 *   the billing period, so it is not checked against it.
 */
export function focusProjection(raw: RawColumns, tags: DeliveryTags = null): Projection {
  const fields = Object.entries(NAMES).map(([alias, names]) => (TIMESTAMPS.has(alias) ? typedField : field)(raw, alias, names));
  const numeric = Object.entries(NUMERIC_NAMES).map(([alias, names]) => typedField(raw, alias, names));
  const named = (alias: string) => fields.find((f) => f.alias === alias) as RawField;
  const usageStart = named('usage_start');
  const periodStart = named('period_start');
  fields.push(...tagFields(raw, tags));
  const tagList = tagListSql('focus', tags);
  const textKeys = fields.filter((f) => !TIMESTAMPS.has(f.alias)).map((f) => f.alias);
  const bad = badNumberColumns(numeric);
  const billed = `COALESCE(${'n_billed'}, 0)`;
  const amounts: Record<string, string> = {
    a_billed: billed,
    a_list: `COALESCE(${'n_list_cost'}, ${billed})`,
    a_effective: `COALESCE(${'n_effective'}, ${billed})`,
    a_quantity: `COALESCE(${'n_quantity'}, 0)`,
  };
  const lines = `SELECT ${textKeys.join(', ')},
    CAST(${toTimestamp(usageStart.alias, usageStart.type)} AS DATE) AS usage_date,
    strftime(${toTimestamp(periodStart.alias, periodStart.type)}, '%Y-%m') AS row_period,
    ${Object.entries(amounts)
      .map(([alias, expr]) => `${expr} AS ${alias}`)
      .join(',\n    ')},
    ${fieldText(usageStart)} AS usage_start_raw,
    ${bad.column} AS bad_number_column,
    ${bad.value} AS bad_number_value
  FROM (${rawSelect(raw, fields, numeric, ['', 'NULL'])})`;
  const lc = (alias: string) => `lower(${trim(alias)})`;
  const commitment = firstNonBlank('cd_id');
  const savingsPlan = `(${isSavingsPlanArn('cd_id')} OR cd_type ILIKE '%savings%')`;
  const lineType = `CASE
      WHEN ${lc('class')} = 'correction' THEN 'Refund'
      WHEN ${lc('category')} = 'tax' THEN 'Tax'
      WHEN ${lc('category')} = 'credit' THEN 'Credit'
      WHEN ${lc('category')} = 'adjustment' THEN 'Refund'
      WHEN ${lc('category')} = 'usage' AND ${commitment} IS NOT NULL AND ${lc('cd_status')} = 'unused'
        THEN CASE WHEN ${savingsPlan} THEN 'SavingsPlanRecurringFee' ELSE 'RIFee' END
      WHEN ${lc('category')} = 'usage' AND ${commitment} IS NOT NULL
        THEN CASE WHEN ${savingsPlan} THEN 'SavingsPlanCoveredUsage' ELSE 'DiscountedUsage' END
      WHEN ${lc('category')} = 'usage' THEN 'Usage'
      WHEN ${lc('category')} = 'purchase' AND ${commitment} IS NOT NULL AND ${lc('frequency')} = 'recurring'
        THEN CASE WHEN ${savingsPlan} THEN 'SavingsPlanRecurringFee' ELSE 'RIFee' END
      WHEN ${lc('category')} = 'purchase' AND ${commitment} IS NOT NULL AND ${savingsPlan} THEN 'SavingsPlanUpfrontFee'
      WHEN ${lc('category')} = 'purchase' THEN 'Fee'
    END`;
  const normalize = (from: string, carry: readonly string[]) => `SELECT
    ${firstNonBlank('payer')} AS payer,
    ${firstNonBlank('usage_account')} AS usage_account,
    usage_date,
    row_period,
    COALESCE(${lc('class')} = 'correction', false) AS period_exempt,
    COALESCE(${firstNonBlank('service_code', 'service_name')}, '') AS service_code,
    COALESCE(${firstNonBlank('service_name', 'service_code')}, '') AS service_name,
    ${text('region')} AS region,
    COALESCE(${firstNonBlank('x_usage_type', 'sku', 'description')}, '') AS usage_type,
    ${text('operation')} AS operation,
    ${knownLineItemType('line_type_mapped')} AS line_item_type,
    category AS line_item_type_raw,
    CASE
      WHEN ${lc('class')} = 'correction' THEN 'Refund'
      WHEN ${lc('category')} = 'purchase' AND ${lc('frequency')} = 'one-time' THEN 'Purchase'
      ELSE 'Anniversary'
    END AS bill_type,
    CASE
      WHEN issuer ILIKE '%marketplace%' OR publisher ILIKE '%marketplace%' THEN 'AWS Marketplace'
      WHEN ${firstNonBlank('publisher')} IS NOT NULL AND NOT ${isAws('publisher')} THEN 'AWS Marketplace'
      ELSE 'AWS'
    END AS billing_entity,
    COALESCE(${commitment}, '') AS commitment_arn,
    ${arnAccount(`COALESCE(${commitment}, '')`)} AS commitment_owner,
    ${text('invoice_id')} AS invoice_id,
    ${trim('currency')} AS currency,
    a_billed AS unblended,
    CASE WHEN line_type_mapped IN ${USAGE_LINE_TYPES} THEN a_list ELSE a_billed END AS list,
    a_effective AS amortized,
    a_quantity AS quantity,
    ${tagList ? `${tagList} AS tags,` : ''}
    NOT (${isAws('provider')} OR (${firstNonBlank('provider')} IS NULL AND ${isAws('issuer')})) AS other_provider${carry.map((c) => `,\n    ${c}`).join('')}
  FROM (SELECT *, ${lineType} AS line_type_mapped FROM ${from})`;
  const header = (names: readonly string[]) => raw.name(...names) ?? (names[0] as string);
  return {
    lines,
    keys: [...textKeys, 'usage_date', 'row_period'],
    amounts: Object.keys(amounts),
    normalize,
    tagged: tagList !== null,
    columns: {
      payer: header(NAMES.payer),
      usageAccount: header(NAMES.usage_account),
      usageStart: header(NAMES.usage_start),
      lineItemType: header(NAMES.category),
      currency: header(NAMES.currency),
    },
  };
}
