import { Decimal } from 'decimal.js';
import type { ChosenFxRate } from '../../fx/rules/fx-rate-choice.ts';
import { convertUsdToJpy } from '../../fx/rules/yen-conversion.ts';
import type { YenRounding } from '../../fx/rules/fx-settings.ts';
import type { SectionKind } from '../../invoicing/document/invoice-document.ts';
import { treatFact, type Excluded, type RatedFact } from './line-treatment.ts';
import { customLinesForMonth, markupPercent, type PricingPolicy } from './pricing-policy.ts';

export const CONSUMPTION_TAX_RATE = 10;

/** The facts an invoice line sums: enough to select them again from cost_facts. */
export type LineSource = {
  usageAccountId: string;
  serviceCode: string;
  billingEntity: RatedFact['billingEntity'];
  section: SectionKind;
  /** Purchases only: the purchase day. */
  purchaseDate?: string;
  lineItemTypes: string[];
  factCount: number;
};

export type DraftLine = {
  section: SectionKind;
  accountId: string | null;
  serviceCode: string | null;
  serviceName: string | null;
  description: string;
  /** Billed USD before markup (the sum of the facts' treatments). */
  baseUsd: string | null;
  markupPercent: string | null;
  /** What was converted: baseUsd × (1 + markup). */
  usd: string | null;
  rate: ChosenFxRate | null;
  jpy: bigint;
  source: LineSource | null;
  /** Adjustments only: the finalized month this line corrects. */
  correctsMonth?: string;
};

export type CustomerMonthRating = {
  lines: DraftLine[];
  subtotalJpy: bigint;
  taxJpy: bigint;
  totalJpy: bigint;
  /** USD billed before markup, over all converted lines. */
  billedUsd: Decimal;
  /** Per reconciliation bucket: AWS's unblended amount not billed (or billed above it when negative). */
  differences: Record<Excluded, Decimal>;
  unblendedUsd: Decimal;
};

export type CustomerMonthInput = {
  month: string; // YYYY-MM
  companyId: string;
  /** The customer's facts: already only its accounts, only days inside their windows. */
  facts: Iterable<RatedFact>;
  /** Which company held an account on a day (commitment owners are looked up here). */
  companyOn: (accountId: string, date: string) => string | null;
  policy: PricingPolicy;
  usageRate: ChosenFxRate;
  purchaseRate: (date: string) => ChosenFxRate;
  /** The FX settings' rounding, used when the policy sets none. */
  defaultLineRounding: YenRounding;
  /** Corrections of earlier, finalized months (already in yen at their months' rates). */
  adjustments?: DraftLine[];
};

const EXCLUDED: Excluded[] = ['credit', 'reseller-discount', 'aws-tax', 'commitment-isolation', 're-rated-at-list'];
const OFF_INVOICE = new Set<Excluded>(['credit', 'reseller-discount', 'aws-tax']);
const SECTION_ORDER: SectionKind[] = ['usage', 'commitment', 'purchase', 'marketplace', 'refund', 'adjustment', 'custom'];
const ROUNDING: Record<YenRounding, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
};

type Group = { source: LineSource; serviceName: string; baseUsd: Decimal; types: Set<string>; rate: 'usage-month' | 'purchase-date' };

/**
 * One customer's month, from cost facts to yen lines (SPEC §2–§4): each fact treated by the rules,
 * summed per account × service (per purchase day for upfront purchases), marked up, converted once
 * per line, custom lines added, consumption tax computed once on the total.
 */
export function rateCustomerMonth(input: CustomerMonthInput): CustomerMonthRating {
  const { policy } = input;
  const lineRounding = policy.rounding.line ?? input.defaultLineRounding;
  const groups = new Map<string, Group>();
  const differences = Object.fromEntries(EXCLUDED.map((b) => [b, new Decimal(0)])) as Record<Excluded, Decimal>;
  let unblended = new Decimal(0);

  for (const fact of input.facts) {
    const owner = fact.commitmentOwnerAccountId ? input.companyOn(fact.commitmentOwnerAccountId, fact.usageDate) : null;
    const t = treatFact(fact, policy, owner === input.companyId);
    unblended = unblended.plus(fact.unblendedUsd);
    if (t.difference) differences[t.difference.bucket] = differences[t.difference.bucket].plus(t.difference.usd);
    // Credits, the reseller's discounts and AWS's tax are not the customer's: they join no line.
    if (t.difference && OFF_INVOICE.has(t.difference.bucket)) continue;
    const purchaseDate = t.rate === 'purchase-date' ? fact.usageDate : undefined;
    const key = [t.section, fact.usageAccountId, fact.serviceCode, fact.billingEntity, purchaseDate ?? ''].join('|');
    let group = groups.get(key);
    if (!group) {
      group = {
        source: { usageAccountId: fact.usageAccountId, serviceCode: fact.serviceCode, billingEntity: fact.billingEntity, section: t.section, ...(purchaseDate ? { purchaseDate } : {}), lineItemTypes: [], factCount: 0 },
        serviceName: fact.serviceName,
        baseUsd: new Decimal(0),
        types: new Set(),
        rate: t.rate,
      };
      groups.set(key, group);
    }
    group.baseUsd = group.baseUsd.plus(t.billedUsd);
    group.types.add(fact.lineItemType);
    group.source.factCount++;
  }

  const lines: DraftLine[] = [];
  let billedUsd = new Decimal(0);
  for (const g of groups.values()) {
    // A line of nothing (e.g. usage wholly covered by the customer's own RI) is not printed; the
    // reconciliation still accounts for its facts.
    if (g.baseUsd.isZero()) continue;
    billedUsd = billedUsd.plus(g.baseUsd);
    const percent = markupPercent(policy, g.source.serviceCode, g.source.billingEntity);
    const usd = g.baseUsd.times(new Decimal(100).plus(percent)).dividedBy(100);
    const rate = g.rate === 'purchase-date' ? input.purchaseRate(g.source.purchaseDate as string) : input.usageRate;
    lines.push({
      section: g.source.section,
      accountId: g.source.usageAccountId,
      serviceCode: g.source.serviceCode,
      serviceName: g.serviceName,
      description: g.source.purchaseDate ? `${g.serviceName}（${g.source.purchaseDate} 購入）` : g.serviceName,
      baseUsd: g.baseUsd.toFixed(),
      markupPercent: percent,
      usd: usd.toFixed(),
      rate,
      jpy: convertUsdToJpy(usd, rate.usdJpy, lineRounding),
      source: { ...g.source, lineItemTypes: [...g.types].sort() },
    });
  }
  lines.sort(compareLines);

  const awsSubtotal = lines.reduce((sum, l) => sum + l.jpy, 0n);
  lines.push(...(input.adjustments ?? []));
  for (const custom of customLinesForMonth(policy, input.month)) {
    const jpy =
      custom.kind === 'fixed'
        ? BigInt(custom.amountJpy as string)
        : BigInt(new Decimal(awsSubtotal.toString()).times(custom.percent as string).dividedBy(100).toDecimalPlaces(0, ROUNDING[lineRounding]).toFixed(0));
    lines.push({ section: 'custom', accountId: null, serviceCode: null, serviceName: null, description: custom.description, baseUsd: null, markupPercent: null, usd: null, rate: null, jpy, source: null });
  }

  const subtotalJpy = lines.reduce((sum, l) => sum + l.jpy, 0n);
  const taxJpy = consumptionTax(subtotalJpy, policy.rounding.tax);
  return { lines, subtotalJpy, taxJpy, totalJpy: subtotalJpy + taxJpy, billedUsd, differences, unblendedUsd: unblended };
}

/** Consumption tax on an invoice's taxable total: once per invoice per rate (SPEC §4). */
export function consumptionTax(taxableJpy: bigint, rounding: YenRounding): bigint {
  return BigInt(new Decimal(taxableJpy.toString()).times(CONSUMPTION_TAX_RATE).dividedBy(100).toDecimalPlaces(0, ROUNDING[rounding]).toFixed(0));
}

function compareLines(a: DraftLine, b: DraftLine) {
  return (
    SECTION_ORDER.indexOf(a.section) - SECTION_ORDER.indexOf(b.section) ||
    (a.accountId ?? '').localeCompare(b.accountId ?? '') ||
    (a.serviceName ?? '').localeCompare(b.serviceName ?? '') ||
    (a.serviceCode ?? '').localeCompare(b.serviceCode ?? '') ||
    (a.source?.billingEntity ?? '').localeCompare(b.source?.billingEntity ?? '') ||
    (a.source?.purchaseDate ?? '').localeCompare(b.source?.purchaseDate ?? '')
  );
}
