import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { RatedFact } from '../../src/modules/billing/rules/line-treatment.ts';
import { DEFAULT_PRICING_POLICY, PricingPolicy, policyForMonth } from '../../src/modules/billing/rules/pricing-policy.ts';
import { rateCustomerMonth, type CustomerMonthInput } from '../../src/modules/billing/rules/rate-customer-month.ts';
import { fxRateTable, rateForPurchase, rateForUsageMonth } from '../../src/modules/fx/rules/fx-rate-choice.ts';
import { DEFAULT_FX_SETTINGS } from '../../src/modules/fx/rules/fx-settings.ts';

const X = 'company-x';
const Y = 'company-y';
const X_ACCOUNT = '111111111111';
const Y_ACCOUNT = '222222222222';
const companyOn = (account: string) => ({ [X_ACCOUNT]: X, [Y_ACCOUNT]: Y })[account] ?? null;

// October 2024 usage converts at the 3rd of November: Sat 2nd and Sun 3rd (文化の日) have no rate → Fri 1st.
const rates = fxRateTable([
  { date: '2024-11-01', usdJpy: '152.10', source: 'MUFG' },
  { date: '2024-10-15', usdJpy: '149.50', source: 'MUFG' },
  { date: '2024-12-30', usdJpy: '157.20', source: 'MUFG' },
]);

function fact(over: Partial<RatedFact>): RatedFact {
  return {
    usageAccountId: Y_ACCOUNT,
    usageDate: '2024-10-10',
    serviceCode: 'AmazonEC2',
    serviceName: 'Amazon Elastic Compute Cloud',
    lineItemType: 'Usage',
    billType: 'Anniversary',
    billingEntity: 'AWS',
    commitmentOwnerAccountId: '',
    unblendedUsd: '0',
    listUsd: '0',
    ...over,
  };
}

function rate(companyId: string, facts: RatedFact[], policy = DEFAULT_PRICING_POLICY, month = '2024-10'): ReturnType<typeof rateCustomerMonth> {
  const input: CustomerMonthInput = {
    month,
    companyId,
    facts,
    companyOn,
    policy,
    usageRate: rateForUsageMonth(month, rates, DEFAULT_FX_SETTINGS),
    purchaseRate: (date) => rateForPurchase(date, rates, DEFAULT_FX_SETTINGS),
    defaultLineRounding: 'half-up',
  };
  return rateCustomerMonth(input);
}

const Y_FACTS: RatedFact[] = [
  // Free tier: AWS charged 0, the customer pays the public price.
  fact({ unblendedUsd: '0', listUsd: '12.5' }),
  // X's RI covering Y's usage: at list, never discounted by someone else's commitment.
  fact({ lineItemType: 'DiscountedUsage', commitmentOwnerAccountId: X_ACCOUNT, unblendedUsd: '0', listUsd: '40' }),
  // X's Savings Plan covering Y's Lambda: the covered line at list, the negation never discounts.
  fact({ serviceCode: 'AWSLambda', serviceName: 'AWS Lambda', lineItemType: 'SavingsPlanCoveredUsage', commitmentOwnerAccountId: X_ACCOUNT, unblendedUsd: '7', listUsd: '10' }),
  fact({ serviceCode: 'AWSLambda', serviceName: 'AWS Lambda', lineItemType: 'SavingsPlanNegation', commitmentOwnerAccountId: X_ACCOUNT, unblendedUsd: '-7', listUsd: '0' }),
  // Not passed on: credits, the reseller's EDP and SPP discounts, AWS's tax.
  fact({ lineItemType: 'Credit', unblendedUsd: '-5', listUsd: '-5' }),
  fact({ lineItemType: 'EdpDiscount', unblendedUsd: '-3.2', listUsd: '-3.2' }),
  fact({ lineItemType: 'SppDiscount', unblendedUsd: '-1', listUsd: '-1' }),
  fact({ serviceCode: 'AWS', serviceName: 'Tax', lineItemType: 'Tax', unblendedUsd: '4.1', listUsd: '4.1' }),
  // Marketplace: unblended (its list cost is 0), its own section.
  fact({ serviceCode: 'prod-abc123', serviceName: 'Acme Firewall', billingEntity: 'AWS Marketplace', unblendedUsd: '20', listUsd: '0' }),
];

describe('rating a customer month (SPEC §2–§4)', () => {
  it('bills Y at list for free tier and for X’s RI and Savings Plan, excludes credits, discounts and AWS tax', () => {
    const r = rate(Y, Y_FACTS);
    const lines = r.lines.map((l) => [l.section, l.accountId, l.serviceCode, l.usd, l.jpy]);
    // EC2 12.5 + 40 = 52.5 × 152.10 = 7985.25 → 7985; Lambda 10 × 152.10 = 1521; Marketplace 20 × 152.10 = 3042.
    expect(lines).toEqual([
      ['usage', Y_ACCOUNT, 'AmazonEC2', '52.5', 7985n],
      ['usage', Y_ACCOUNT, 'AWSLambda', '10', 1521n],
      ['marketplace', Y_ACCOUNT, 'prod-abc123', '20', 3042n],
    ]);
    expect(r.subtotalJpy).toBe(12548n);
    expect(r.taxJpy).toBe(1254n); // 1254.8 rounded down
    expect(r.totalJpy).toBe(13802n);
    const usage = r.lines[0]!;
    expect(usage.rate).toMatchObject({ rateDate: '2024-11-01', requestedDate: '2024-11-03', usdJpy: '152.10', source: 'MUFG', fallback: true });
    expect(usage.source).toEqual({ usageAccountId: Y_ACCOUNT, serviceCode: 'AmazonEC2', billingEntity: 'AWS', section: 'usage', lineItemTypes: ['DiscountedUsage', 'Usage'], factCount: 2 });
  });

  it('splits AWS’s amount into what is billed and where the rest went, to the cent', () => {
    const r = rate(Y, Y_FACTS);
    expect(r.unblendedUsd.toFixed()).toBe('14.9'); // 0 + 0 + 7 − 7 − 5 − 3.2 − 1 + 4.1 + 20
    expect(r.billedUsd.toFixed()).toBe('82.5'); // 52.5 + 10 + 20
    const d = Object.fromEntries(Object.entries(r.differences).map(([k, v]) => [k, v.toFixed()]));
    expect(d).toEqual({ 're-rated-at-list': '-12.5', 'commitment-isolation': '-50', credit: '-5', 'reseller-discount': '-4.2', 'aws-tax': '4.1' });
    const sum = Object.values(r.differences).reduce((a, b) => a.plus(b), r.billedUsd);
    expect(sum.equals(r.unblendedUsd)).toBe(true);
  });

  it('bills X its own commitments: fees, covered usage net 0, the upfront fee at the purchase date’s rate', () => {
    const r = rate(X, [
      fact({ usageAccountId: X_ACCOUNT, lineItemType: 'RIFee', unblendedUsd: '30', listUsd: '30' }),
      fact({ usageAccountId: X_ACCOUNT, lineItemType: 'DiscountedUsage', commitmentOwnerAccountId: X_ACCOUNT, unblendedUsd: '0', listUsd: '25' }),
      fact({ usageAccountId: X_ACCOUNT, serviceCode: 'AWSLambda', serviceName: 'AWS Lambda', lineItemType: 'SavingsPlanCoveredUsage', commitmentOwnerAccountId: X_ACCOUNT, unblendedUsd: '7', listUsd: '10' }),
      fact({ usageAccountId: X_ACCOUNT, serviceCode: 'AWSLambda', serviceName: 'AWS Lambda', lineItemType: 'SavingsPlanNegation', commitmentOwnerAccountId: X_ACCOUNT, unblendedUsd: '-7', listUsd: '0' }),
      fact({ usageAccountId: X_ACCOUNT, serviceCode: 'ComputeSavingsPlans', serviceName: 'Savings Plans for AWS Compute usage', lineItemType: 'SavingsPlanRecurringFee', unblendedUsd: '24.24', listUsd: '24.24' }),
      fact({ usageAccountId: X_ACCOUNT, usageDate: '2024-10-15', lineItemType: 'Fee', billType: 'Purchase', unblendedUsd: '1000', listUsd: '1000' }),
    ]);
    expect(r.lines.map((l) => [l.section, l.serviceCode, l.usd, l.rate?.rateDate, l.jpy])).toEqual([
      ['commitment', 'AmazonEC2', '30', '2024-11-01', 4563n], // 30 × 152.10
      ['commitment', 'ComputeSavingsPlans', '24.24', '2024-11-01', 3687n], // 24.24 × 152.10 = 3686.904
      ['purchase', 'AmazonEC2', '1000', '2024-10-15', 149500n], // 1000 × 149.50, the purchase date's rate
    ]);
    expect(r.lines[2]!.description).toBe('Amazon Elastic Compute Cloud（2024-10-15 購入）');
    expect(r.subtotalJpy).toBe(157750n);
    expect(r.taxJpy).toBe(15775n);
  });

  it('applies a service markup and custom fees, and rounds tax once per invoice', () => {
    const policy = PricingPolicy.parse({
      markup: { byService: { AWSLambda: '10' } },
      customLines: [
        { description: 'マネージドサービス料', kind: 'fixed', amountJpy: '30000', recurrence: 'recurring', fromMonth: '2024-01' },
        { description: '導入支援', kind: 'percent', percent: '5', recurrence: 'one-off', fromMonth: '2024-10' },
        { description: '先月のみ', kind: 'fixed', amountJpy: '999', recurrence: 'one-off', fromMonth: '2024-09' },
      ],
    });
    const r = rate(Y, Y_FACTS, policy);
    const lambda = r.lines.find((l) => l.serviceCode === 'AWSLambda')!;
    expect([lambda.baseUsd, lambda.markupPercent, lambda.usd, lambda.jpy]).toEqual(['10', '10', '11', 1673n]); // 11 × 152.10 = 1673.1
    // AWS lines 7985 + 1673 + 3042 = 12700; fixed 30000; 5 % of 12700 = 635; the September one-off is not billed.
    expect(r.lines.filter((l) => l.section === 'custom').map((l) => [l.description, l.jpy])).toEqual([
      ['マネージドサービス料', 30000n],
      ['導入支援', 635n],
    ]);
    expect(r.subtotalJpy).toBe(43335n);
    // 4333.5 rounded down once; per line it would be 798 + 167 + 304 + 3000 + 63 = 4332.
    expect(r.taxJpy).toBe(4333n);
    expect(r.totalJpy).toBe(47668n);
  });

  it('passes a reseller discount on when the contract says so', () => {
    const r = rate(Y, [fact({ unblendedUsd: '100', listUsd: '100' }), fact({ lineItemType: 'EdpDiscount', unblendedUsd: '-3', listUsd: '-3' })], PricingPolicy.parse({ passedDiscounts: ['EdpDiscount'] }));
    expect(r.lines.map((l) => [l.usd, l.jpy])).toEqual([['97', 14754n]]); // 97 × 152.10 = 14753.7
  });

  it('converts December at the last business day of December: January 3 is a bank holiday', () => {
    const r = rate(Y, [fact({ usageDate: '2024-12-05', unblendedUsd: '100', listUsd: '100' })], DEFAULT_PRICING_POLICY, '2024-12');
    expect(r.lines[0]!.rate).toMatchObject({ requestedDate: '2025-01-03', rateDate: '2024-12-30', usdJpy: '157.20' });
    expect(r.lines[0]!.jpy).toBe(15720n);
  });

  it('stops with the date it needs when a rate is missing', () => {
    expect(() => rate(Y, [fact({ usageDate: '2024-10-20', lineItemType: 'Fee', billType: 'Purchase', unblendedUsd: '1', listUsd: '1' })])).toThrow(/2024-10-18|2024-10-20/);
  });

  it('takes the policy version in force for the month', () => {
    const v = (effectiveFrom: string, version: number, global: string) => ({ effectiveFrom, version, policy: PricingPolicy.parse({ markup: { global } }) });
    const versions = [v('2024-01', 1, '5'), v('2024-10', 1, '7'), v('2024-10', 2, '8'), v('2024-12', 1, '9')];
    expect(policyForMonth(versions, '2024-09').policy.markup.global).toBe('5');
    expect(policyForMonth(versions, '2024-11').policy.markup.global).toBe('8');
    expect(policyForMonth(versions, '2023-12')).toEqual({ policy: DEFAULT_PRICING_POLICY, version: null });
  });

  it('never uses a float: 10-decimal amounts stay exact', () => {
    const r = rate(Y, [fact({ unblendedUsd: '0.1000000001', listUsd: '0.1000000001' }), fact({ unblendedUsd: '0.2000000002', listUsd: '0.2000000002' })]);
    expect(r.lines[0]!.usd).toBe(new Decimal('0.3000000003').toFixed());
    expect(r.lines[0]!.jpy).toBe(46n); // 0.3000000003 × 152.10 = 45.63…
  });
});
