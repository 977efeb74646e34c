/**
 * The normalized cost model every reader maps into, whatever AWS delivered (legacy CUR, CUR 2.0,
 * FOCUS 1.x). Amounts are decimal strings in USD (CUR carries up to 10 decimals): never a float.
 */
export const COST_FORMATS = ['cur', 'cur2', 'focus'] as const;
export type CostFormat = (typeof COST_FORMATS)[number];

/**
 * Line types in legacy CUR's vocabulary (`lineItem/LineItemType`); CUR 2.0 uses the same values and
 * FOCUS rows are mapped onto them (ChargeCategory/ChargeClass/CommitmentDiscount*), so billing speaks
 * one language.
 */
export const LINE_ITEM_TYPES = [
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
  'DistributorDiscount',
  'BundledDiscount',
  'Refund',
  'Tax',
] as const;
export type LineItemType = (typeof LINE_ITEM_TYPES)[number];

export type BillingEntity = 'AWS' | 'AWS Marketplace';

/**
 * One aggregated fact: the sum of the raw lines sharing account × UTC day × service × region × usage
 * type × operation × line type × bill type × billing entity × commitment. What the portal and billing
 * read; raw lines are never stored.
 */
export type CostFact = {
  billingPeriod: string; // YYYY-MM
  payerAccountId: string;
  usageAccountId: string;
  usageDate: string; // YYYY-MM-DD (UTC)
  serviceCode: string;
  serviceName: string;
  region: string; // '' when the line has none (global services, fees)
  usageType: string;
  operation: string;
  lineItemType: LineItemType;
  /** `Anniversary` (recurring), `Purchase` (upfront, at the purchase-date rate), `Refund`, or '' */
  billType: string;
  billingEntity: BillingEntity;
  /** RI / Savings Plan ARN that covered or charged this line, or '' */
  commitmentArn: string;
  /** The account that owns that commitment (from its ARN), or '' */
  commitmentOwnerAccountId: string;
  invoiceId: string; // '' until AWS finalizes the month
  unblendedUsd: string;
  listUsd: string; // public on-demand cost
  amortizedUsd: string; // effective cost (RI/SP amortization applied)
  usageQuantity: string;
  lineCount: number;
};

/**
 * Cost facts spread over one cost-allocation tag: for each tag key of the delivery, every line sits in
 * exactly one value ('' = the line has no such tag), so a key's tag facts of a month add up to that
 * month's cost facts. Keys are normalized to `user:<Key>` / `aws:<key>` (readers/tag-columns.ts).
 */
export type TagFact = {
  billingPeriod: string;
  payerAccountId: string;
  usageAccountId: string;
  usageDate: string;
  serviceCode: string;
  serviceName: string;
  region: string;
  usageType: string;
  lineItemType: LineItemType;
  billingEntity: BillingEntity;
  tagKey: string;
  tagValue: string;
  unblendedUsd: string;
  listUsd: string;
  amortizedUsd: string;
  lineCount: number;
};
