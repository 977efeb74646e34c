import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RatedFact } from '../../src/modules/billing/rules/line-treatment.ts';
import { PricingPolicy } from '../../src/modules/billing/rules/pricing-policy.ts';
import { consumptionTax, rateCustomerMonth } from '../../src/modules/billing/rules/rate-customer-month.ts';
import { LINE_ITEM_TYPES } from '../../src/modules/costs/line-model.ts';
import type { ChosenFxRate } from '../../src/modules/fx/rules/fx-rate-choice.ts';

/** Properties of the rating over generated cost data: what holds for any month, not one example. */
const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const owner = (account: string) => ({ '111111111111': 'X', '222222222222': 'X', '333333333333': 'Y' })[account] ?? null;

const usd = fc
  .tuple(fc.integer({ min: -5_000_000, max: 50_000_000 }), fc.integer({ min: 0, max: 9_999_999_999 }))
  .map(([whole, frac]) => new Decimal(whole).plus(new Decimal(frac).dividedBy(1e10)).div(100).toFixed());

const fact: fc.Arbitrary<RatedFact> = fc.record({
  usageAccountId: fc.constantFrom('111111111111', '222222222222'),
  usageDate: fc.integer({ min: 1, max: 30 }).map((d) => `2024-10-${String(d).padStart(2, '0')}`),
  serviceCode: fc.constantFrom('AmazonEC2', 'AmazonS3', 'AWSLambda', 'prod-mkt1'),
  serviceName: fc.constant('service'),
  lineItemType: fc.constantFrom(...LINE_ITEM_TYPES),
  billType: fc.constantFrom('Anniversary', 'Purchase', 'Refund'),
  billingEntity: fc.constantFrom('AWS' as const, 'AWS' as const, 'AWS Marketplace' as const),
  commitmentOwnerAccountId: fc.constantFrom('', ...ACCOUNTS),
  unblendedUsd: usd,
  listUsd: usd,
});

const policy = fc.record({
  markup: fc.record({ global: fc.constantFrom('0', '5', '-3.5', '12.25') }),
  passedDiscounts: fc.subarray(['EdpDiscount', 'SppDiscount'] as const),
  customLines: fc.constantFrom(
    [],
    [{ description: 'fee', kind: 'fixed', amountJpy: '30000', recurrence: 'recurring', fromMonth: '2024-01' }],
    [{ description: 'pct', kind: 'percent', percent: '7.5', recurrence: 'one-off', fromMonth: '2024-10' }],
  ),
  rounding: fc.record({ tax: fc.constantFrom('down', 'half-up'), line: fc.constantFrom('half-up', 'down', 'half-even') }),
});

const rate = (date: string, usdJpy: string): ChosenFxRate => ({ basis: { kind: 'purchase-date', date }, requestedDate: date, rateDate: date, usdJpy, source: 'TEST', fallback: false, skipped: [] });

function rateMonth(facts: RatedFact[], rawPolicy: unknown) {
  return rateCustomerMonth({
    month: '2024-10',
    companyId: 'X',
    facts,
    companyOn: owner,
    policy: PricingPolicy.parse(rawPolicy),
    usageRate: { ...rate('2024-11-01', '152.37'), basis: { kind: 'usage-month', month: '2024-10' }, requestedDate: '2024-11-03', fallback: true },
    purchaseRate: (date) => rate(date, `14${date.slice(-1)}.05`),
    defaultLineRounding: 'half-up',
  });
}

describe('rating properties', () => {
  it('accounts for every cent of AWS’s amount: billed + the differences by reason = unblended', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 60 }), policy, (facts, p) => {
        const r = rateMonth(facts, p);
        const total = facts.reduce((sum, f) => sum.plus(f.unblendedUsd), new Decimal(0));
        expect(r.unblendedUsd.equals(total)).toBe(true);
        expect(Object.values(r.differences).reduce((a, b) => a.plus(b), r.billedUsd).equals(total)).toBe(true);
      }),
    );
  });

  it('totals are the sum of the lines plus the tax, computed once on the subtotal', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 60 }), policy, (facts, p) => {
        const r = rateMonth(facts, p);
        expect(r.subtotalJpy).toBe(r.lines.reduce((sum, l) => sum + l.jpy, 0n));
        expect(r.taxJpy).toBe(consumptionTax(r.subtotalJpy, PricingPolicy.parse(p).rounding.tax));
        expect(r.totalJpy).toBe(r.subtotalJpy + r.taxJpy);
        for (const l of r.lines) expect(typeof l.jpy).toBe('bigint');
      }),
    );
  });

  it('gives the same invoice whatever order the facts come in, every time', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 40 }), policy, fc.integer(), (facts, p, seed) => {
        const shuffled = [...facts].sort((a, b) => ((JSON.stringify(a).length * 31 + seed) % 7) - ((JSON.stringify(b).length * 31 + seed) % 7));
        const once = rateMonth(facts, p);
        expect(rateMonth(shuffled, p)).toEqual(once);
        expect(rateMonth(facts, p)).toEqual(once);
      }),
    );
  });

  it('never lets another customer’s commitment lower a covered line below its list cost', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 40 }), (facts) => {
        const covered = facts.map((f) => ({ ...f, lineItemType: 'DiscountedUsage' as const, billingEntity: 'AWS' as const, commitmentOwnerAccountId: '333333333333' }));
        const r = rateMonth(covered, {});
        const list = covered.reduce((sum, f) => sum.plus(f.listUsd), new Decimal(0));
        expect(r.billedUsd.equals(list)).toBe(true);
      }),
    );
  });
});
