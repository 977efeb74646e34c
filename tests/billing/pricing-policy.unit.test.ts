import { describe, expect, it } from 'vitest';
import {
  CustomLine,
  DEFAULT_PRICING_POLICY,
  monthsPricedBy,
  PricingPolicy,
  samePolicy,
} from '../../src/modules/billing/rules/pricing-policy.ts';

describe('monthsPricedBy', () => {
  const versions = [{ effectiveFrom: '2025-04' }, { effectiveFrom: '2025-04' }, { effectiveFrom: '2025-09' }, { effectiveFrom: '2026-01' }];

  it('runs from the new month up to the next later version', () => {
    expect(monthsPricedBy(versions, '2025-01')).toEqual({ from: '2025-01', until: '2025-04' });
    // A new version of an existing month replaces it until the next month with a version.
    expect(monthsPricedBy(versions, '2025-04')).toEqual({ from: '2025-04', until: '2025-09' });
    expect(monthsPricedBy(versions, '2025-10')).toEqual({ from: '2025-10', until: '2026-01' });
  });

  it('is open-ended after the last version, or without any', () => {
    expect(monthsPricedBy(versions, '2026-01')).toEqual({ from: '2026-01', until: null });
    expect(monthsPricedBy(versions, '2027-03')).toEqual({ from: '2027-03', until: null });
    expect(monthsPricedBy([], '2025-01')).toEqual({ from: '2025-01', until: null });
  });

  it('does not depend on the order of the versions', () => {
    expect(monthsPricedBy([...versions].reverse(), '2025-05')).toEqual({ from: '2025-05', until: '2025-09' });
  });
});

describe('samePolicy', () => {
  it('ignores key order (jsonb reorders keys) but not values', () => {
    const a = PricingPolicy.parse({ markup: { global: '5', byService: { AmazonEC2: '8', AmazonS3: '2' } } });
    const reordered = JSON.parse(
      '{"rounding":{"tax":"down"},"customLines":[],"markup":{"byBillingEntity":{},"byService":{"AmazonS3":"2","AmazonEC2":"8"},"global":"5"},"passedDiscounts":[]}',
    ) as PricingPolicy;
    expect(samePolicy(a, reordered)).toBe(true);
    expect(samePolicy(a, PricingPolicy.parse({ markup: { global: '5', byService: { AmazonEC2: '8', AmazonS3: '3' } } }))).toBe(false);
    expect(samePolicy(DEFAULT_PRICING_POLICY, PricingPolicy.parse({}))).toBe(true);
  });

  it('keeps the order of lists: custom lines print in their order', () => {
    const line = (description: string) =>
      ({ description, kind: 'fixed', amountJpy: '1000', recurrence: 'recurring', fromMonth: '2025-01' }) as const;
    const ab = PricingPolicy.parse({ customLines: [line('a'), line('b')] });
    const ba = PricingPolicy.parse({ customLines: [line('b'), line('a')] });
    expect(samePolicy(ab, ba)).toBe(false);
  });

  it('tells an absent line rounding (the FX settings) from an explicit one', () => {
    expect(samePolicy(DEFAULT_PRICING_POLICY, PricingPolicy.parse({ rounding: { line: 'half-up' } }))).toBe(false);
  });
});

describe('CustomLine', () => {
  it('names toMonth when it is wrong', () => {
    const oneOff = CustomLine.safeParse({
      description: 'x',
      kind: 'fixed',
      amountJpy: '1',
      recurrence: 'one-off',
      fromMonth: '2025-01',
      toMonth: '2025-02',
    });
    expect(oneOff.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['toMonth', 'a one-off line has no toMonth']]);
    const backwards = CustomLine.safeParse({
      description: 'x',
      kind: 'percent',
      percent: '3',
      recurrence: 'recurring',
      fromMonth: '2025-03',
      toMonth: '2025-02',
    });
    expect(backwards.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['toMonth', 'toMonth before fromMonth']]);
  });
});
