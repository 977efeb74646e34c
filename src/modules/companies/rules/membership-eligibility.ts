/**
 * Who may use the support membership (seed 004 §1.3): a billing-agency contract, unless one of the
 * exclusions applies. Pure.
 */
export const EXCLUSION_KEYS = ['dedicatedConnectionOnly', 'cdnOnly', 'publicSector', 'partner', 'indirectContract'] as const;
export type ExclusionKey = (typeof EXCLUSION_KEYS)[number];

/**
 * The seed's exclusions that are a property of the company: only a dedicated-connection plan, only
 * a CDN plan, a public-sector body, a business partner, served through a third party (no direct
 * contract). The seed's "root user not held by the reseller" is per AWS account
 * (`aws_accounts.root_held_by_reseller`), not per company.
 */
export type Exclusions = Record<ExclusionKey, boolean>;

export const NO_EXCLUSIONS: Exclusions = {
  dedicatedConnectionOnly: false,
  cdnOnly: false,
  publicSector: false,
  partner: false,
  indirectContract: false,
};

export function isMembershipEligible(company: { billingAgency: boolean; exclusions: Exclusions }): boolean {
  return company.billingAgency && !EXCLUSION_KEYS.some((key) => company.exclusions[key]);
}
