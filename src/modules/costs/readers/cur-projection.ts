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
import { arnAccount, duckdbText, toTimestamp } from './sql.ts';

/** The raw columns both CUR generations carry, by their legacy and CUR 2.0 spellings. */
const NAMES = {
  payer: ['bill/PayerAccountId', 'bill_payer_account_id'],
  usage_account: ['lineItem/UsageAccountId', 'line_item_usage_account_id'],
  usage_start: ['lineItem/UsageStartDate', 'line_item_usage_start_date'],
  period_start: ['bill/BillingPeriodStartDate', 'bill_billing_period_start_date'],
  product_code: ['lineItem/ProductCode', 'line_item_product_code'],
  product_name: ['product/ProductName', 'product_product_name'],
  region_code: ['product/regionCode', 'product_region_code'],
  region: ['product/region', 'product_region'],
  usage_type: ['lineItem/UsageType', 'line_item_usage_type'],
  operation: ['lineItem/Operation', 'line_item_operation'],
  line_type: ['lineItem/LineItemType', 'line_item_line_item_type'],
  bill_type: ['bill/BillType', 'bill_bill_type'],
  billing_entity: ['bill/BillingEntity', 'bill_billing_entity'],
  ri_arn: ['reservation/ReservationARN', 'reservation_reservation_a_r_n'],
  sp_arn: ['savingsPlan/SavingsPlanARN', 'savings_plan_savings_plan_a_r_n'],
  invoice_id: ['bill/InvoiceId', 'bill_invoice_id'],
  currency: ['lineItem/CurrencyCode', 'line_item_currency_code'],
} as const;

const NUMERIC_NAMES = {
  unblended: ['lineItem/UnblendedCost', 'line_item_unblended_cost'],
  public_cost: ['pricing/publicOnDemandCost', 'pricing_public_on_demand_cost'],
  ri_effective: ['reservation/EffectiveCost', 'reservation_effective_cost'],
  sp_effective: ['savingsPlan/SavingsPlanEffectiveCost', 'savings_plan_savings_plan_effective_cost'],
  sp_commitment: ['savingsPlan/TotalCommitmentToDate', 'savings_plan_total_commitment_to_date'],
  sp_used: ['savingsPlan/UsedCommitment', 'savings_plan_used_commitment'],
  ri_unused_upfront: [
    'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod',
    'reservation_unused_amortized_upfront_fee_for_billing_period',
  ],
  ri_unused_recurring: ['reservation/UnusedRecurringFee', 'reservation_unused_recurring_fee'],
  quantity: ['lineItem/UsageAmount', 'line_item_usage_amount'],
} as const;

/** Read as stored: a Parquet TIMESTAMP needs no parsing. */
const TIMESTAMPS = new Set(['usage_start', 'period_start']);

const { text, firstNonBlank, trim } = duckdbText;

const field = (raw: RawColumns, alias: string, names: readonly string[]): RawField => ({
  alias,
  expr: raw.text(...names),
  header: raw.name(...names),
});

/**
 * Legacy CUR (`lineItem/UnblendedCost`) and CUR 2.0 (`line_item_unblended_cost`) share one mapping: CUR
 * 2.0 is the legacy schema in snake_case, with the product attributes that left the static schema
 * (product name, region) moved into the `product` map.
 *
 * List cost is `pricing/publicOnDemandCost` for usage lines (Usage, DiscountedUsage,
 * SavingsPlanCoveredUsage; unblended when absent); SavingsPlanNegation has none (0): the covered line
 * already carries the full on-demand price it cancels; every other line's list is its unblended cost.
 *
 * Amortized cost follows AWS's amortization conventions (the "amortized cost" of Cost Explorer):
 * - DiscountedUsage: `reservation/EffectiveCost`; SavingsPlanCoveredUsage: `savingsPlan/SavingsPlanEffectiveCost`.
 * - SavingsPlanNegation, SavingsPlanUpfrontFee, and an RI's upfront Fee (a Fee with a reservation ARN):
 *   0, since that money is already spread over the covered lines.
 * - SavingsPlanRecurringFee: the unused commitment, `TotalCommitmentToDate − UsedCommitment`.
 * - RIFee: the unused reservation, `UnusedAmortizedUpfrontFeeForBillingPeriod + UnusedRecurringFee`.
 * - everything else, and any of the above whose source columns the report lacks: unblended.
 */
export function curProjection(raw: RawColumns, tags: DeliveryTags = null, format: 'cur' | 'cur2' = 'cur'): Projection {
  const fields = Object.entries(NAMES).map(([alias, names]) => (TIMESTAMPS.has(alias) ? typedField : field)(raw, alias, names));
  const numeric = Object.entries(NUMERIC_NAMES).map(([alias, names]) => typedField(raw, alias, names));
  const named = (alias: string) => fields.find((f) => f.alias === alias) as RawField;
  const usageStart = named('usage_start');
  const periodStart = named('period_start');
  fields.push({ alias: 'product_map_name', expr: raw.mapValue('product', 'product_name'), header: undefined });
  fields.push({ alias: 'product_map_region', expr: raw.mapValue('product', 'region'), header: undefined });
  fields.push({ alias: 'product_map_servicename', expr: raw.mapValue('product', 'servicename'), header: undefined });
  fields.push(...tagFields(raw, tags));
  const tagList = tagListSql(format, tags);
  const textKeys = fields.filter((f) => !TIMESTAMPS.has(f.alias)).map((f) => f.alias);
  const bad = badNumberColumns(numeric);
  const d = (alias: string) => `n_${alias}`;
  const unblended = `COALESCE(${d('unblended')}, 0)`;
  // Each amortized alternative falls back to unblended where the report lacks its source columns.
  const amounts: Record<string, string> = {
    a_unblended: unblended,
    a_public: `COALESCE(${d('public_cost')}, ${unblended})`,
    a_ri_effective: `COALESCE(${d('ri_effective')}, ${unblended})`,
    a_sp_effective: `COALESCE(${d('sp_effective')}, ${unblended})`,
    a_sp_unused: `CASE WHEN ${d('sp_commitment')} IS NOT NULL OR ${d('sp_used')} IS NOT NULL
      THEN COALESCE(${d('sp_commitment')}, 0) - COALESCE(${d('sp_used')}, 0) ELSE ${unblended} END`,
    a_ri_unused: `CASE WHEN ${d('ri_unused_upfront')} IS NOT NULL OR ${d('ri_unused_recurring')} IS NOT NULL
      THEN COALESCE(${d('ri_unused_upfront')}, 0) + COALESCE(${d('ri_unused_recurring')}, 0) ELSE ${unblended} END`,
    a_quantity: `COALESCE(${d('quantity')}, 0)`,
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
  FROM (${rawSelect(raw, fields, numeric, [''])})`;
  const lineType = trim('line_type');
  const arn = `COALESCE(${firstNonBlank('ri_arn', 'sp_arn')}, '')`;
  const normalize = (from: string, carry: readonly string[]) => `SELECT
    ${firstNonBlank('payer')} AS payer,
    ${firstNonBlank('usage_account')} AS usage_account,
    usage_date,
    row_period,
    false AS period_exempt,
    ${text('product_code')} AS service_code,
    COALESCE(${firstNonBlank('product_name', 'product_map_name', 'product_map_servicename', 'product_code')}, '') AS service_name,
    COALESCE(${firstNonBlank('region_code', 'region', 'product_map_region')}, '') AS region,
    ${text('usage_type')} AS usage_type,
    ${text('operation')} AS operation,
    ${knownLineItemType(lineType)} AS line_item_type,
    line_type AS line_item_type_raw,
    ${text('bill_type')} AS bill_type,
    CASE WHEN billing_entity ILIKE '%marketplace%' THEN 'AWS Marketplace' ELSE 'AWS' END AS billing_entity,
    ${arn} AS commitment_arn,
    ${arnAccount(arn)} AS commitment_owner,
    ${text('invoice_id')} AS invoice_id,
    ${trim('currency')} AS currency,
    a_unblended AS unblended,
    CASE
      WHEN ${lineType} IN ${USAGE_LINE_TYPES} THEN a_public
      WHEN ${lineType} = 'SavingsPlanNegation' THEN 0
      ELSE a_unblended
    END AS list,
    CASE
      WHEN ${lineType} = 'DiscountedUsage' THEN a_ri_effective
      WHEN ${lineType} = 'SavingsPlanCoveredUsage' THEN a_sp_effective
      WHEN ${lineType} IN ('SavingsPlanNegation', 'SavingsPlanUpfrontFee') THEN 0
      WHEN ${lineType} = 'Fee' AND ${firstNonBlank('ri_arn')} IS NOT NULL THEN 0
      WHEN ${lineType} = 'SavingsPlanRecurringFee' THEN a_sp_unused
      WHEN ${lineType} = 'RIFee' THEN a_ri_unused
      ELSE a_unblended
    END AS amortized,
    a_quantity AS quantity,
    ${tagList ? `${tagList} AS tags,` : ''}
    false AS other_provider${carry.map((c) => `,\n    ${c}`).join('')}
  FROM ${from}`;
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
      lineItemType: header(NAMES.line_type),
      currency: header(NAMES.currency),
    },
  };
}
