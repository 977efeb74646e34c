import { Decimal } from 'decimal.js';
import type { BillingEntity, LineItemType } from '../../costs/line-model.ts';
import type { SectionKind } from '../../invoicing/document/invoice-document.ts';
import type { PricingPolicy } from './pricing-policy.ts';

/** What of a cost fact the rules look at. */
export type RatedFact = {
  usageAccountId: string;
  usageDate: string; // YYYY-MM-DD, UTC
  serviceCode: string;
  serviceName: string;
  lineItemType: LineItemType;
  billType: string;
  billingEntity: BillingEntity;
  commitmentOwnerAccountId: string;
  unblendedUsd: string;
  listUsd: string;
};

/** Where the part of AWS's amount that the customer is not billed went (the reconciliation's buckets). */
export type Excluded = 'credit' | 'reseller-discount' | 'aws-tax' | 'commitment-isolation' | 're-rated-at-list';

export type Treatment = {
  section: SectionKind;
  /** What the customer is billed for this fact, in USD, before markup. */
  billedUsd: Decimal;
  /** unblended − billed, and where it went (absent when nothing differs). */
  difference: { bucket: Excluded; usd: Decimal } | null;
  /** Upfront purchases convert at the purchase date's rate, everything else at the usage month's. */
  rate: 'usage-month' | 'purchase-date';
};

/**
 * SPEC §2, one fact at a time. `sameCustomer` says whether the commitment that covered the fact
 * (its owner account, on the fact's day) belongs to the customer being billed.
 */
export function treatFact(fact: RatedFact, policy: PricingPolicy, sameCustomer: boolean): Treatment {
  const unblended = new Decimal(fact.unblendedUsd);
  const list = new Decimal(fact.listUsd);
  const billed = (section: SectionKind, usd: Decimal, bucket: Excluded, rate: Treatment['rate'] = 'usage-month'): Treatment => ({
    section,
    billedUsd: usd,
    difference: unblended.equals(usd) ? null : { bucket, usd: unblended.minus(usd) },
    rate,
  });
  const excluded = (bucket: Excluded) => billed('usage', new Decimal(0), bucket);

  // Marketplace first: its list cost is often 0, so no usage rule may touch it.
  if (fact.billingEntity === 'AWS Marketplace') {
    return billed('marketplace', unblended, 're-rated-at-list', fact.billType === 'Purchase' ? 'purchase-date' : 'usage-month');
  }
  switch (fact.lineItemType) {
    case 'Usage':
      // Free tier is not passed on: usage AWS priced at 0 is billed at its public price.
      return billed('usage', list, 're-rated-at-list');
    case 'DiscountedUsage':
    case 'SavingsPlanCoveredUsage':
      // Covered by the customer's own commitment: paid through its fees. By anyone else's: at list.
      return sameCustomer ? billed('usage', new Decimal(0), 'commitment-isolation') : billed('usage', list, 'commitment-isolation');
    case 'SavingsPlanNegation':
      // The covered line above already says what the customer pays; the negation never discounts it.
      return billed('usage', new Decimal(0), 'commitment-isolation');
    case 'RIFee':
    case 'SavingsPlanRecurringFee':
      return billed('commitment', unblended, 're-rated-at-list');
    case 'Fee':
    case 'SavingsPlanUpfrontFee':
      return fact.billType === 'Purchase' ? billed('purchase', unblended, 're-rated-at-list', 'purchase-date') : billed('usage', unblended, 're-rated-at-list');
    case 'Credit':
      return excluded('credit');
    case 'EdpDiscount':
    case 'PrivateRateDiscount':
    case 'SppDiscount':
    case 'DistributorDiscount':
      return policy.passedDiscounts.includes(fact.lineItemType) ? billed('usage', unblended, 'reseller-discount') : excluded('reseller-discount');
    case 'BundledDiscount':
      return billed('usage', unblended, 're-rated-at-list');
    case 'Refund':
      return billed('refund', unblended, 're-rated-at-list');
    case 'Tax':
      // AWS's tax is replaced by Japanese consumption tax on the yen invoice.
      return excluded('aws-tax');
  }
}
