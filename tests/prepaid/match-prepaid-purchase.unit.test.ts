import { describe, expect, it } from 'vitest';
import { convertUsdToJpy } from '../../src/modules/fx/rules/yen-conversion.ts';
import {
  matchPrepaidPurchases,
  needsNotice,
  purchaseTypeOf,
  type NoticeToMatch,
  type PurchaseToMatch,
} from '../../src/modules/prepaid/rules/match-prepaid-purchase.ts';

describe('purchaseTypeOf', () => {
  const fact = (lineItemType: string, billType: string, billingEntity = 'AWS', commitmentArn = '') => ({ lineItemType, billType, billingEntity, commitmentArn });

  it('tells upfront purchases by bill type Purchase', () => {
    expect(purchaseTypeOf(fact('Fee', 'Purchase', 'AWS', 'arn:aws:rds:ap-northeast-1:111111111111:ri:ri-1'))).toBe('RI');
    expect(purchaseTypeOf(fact('SavingsPlanUpfrontFee', 'Purchase', 'AWS', 'arn:aws:savingsplans::111111111111:savingsplan/x'))).toBe('SavingsPlan');
    // Marketplace comes first, whatever the line type.
    expect(purchaseTypeOf(fact('Usage', 'Purchase', 'AWS Marketplace'))).toBe('Marketplace');
    expect(purchaseTypeOf(fact('Fee', 'Purchase', 'AWS Marketplace', 'arn:x'))).toBe('Marketplace');
    // A one-time Fee without a reservation (e.g. a domain) is still an upfront purchase.
    expect(purchaseTypeOf(fact('Fee', 'Purchase'))).toBe('other');
  });

  it('leaves out everything else', () => {
    expect(purchaseTypeOf(fact('Fee', 'Anniversary'))).toBeNull(); // the monthly support fee
    expect(purchaseTypeOf(fact('RIFee', 'Anniversary', 'AWS', 'arn:x'))).toBeNull();
    expect(purchaseTypeOf(fact('Usage', 'Anniversary', 'AWS Marketplace'))).toBeNull();
    expect(purchaseTypeOf(fact('Refund', 'Refund'))).toBeNull();
  });
});

describe('needsNotice', () => {
  it('is ¥5,000,000 inclusive at the purchase-date rate, rounded as an invoice line', () => {
    // 33,333.34 × 150.00 = 5,000,001.00
    expect(needsNotice(convertUsdToJpy('33333.34', '150.00'))).toBe(true);
    // 33,333.33 × 150.00 = 4,999,999.50 → half-up ¥5,000,000: exactly the threshold, so it needs one.
    expect(convertUsdToJpy('33333.33', '150.00')).toBe(5_000_000n);
    expect(needsNotice(convertUsdToJpy('33333.33', '150.00'))).toBe(true);
    // 33,333.32 × 150.00 = 4,999,998.00
    expect(needsNotice(convertUsdToJpy('33333.32', '150.00'))).toBe(false);
  });

  it('cannot rule out a purchase whose yen value is unknown', () => {
    expect(needsNotice(null)).toBe(true);
  });
});

describe('matchPrepaidPurchases', () => {
  const notice = (over: Partial<NoticeToMatch> = {}): NoticeToMatch => ({
    id: 'n1',
    companyId: 'acme',
    purchaseType: 'RI',
    expectedUsd: '40000',
    expectedDate: '2026-10-15',
    filedOn: '2026-10-01',
    status: 'filed',
    coveredUsd: '0',
    ...over,
  });
  const purchase = (over: Partial<PurchaseToMatch> = {}): PurchaseToMatch => ({
    key: 'p1',
    companyId: 'acme',
    purchaseType: 'RI',
    purchaseDate: '2026-10-20',
    amountUsd: '40000',
    ...over,
  });
  const match = (purchases: PurchaseToMatch[], notices: NoticeToMatch[]) => Object.fromEntries(matchPrepaidPurchases(purchases, notices));

  it('matches a purchase of the same company and type near the expected date', () => {
    expect(match([purchase()], [notice()])).toEqual({ p1: 'n1' });
    expect(match([purchase()], [notice({ status: 'acknowledged' })])).toEqual({ p1: 'n1' });
  });

  it('needs the same company, the same type, a notice not withdrawn', () => {
    expect(match([purchase({ companyId: 'other' })], [notice()])).toEqual({ p1: null });
    expect(match([purchase({ companyId: null })], [notice()])).toEqual({ p1: null });
    expect(match([purchase({ purchaseType: 'SavingsPlan' })], [notice()])).toEqual({ p1: null });
    expect(match([purchase()], [notice({ status: 'withdrawn' })])).toEqual({ p1: null });
  });

  it('takes purchases within 31 days of the expected date, inclusive', () => {
    // 2026-10-15 + 31 days = 2026-11-15; − 31 days = 2026-09-14 (but filed 2026-09-01 so it is in advance).
    const early = notice({ filedOn: '2026-09-01' });
    expect(match([purchase({ purchaseDate: '2026-11-15' })], [early])).toEqual({ p1: 'n1' });
    expect(match([purchase({ purchaseDate: '2026-11-16' })], [early])).toEqual({ p1: null });
    expect(match([purchase({ purchaseDate: '2026-09-14' })], [early])).toEqual({ p1: 'n1' });
    expect(match([purchase({ purchaseDate: '2026-09-13' })], [early])).toEqual({ p1: null });
  });

  it('only counts a notice filed on or before the purchase day', () => {
    expect(match([purchase({ purchaseDate: '2026-10-01' })], [notice()])).toEqual({ p1: 'n1' });
    expect(match([purchase({ purchaseDate: '2026-10-01' })], [notice({ filedOn: '2026-10-02' })])).toEqual({ p1: null });
  });

  it('covers up to 120% of the expected amount, in total over its purchases', () => {
    // 40,000 × 1.2 = 48,000.
    expect(match([purchase({ amountUsd: '48000' })], [notice()])).toEqual({ p1: 'n1' });
    expect(match([purchase({ amountUsd: '48000.01' })], [notice()])).toEqual({ p1: null });
    // A smaller purchase than announced is covered.
    expect(match([purchase({ amountUsd: '35000' })], [notice()])).toEqual({ p1: 'n1' });
    // 30,000 already covered + 18,000 = 48,000: fits; + 18,000.01 does not.
    expect(match([purchase({ amountUsd: '18000' })], [notice({ coveredUsd: '30000' })])).toEqual({ p1: 'n1' });
    expect(match([purchase({ amountUsd: '18000.01' })], [notice({ coveredUsd: '30000' })])).toEqual({ p1: null });
  });

  it('splits one announced order over several purchases until the notice is used up, in date order', () => {
    const purchases = [
      purchase({ key: 'c', purchaseDate: '2026-10-18', amountUsd: '20000' }),
      purchase({ key: 'a', purchaseDate: '2026-10-16', amountUsd: '20000' }),
      purchase({ key: 'b', purchaseDate: '2026-10-17', amountUsd: '20000' }),
    ];
    // a: 20,000; b: 40,000; c would make 60,000 > 48,000.
    expect(match(purchases, [notice()])).toEqual({ a: 'n1', b: 'n1', c: null });
  });

  it('prefers the notice whose expected date is nearest, then the earliest filed', () => {
    const far = notice({ id: 'far', expectedDate: '2026-10-01', filedOn: '2026-09-01' });
    const near = notice({ id: 'near', expectedDate: '2026-10-19', filedOn: '2026-10-05' });
    expect(match([purchase()], [far, near])).toEqual({ p1: 'near' });
    const later = notice({ id: 'later', filedOn: '2026-10-03' });
    const first = notice({ id: 'first', filedOn: '2026-10-02' });
    expect(match([purchase()], [later, first])).toEqual({ p1: 'first' });
    // Two purchases, two notices: each takes one.
    const two = [purchase({ key: 'x', amountUsd: '40000' }), purchase({ key: 'y', amountUsd: '40000' })];
    expect(match(two, [later, first])).toEqual({ x: 'first', y: 'later' });
  });
});
