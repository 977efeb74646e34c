/**
 * Column sets of the three layouts. A generated line is a string array in legacy CUR column order
 * (the richest of the three); the CUR 2.0 and FOCUS writers derive their columns from it.
 */

/** Legacy CUR columns as `category/name` with the manifest's type names. */
export const LEGACY_COLUMNS = [
  ['identity/LineItemId', 'String'],
  ['identity/TimeInterval', 'Interval'],
  ['bill/InvoiceId', 'String'],
  ['bill/InvoicingEntity', 'String'],
  ['bill/BillingEntity', 'String'],
  ['bill/BillType', 'String'],
  ['bill/PayerAccountId', 'String'],
  ['bill/BillingPeriodStartDate', 'DateTime'],
  ['bill/BillingPeriodEndDate', 'DateTime'],
  ['lineItem/UsageAccountId', 'String'],
  ['lineItem/LineItemType', 'String'],
  ['lineItem/UsageStartDate', 'DateTime'],
  ['lineItem/UsageEndDate', 'DateTime'],
  ['lineItem/ProductCode', 'String'],
  ['lineItem/UsageType', 'String'],
  ['lineItem/Operation', 'String'],
  ['lineItem/AvailabilityZone', 'String'],
  ['lineItem/ResourceId', 'String'],
  ['lineItem/UsageAmount', 'OptionalBigDecimal'],
  ['lineItem/NormalizationFactor', 'OptionalBigDecimal'],
  ['lineItem/NormalizedUsageAmount', 'OptionalBigDecimal'],
  ['lineItem/CurrencyCode', 'String'],
  ['lineItem/UnblendedRate', 'String'],
  ['lineItem/UnblendedCost', 'BigDecimal'],
  ['lineItem/BlendedRate', 'String'],
  ['lineItem/BlendedCost', 'BigDecimal'],
  ['lineItem/LineItemDescription', 'String'],
  ['lineItem/TaxType', 'String'],
  ['lineItem/LegalEntity', 'String'],
  ['product/ProductName', 'String'],
  ['product/instanceType', 'String'],
  ['product/location', 'String'],
  ['product/locationType', 'String'],
  ['product/operation', 'String'],
  ['product/productFamily', 'String'],
  ['product/region', 'String'],
  ['product/regionCode', 'String'],
  ['product/servicecode', 'String'],
  ['product/servicename', 'String'],
  ['product/sku', 'String'],
  ['product/usagetype', 'String'],
  ['pricing/RateCode', 'String'],
  ['pricing/currency', 'String'],
  ['pricing/publicOnDemandCost', 'BigDecimal'],
  ['pricing/publicOnDemandRate', 'String'],
  ['pricing/term', 'String'],
  ['pricing/unit', 'String'],
  ['reservation/AmortizedUpfrontCostForUsage', 'BigDecimal'],
  ['reservation/AmortizedUpfrontFeeForBillingPeriod', 'BigDecimal'],
  ['reservation/EffectiveCost', 'BigDecimal'],
  ['reservation/EndTime', 'String'],
  ['reservation/NumberOfReservations', 'String'],
  ['reservation/RecurringFeeForUsage', 'BigDecimal'],
  ['reservation/ReservationARN', 'String'],
  ['reservation/StartTime', 'String'],
  ['reservation/SubscriptionId', 'String'],
  ['reservation/TotalReservedUnits', 'String'],
  ['reservation/UnusedAmortizedUpfrontFeeForBillingPeriod', 'BigDecimal'],
  ['reservation/UnusedQuantity', 'BigDecimal'],
  ['reservation/UnusedRecurringFee', 'BigDecimal'],
  ['reservation/UpfrontValue', 'BigDecimal'],
  ['savingsPlan/TotalCommitmentToDate', 'BigDecimal'],
  ['savingsPlan/SavingsPlanARN', 'String'],
  ['savingsPlan/SavingsPlanRate', 'BigDecimal'],
  ['savingsPlan/UsedCommitment', 'BigDecimal'],
  ['savingsPlan/SavingsPlanEffectiveCost', 'BigDecimal'],
  ['savingsPlan/AmortizedUpfrontCommitmentForBillingPeriod', 'BigDecimal'],
  ['savingsPlan/RecurringCommitmentForBillingPeriod', 'BigDecimal'],
  ['savingsPlan/StartTime', 'String'],
  ['savingsPlan/EndTime', 'String'],
  ['savingsPlan/OfferingType', 'String'],
  ['savingsPlan/PaymentOption', 'String'],
  ['savingsPlan/PurchaseTerm', 'String'],
  ['resourceTags/user:Project', 'String'],
  ['resourceTags/user:Environment', 'String'],
  ['resourceTags/user:CostCenter', 'String'],
  ['costCategory/Customer', 'String'],
] as const;

export type LegacyColumn = (typeof LEGACY_COLUMNS)[number][0];
export const COLUMN_COUNT = LEGACY_COLUMNS.length;

const INDEX = new Map<string, number>(LEGACY_COLUMNS.map(([name], i) => [name, i]));
/** Position of a legacy column in a generated line. */
export function col(name: LegacyColumn): number {
  return INDEX.get(name) as number;
}

/**
 * CUR 2.0's snake_case names follow the legacy ones mechanically: `savingsPlan/SavingsPlanARN` →
 * `savings_plan_savings_plan_a_r_n` (each capital starts a word, which is why ARN becomes a_r_n).
 */
export function snakeCase(legacyName: string): string {
  return legacyName
    .replace('/', '_')
    .replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
    .replace(/__+/g, '_');
}

/** FOCUS 1.0 columns (the FinOps Foundation sample's set, without its non-standard `Id`), then AWS's x_ columns. */
export const FOCUS_COLUMNS = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
  'x_CostCategories',
  'x_Discounts',
  'x_Operation',
  'x_ServiceCode',
  'x_UsageType',
] as const;
export type FocusColumn = (typeof FOCUS_COLUMNS)[number];

const NEEDS_QUOTES = /[",\n\r]/;

/** RFC 4180 quoting, only where needed (as AWS writes its CSVs). */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  let out = csvField(values[0] ?? '');
  for (let i = 1; i < values.length; i++) out += `,${csvField(values[i] as string)}`;
  return `${out}\n`;
}
