import { z } from 'zod';
import { YEN_ROUNDINGS } from '../../fx/rules/fx-settings.ts';

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
/** A percent as a decimal string: '10' is +10 %, '-5.5' a 5.5 % discount. Never below −100. */
const Percent = z
  .string()
  .trim()
  .regex(/^-?\d{1,3}(\.\d{1,4})?$/, 'a percent such as 10 or -5.5')
  .refine((p) => Number(p) >= -100 && Number(p) <= 999, 'between -100 and 999');

/** Discounts AWS gives the reseller; SPEC §2 keeps them as margin unless a contract passes them on. */
export const RESELLER_DISCOUNT_TYPES = ['EdpDiscount', 'PrivateRateDiscount', 'SppDiscount', 'DistributorDiscount'] as const;

export const CustomLine = z
  .object({
    description: z.string().trim().min(1).max(200),
    kind: z.enum(['fixed', 'percent']),
    /** fixed: integer yen (negative for a discount). */
    amountJpy: z
      .string()
      .regex(/^-?(0|[1-9]\d{0,11})$/, 'integer yen')
      .optional(),
    /** percent: of the AWS subtotal (all converted lines of the invoice, before custom lines). */
    percent: Percent.optional(),
    recurrence: z.enum(['one-off', 'recurring']),
    /** one-off: the month it is billed; recurring: the first month. */
    fromMonth: Month,
    /** recurring only: the last month billed (inclusive); absent = open. */
    toMonth: Month.optional(),
  })
  .refine((c) => (c.kind === 'fixed' ? c.amountJpy !== undefined && c.percent === undefined : c.percent !== undefined && c.amountJpy === undefined), {
    message: 'a fixed line has amountJpy, a percent line has percent',
  })
  .refine((c) => c.recurrence === 'recurring' || c.toMonth === undefined, { message: 'a one-off line has no toMonth', path: ['toMonth'] })
  .refine((c) => c.toMonth === undefined || c.toMonth >= c.fromMonth, { message: 'toMonth before fromMonth', path: ['toMonth'] });
export type CustomLine = z.infer<typeof CustomLine>;

/**
 * How a contract's month is priced. The defaults are SPEC §2: every line type's treatment is fixed
 * by the rules of `line-treatment.ts`; what a reseller tunes per contract is here.
 */
export const PricingPolicy = z.object({
  /** Reseller discounts passed on to this customer (default none: they are the reseller's margin). */
  passedDiscounts: z.array(z.enum(RESELLER_DISCOUNT_TYPES)).default([]),
  markup: z
    .object({
      global: Percent.default('0'),
      /** By AWS service code (e.g. AmazonEC2); wins over the billing entity and the global percent. */
      byService: z.record(z.string().min(1), Percent).default({}),
      /** By billing entity ('AWS', 'AWS Marketplace'); wins over the global percent. */
      byBillingEntity: z.partialRecord(z.enum(['AWS', 'AWS Marketplace']), Percent).default({}),
    })
    .default({ global: '0', byService: {}, byBillingEntity: {} }),
  customLines: z.array(CustomLine).max(50).default([]),
  rounding: z
    .object({
      /** USD → yen, once per invoice line (SPEC §3); absent: the FX settings' rounding. */
      line: z.enum(YEN_ROUNDINGS).optional(),
      /** Consumption tax, once per invoice per rate (SPEC §4). */
      tax: z.enum(YEN_ROUNDINGS).default('down'),
    })
    .default({ tax: 'down' }),
});
export type PricingPolicy = z.infer<typeof PricingPolicy>;

export const DEFAULT_PRICING_POLICY: PricingPolicy = PricingPolicy.parse({});

export type PolicyVersion = { effectiveFrom: string; version: number; policy: PricingPolicy };

/** The policy in force for a month: the latest version effective on or before it, else the default. */
export function policyForMonth<V extends PolicyVersion>(versions: V[], month: string): { policy: PricingPolicy; version: V | null } {
  let chosen: V | null = null;
  for (const v of versions) {
    if (v.effectiveFrom > month) continue;
    if (!chosen || v.effectiveFrom > chosen.effectiveFrom || (v.effectiveFrom === chosen.effectiveFrom && v.version > chosen.version)) chosen = v;
  }
  return { policy: chosen?.policy ?? DEFAULT_PRICING_POLICY, version: chosen };
}

/** The markup percent for a line: service, then billing entity, then global. */
export function markupPercent(policy: PricingPolicy, serviceCode: string, billingEntity: 'AWS' | 'AWS Marketplace'): string {
  return policy.markup.byService[serviceCode] ?? policy.markup.byBillingEntity[billingEntity] ?? policy.markup.global;
}

/** The custom lines billed in a month. */
export function customLinesForMonth(policy: PricingPolicy, month: string): CustomLine[] {
  return policy.customLines.filter((c) =>
    c.recurrence === 'one-off' ? c.fromMonth === month : c.fromMonth <= month && (c.toMonth === undefined || month <= c.toMonth),
  );
}

/**
 * The months a new version effective from `effectiveFrom` would price: from that month up to (not
 * including) the next later version's, or open-ended when there is none.
 */
export function monthsPricedBy(existing: Pick<PolicyVersion, 'effectiveFrom'>[], effectiveFrom: string): { from: string; until: string | null } {
  let until: string | null = null;
  for (const v of existing) if (v.effectiveFrom > effectiveFrom && (until === null || v.effectiveFrom < until)) until = v.effectiveFrom;
  return { from: effectiveFrom, until };
}

/** Whether two policies say the same thing, whatever the key order (jsonb does not keep it). */
export function samePolicy(a: PricingPolicy, b: PricingPolicy): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
