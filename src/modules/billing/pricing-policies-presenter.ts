import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { can, type Actor } from '../identity/rules/roles.ts';
import { Month, PricingPolicy, policyForMonth, type PolicyVersion } from './rules/pricing-policy.ts';
import type { PricingPoliciesTable } from './tables.ts';

export const PricingPolicyVersionView = z.object({
  id: z.string().uuid(),
  companyId: z.string().uuid(),
  effectiveFrom: z.string(),
  version: z.number().int(),
  policy: PricingPolicy,
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
});
export type PricingPolicyVersionView = z.infer<typeof PricingPolicyVersionView>;

export const PricingPolicyListing = z.object({
  companyId: z.string().uuid(),
  /** Newest first: by effective month, then version. */
  versions: z.array(PricingPolicyVersionView),
  /** The latest month with a finalized invoice: a new version may not take effect on or before it. */
  lastInvoicedMonth: z.string().nullable(),
});

export const PolicyInForce = z.object({
  companyId: z.string().uuid(),
  month: z.string(),
  /** Without a billing-agency contract the company is not billed at all, whatever its policy. */
  billingAgency: z.boolean(),
  /** `default`: no version is effective on or before the month, so SPEC §2's defaults apply. */
  source: z.enum(['version', 'default']),
  version: PricingPolicyVersionView.nullable(),
  policy: PricingPolicy,
});
export type PolicyInForce = z.infer<typeof PolicyInForce>;

export const PolicyInForceQuery = z.object({ month: Month.optional() });

export type StoredPolicyVersion = PolicyVersion & { view: PricingPolicyVersionView };

export function toVersionView(row: Selectable<PricingPoliciesTable>): PricingPolicyVersionView {
  return {
    id: row.id,
    companyId: row.company_id,
    effectiveFrom: row.effective_from,
    version: row.version,
    // Parsed again so that a version stored before the schema gained a field reads with its default.
    policy: PricingPolicy.parse(row.policy),
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Every version of a company's policy, newest first; for the invoice run as well (no actor). */
export async function loadPolicyVersions(db: Queryable, companyId: string): Promise<StoredPolicyVersion[]> {
  const rows = await db
    .selectFrom('pricing_policies')
    .selectAll()
    .where('company_id', '=', companyId)
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((row) => {
    const view = toVersionView(row);
    return { effectiveFrom: view.effectiveFrom, version: view.version, policy: view.policy, view };
  });
}

/** The policy a month of a company is billed with, and where it comes from (no actor: the invoice run uses it). */
export async function policyInForce(db: Queryable, companyId: string, month: string): Promise<PolicyInForce> {
  const company = await db.selectFrom('companies').select(['id', 'billing_agency']).where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound('Company');
  const versions = await loadPolicyVersions(db, companyId);
  const chosen = policyForMonth(versions, month);
  const version = chosen.version?.view ?? null;
  return {
    companyId,
    month,
    billingAgency: company.billing_agency,
    source: version ? 'version' : 'default',
    version,
    policy: chosen.policy,
  };
}

/** The latest month of a company with a finalized (or later) invoice, or null. */
export async function lastInvoicedMonth(db: Queryable, companyId: string): Promise<string | null> {
  const row = await db
    .selectFrom('invoices')
    .select((eb) => eb.fn.max('billing_month').as('month'))
    .where('company_id', '=', companyId)
    .where('kind', '=', 'invoice')
    .where('status', 'in', ['finalized', 'sent'])
    .executeTakeFirst();
  return row?.month ?? null;
}

/** The current billing month: billing runs in UTC months (SPEC §1). */
export const currentBillingMonth = (now: Date) => now.toISOString().slice(0, 7);

function authorize(actor: Actor, companyId: string) {
  if (!can(actor, 'pricing.read', companyId)) throw forbidden();
}

/** A company's policy versions, for the staff console and the CLI. */
export async function listPricingPolicies(ctx: AppContext, actor: Actor, companyId: string) {
  authorize(actor, companyId);
  const company = await ctx.db.selectFrom('companies').select('id').where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound('Company');
  const versions = await loadPolicyVersions(ctx.db, companyId);
  return { companyId, versions: versions.map((v) => v.view), lastInvoicedMonth: await lastInvoicedMonth(ctx.db, companyId) };
}

/** The policy in force for a month (default: the current UTC month), for the staff console and the CLI. */
export async function getPolicyInForce(ctx: AppContext, actor: Actor, companyId: string, month?: string) {
  authorize(actor, companyId);
  return policyInForce(ctx.db, companyId, month ?? currentBillingMonth(ctx.now()));
}
