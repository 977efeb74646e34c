import { describe, expect, it } from 'vitest';
import { EXCLUSION_KEYS, isMembershipEligible, NO_EXCLUSIONS } from '../../src/modules/companies/rules/membership-eligibility.ts';

describe('support membership eligibility (seed 004 §1.3)', () => {
  it('needs a billing-agency contract', () => {
    expect(isMembershipEligible({ billingAgency: true, exclusions: NO_EXCLUSIONS })).toBe(true);
    expect(isMembershipEligible({ billingAgency: false, exclusions: NO_EXCLUSIONS })).toBe(false);
  });

  it.each(EXCLUSION_KEYS)('is refused by the exclusion %s alone', (key) => {
    expect(isMembershipEligible({ billingAgency: true, exclusions: { ...NO_EXCLUSIONS, [key]: true } })).toBe(false);
  });
});
