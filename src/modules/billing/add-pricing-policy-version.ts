import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import { nextMonth } from '../calendar/rules/calendar-date.ts';
import { actorLabel, can } from '../identity/rules/roles.ts';
import { loadPolicyVersions, toVersionView } from './pricing-policies-presenter.ts';
import { Month, monthsPricedBy, policyForMonth, PricingPolicy, samePolicy } from './rules/pricing-policy.ts';

export const AddPricingPolicyVersionInput = z.object({
  companyId: z.string().uuid(),
  /** The first month billed with this version. */
  effectiveFrom: Month,
  policy: PricingPolicy,
  note: z
    .string()
    .trim()
    .max(500)
    .nullish()
    .transform((v) => v || null),
});
export type AddPricingPolicyVersionInput = z.input<typeof AddPricingPolicyVersionInput>;

/**
 * Adds a version of a company's pricing policy, effective from a month (admins and billing
 * operators). Versions are never edited: a change is a new row, so every month keeps the policy it
 * was billed with. A version that would re-price a month already invoiced is refused.
 */
export const addPricingPolicyVersion = defineAction({
  name: 'pricing_policy.add_version',
  input: AddPricingPolicyVersionInput,
  authorize: (_tx, { actor }, { companyId }) => {
    if (!can(actor, 'pricing.manage', companyId)) throw forbidden();
  },
  run: async (tx, { actor }, { companyId, effectiveFrom, policy, note }) => {
    // The company row is the lock: two versions for one company are added one after the other.
    const company = await tx.selectFrom('companies').select(['id', 'code']).where('id', '=', companyId).forUpdate().executeTakeFirst();
    if (!company) throw notFound('Company');
    const versions = await loadPolicyVersions(tx, companyId);

    const priced = monthsPricedBy(versions, effectiveFrom);
    let invoiced = tx
      .selectFrom('invoices')
      .select(['billing_month', 'number', 'status'])
      .where('company_id', '=', companyId)
      .where('kind', '=', 'invoice')
      .where('status', 'in', ['finalized', 'sent'])
      .where('billing_month', '>=', priced.from);
    if (priced.until) invoiced = invoiced.where('billing_month', '<', priced.until);
    const latest = await invoiced.orderBy('billing_month', 'desc').executeTakeFirst();
    if (latest) {
      throw conflict(
        'month_invoiced',
        `The invoice of ${latest.billing_month} for ${company.code} is already ${latest.status} (${latest.number}): a version effective from ${effectiveFrom} would re-price it. ` +
          `Choose ${nextMonth(latest.billing_month)} or later.`,
      );
    }

    const before = policyForMonth(versions, effectiveFrom);
    if (samePolicy(before.policy, policy)) {
      const which = before.version ? `version ${before.version.version} of ${before.version.effectiveFrom}` : 'the default policy';
      throw conflict('policy_unchanged', `This policy is already in force for ${effectiveFrom} (${which}): nothing would change.`);
    }
    const version = Math.max(0, ...versions.filter((v) => v.effectiveFrom === effectiveFrom).map((v) => v.version)) + 1;
    const row = await tx
      .insertInto('pricing_policies')
      .values({
        company_id: companyId,
        effective_from: effectiveFrom,
        version,
        policy: JSON.stringify(policy),
        note,
        created_by: actorLabel(actor),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = toVersionView(row);
    return {
      result: view,
      audit: [
        {
          action: 'pricing_policy.add_version',
          entityType: 'pricing_policy',
          entityId: view.id,
          companyId,
          before: {
            inForceFor: effectiveFrom,
            effectiveFrom: before.version?.effectiveFrom ?? null,
            version: before.version?.version ?? 'default',
            policy: before.policy,
          },
          after: { effectiveFrom, version, policy: view.policy, note },
        },
      ],
    };
  },
});
