import { describe, expect, it } from 'vitest';
import { CostFileError } from '../../../src/modules/costs/aggregator.ts';
import { assertRequiredColumns, detectFormat, missingRequiredColumns } from '../../../src/modules/costs/readers/detect-format.ts';

const legacy = ['identity/LineItemId', 'bill/PayerAccountId', 'lineItem/UsageAccountId', 'lineItem/LineItemType', 'lineItem/UnblendedCost'];
const cur2 = [
  'bill_payer_account_id',
  'line_item_usage_account_id',
  'line_item_line_item_type',
  'line_item_unblended_cost',
  'product',
  'resource_tags',
  'discount',
  'cost_category',
];
const focus = ['BilledCost', 'BillingAccountId', 'ChargeCategory', 'ChargePeriodStart', 'EffectiveCost', 'ProviderName', 'SubAccountId'];

describe('detectFormat', () => {
  it('tells the three formats from their column names', () => {
    expect(detectFormat(legacy, 'a.csv')).toBe('cur');
    expect(detectFormat(cur2, 'a.parquet')).toBe('cur2');
    expect(detectFormat(focus, 'a.csv')).toBe('focus');
  });

  it('ignores the file name and the case of the columns', () => {
    expect(
      detectFormat(
        focus.map((c) => c.toLowerCase()),
        'cur-report.csv.gz',
      ),
    ).toBe('focus');
    expect(
      detectFormat(
        cur2.map((c) => c.toUpperCase()),
        'focus.csv',
      ),
    ).toBe('cur2');
  });

  it('recognises a header that lacks one required column, so that column can be named', () => {
    const header = legacy.filter((c) => c !== 'lineItem/UnblendedCost');
    expect(detectFormat(header, 'a.csv')).toBe('cur');
    expect(missingRequiredColumns('cur', header)).toEqual(['lineItem/UsageStartDate', 'lineItem/UnblendedCost', 'lineItem/CurrencyCode']);
  });

  it('refuses an unknown header with a CostFileError naming the file', () => {
    const attempt = () => detectFormat(['date', 'amount', 'memo'], 'bank.csv');
    expect(attempt).toThrow(CostFileError);
    expect(attempt).toThrow(/^bank\.csv: unknown header/);
    expect(() => detectFormat([], 'empty.csv')).toThrow(/unknown header/);
  });

  it('refuses a header that mixes two formats', () => {
    expect(() => detectFormat([...legacy, ...focus], 'x.csv')).toThrow(/mixes the columns of cur and focus/);
  });

  it('accepts any FOCUS provider column (ProviderName, or the 1.3 ServiceProviderName/HostProviderName)', () => {
    const base = focus.filter((c) => c !== 'ProviderName').concat('BillingCurrency');
    expect(missingRequiredColumns('focus', base)).toEqual(['ProviderName | ServiceProviderName | HostProviderName']);
    expect(missingRequiredColumns('focus', [...base, 'ServiceProviderName'])).toEqual([]);
    expect(missingRequiredColumns('focus', [...base, 'HostProviderName'])).toEqual([]);
  });

  it('names every missing required column in the error', () => {
    try {
      assertRequiredColumns('cur2', cur2, 'x.parquet');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CostFileError);
      const e = error as CostFileError;
      expect(e.column).toBe('line_item_usage_start_date, line_item_currency_code');
      expect(e.message).toContain('missing required columns for cur2');
    }
  });
});
