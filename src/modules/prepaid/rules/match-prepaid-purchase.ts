import { Decimal } from 'decimal.js';
import { daysBetween } from '../../calendar/rules/calendar-date.ts';

/**
 * Large prepaid purchases (seed 000 §2.2.5, SPEC §4): a prepaid purchase of ¥5,000,000 or more
 * needs an advance notice. Pure: which cost facts are such purchases, which are large, and which
 * notice covers which purchase.
 */
export const PREPAID_PURCHASE_TYPES = ['RI', 'SavingsPlan', 'Marketplace', 'other'] as const;
export type PrepaidPurchaseType = (typeof PREPAID_PURCHASE_TYPES)[number];

/** ¥5,000,000 or more, at the purchase date's rate, needs a notice (inclusive). */
export const LARGE_PURCHASE_THRESHOLD_JPY = 5_000_000n;
/** A notice covers purchases made up to this many days before or after its expected date. */
export const NOTICE_WINDOW_DAYS = 31;
/** A notice covers purchases totalling up to its expected USD amount × this factor. */
export const NOTICE_AMOUNT_TOLERANCE = new Decimal('1.2');

export type PurchaseFact = { lineItemType: string; billType: string; billingEntity: string; commitmentArn: string };

/**
 * The kind of upfront purchase a cost fact is, or null when it is not one. An upfront purchase has
 * bill type Purchase (FOCUS One-Time Purchase is projected to it): Marketplace first, whatever its
 * line type (as in billing); a Savings Plan's upfront fee; a Fee with a reservation ARN is an RI's
 * upfront fee; any other one-time Fee purchase is "other".
 */
export function purchaseTypeOf(fact: PurchaseFact): PrepaidPurchaseType | null {
  if (fact.billType !== 'Purchase') return null;
  if (fact.billingEntity === 'AWS Marketplace') return 'Marketplace';
  if (fact.lineItemType === 'SavingsPlanUpfrontFee') return 'SavingsPlan';
  if (fact.lineItemType === 'Fee') return fact.commitmentArn ? 'RI' : 'other';
  return null;
}

/** Whether a purchase must be matched: ≥ ¥5,000,000, or of unknown yen value (no rate for its day). */
export function needsNotice(amountJpy: bigint | null): boolean {
  return amountJpy === null || amountJpy >= LARGE_PURCHASE_THRESHOLD_JPY;
}

export type NoticeToMatch = {
  id: string;
  companyId: string;
  purchaseType: PrepaidPurchaseType;
  expectedUsd: string;
  expectedDate: string;
  /** UTC day the notice was filed: it must come before the purchase (advance notice). */
  filedOn: string;
  status: 'filed' | 'acknowledged' | 'withdrawn';
  /** USD of purchases this notice already covers (from earlier checks). */
  coveredUsd: string;
};

export type PurchaseToMatch = {
  key: string;
  /** Who owned the buying account on the purchase day; null when nobody did (no notice can cover it). */
  companyId: string | null;
  purchaseType: PrepaidPurchaseType;
  /** UTC day of the purchase (the cost fact's usage date). */
  purchaseDate: string;
  amountUsd: string;
};

/**
 * For each purchase (by key), the notice that covers it, or null. A notice covers a purchase of
 * the same company and type, made within NOTICE_WINDOW_DAYS of the expected date, filed on or
 * before the purchase day, not withdrawn (acknowledged or not: the customer did give notice), and
 * while the USD it covers in total stays within expected × NOTICE_AMOUNT_TOLERANCE — so one notice
 * can cover an order split into several purchases, but not ten times what was announced. Among
 * several, the one whose expected date is nearest, then the earliest filed. Purchases are taken in
 * date order so the outcome does not depend on input order.
 */
export function matchPrepaidPurchases(purchases: readonly PurchaseToMatch[], notices: readonly NoticeToMatch[]): Map<string, string | null> {
  const covered = new Map(notices.map((n) => [n.id, new Decimal(n.coveredUsd)]));
  const result = new Map<string, string | null>();
  const ordered = [...purchases].sort((a, b) => a.purchaseDate.localeCompare(b.purchaseDate) || a.key.localeCompare(b.key));
  for (const purchase of ordered) {
    const amount = new Decimal(purchase.amountUsd);
    const candidates = notices
      .filter(
        (n) =>
          n.status !== 'withdrawn' &&
          n.companyId === purchase.companyId &&
          n.purchaseType === purchase.purchaseType &&
          n.filedOn <= purchase.purchaseDate &&
          Math.abs(daysBetween(n.expectedDate, purchase.purchaseDate)) <= NOTICE_WINDOW_DAYS &&
          covered.get(n.id)!.plus(amount).lte(new Decimal(n.expectedUsd).times(NOTICE_AMOUNT_TOLERANCE)),
      )
      .sort(
        (a, b) =>
          Math.abs(daysBetween(a.expectedDate, purchase.purchaseDate)) - Math.abs(daysBetween(b.expectedDate, purchase.purchaseDate)) ||
          a.filedOn.localeCompare(b.filedOn) ||
          a.id.localeCompare(b.id),
      );
    const notice = candidates[0] ?? null;
    if (notice) covered.set(notice.id, covered.get(notice.id)!.plus(amount));
    result.set(purchase.key, notice?.id ?? null);
  }
  return result;
}
