import { CostFileError } from '../aggregator.ts';
import type { CostFormat } from '../line-model.ts';

/**
 * Columns each format cannot be read without. Everything else may be absent in a given month (AWS adds
 * and drops columns as services and report options change) and then reads as NULL.
 */
export const REQUIRED_COLUMNS: Record<CostFormat, readonly string[]> = {
  cur: [
    'bill/PayerAccountId',
    'lineItem/UsageAccountId',
    'lineItem/UsageStartDate',
    'lineItem/LineItemType',
    'lineItem/UnblendedCost',
    'lineItem/CurrencyCode',
  ],
  cur2: [
    'bill_payer_account_id',
    'line_item_usage_account_id',
    'line_item_usage_start_date',
    'line_item_line_item_type',
    'line_item_unblended_cost',
    'line_item_currency_code',
  ],
  focus: ['BillingAccountId', 'SubAccountId', 'ChargePeriodStart', 'ChargeCategory', 'BilledCost', 'BillingCurrency'],
};

/** FOCUS 1.3 renamed ProviderName/PublisherName to ServiceProviderName/HostProviderName; any one names the provider. */
export const FOCUS_PROVIDER_COLUMNS = ['ProviderName', 'ServiceProviderName', 'HostProviderName'] as const;

const SIGNATURES: Record<CostFormat, readonly string[]> = {
  cur: ['lineItem/LineItemType', 'lineItem/UnblendedCost', 'lineItem/UsageAccountId', 'bill/PayerAccountId'],
  cur2: ['line_item_line_item_type', 'line_item_unblended_cost', 'line_item_usage_account_id', 'bill_payer_account_id'],
  focus: ['BilledCost', 'ChargeCategory', 'SubAccountId', 'BillingAccountId', 'ChargePeriodStart', 'EffectiveCost'],
};

const lower = (names: readonly string[]) => new Set(names.map((n) => n.trim().toLowerCase()));

/**
 * The format of a cost file from its column names alone (never its file name). A header matches a
 * format when it carries at least two of that format's signature columns, so a file missing one
 * required column is still recognised and then refused for that column, not as "unknown".
 */
export function detectFormat(columns: readonly string[], file: string): CostFormat {
  const present = lower(columns);
  const matches = (Object.keys(SIGNATURES) as CostFormat[]).filter(
    (format) => SIGNATURES[format].filter((c) => present.has(c.toLowerCase())).length >= 2,
  );
  if (matches.length === 1) return matches[0] as CostFormat;
  const shown = columns.slice(0, 6).join(', ') + (columns.length > 6 ? ', …' : '');
  if (matches.length > 1) {
    throw new CostFileError(file, `header mixes the columns of ${matches.join(' and ')}: ${shown}`);
  }
  throw new CostFileError(file, `unknown header: not a legacy CUR, CUR 2.0 or FOCUS cost report (columns: ${shown || 'none'})`);
}

/** The required columns of `format` that the header lacks (compared case-insensitively). */
export function missingRequiredColumns(format: CostFormat, columns: readonly string[]): string[] {
  const present = lower(columns);
  const missing = REQUIRED_COLUMNS[format].filter((c) => !present.has(c.toLowerCase()));
  if (format === 'focus' && !FOCUS_PROVIDER_COLUMNS.some((c) => present.has(c.toLowerCase()))) {
    missing.push(FOCUS_PROVIDER_COLUMNS.join(' | '));
  }
  return missing;
}

/** Refuses a header that lacks a required column, naming the columns. */
export function assertRequiredColumns(format: CostFormat, columns: readonly string[], file: string): void {
  const missing = missingRequiredColumns(format, columns);
  if (missing.length > 0) {
    throw new CostFileError(
      file,
      `missing required column${missing.length > 1 ? 's' : ''} for ${format}: ${missing.join(', ')}`,
      undefined,
      missing.join(', '),
    );
  }
}
