import { Decimal } from 'decimal.js';

/**
 * The sums of one account's month the formulas need, by line item type (amortized as the costs
 * module defines it, see src/modules/costs/readers/cur-projection.ts):
 * - DiscountedUsage (RI-covered usage): list = on-demand price, amortized = reservation effective cost;
 * - SavingsPlanCoveredUsage: list = on-demand price, amortized = Savings Plans effective cost;
 * - RIFee: amortized = the unused reservation (unused upfront share + unused recurring fee);
 * - SavingsPlanRecurringFee: amortized = the unused commitment (commitment − used commitment);
 * - Usage: unblended = on-demand usage not covered by any commitment.
 * SavingsPlanNegation lines only cancel the covered lines' on-demand price and need no term here.
 */
export type CommitmentSums = {
  riCoveredListUsd: string;
  riCoveredAmortizedUsd: string;
  spCoveredListUsd: string;
  spCoveredAmortizedUsd: string;
  riUnusedUsd: string;
  spUnusedUsd: string;
  onDemandUsd: string;
};

/**
 * - used commitment = RI effective cost + SP effective cost of the covered usage;
 * - unused commitment = RIFee amortized + SavingsPlanRecurringFee amortized;
 * - utilization = used / (used + unused);
 * - covered (on-demand equivalent) = on-demand price of the covered usage;
 * - coverage = covered / (covered + on-demand usage);
 * - savings = covered − used (what the commitments saved against on-demand prices).
 * A percentage is null when its denominator is not positive; one decimal, half-up.
 */
export function commitmentCoverage(s: CommitmentSums) {
  const used = new Decimal(s.riCoveredAmortizedUsd).plus(s.spCoveredAmortizedUsd);
  const unused = new Decimal(s.riUnusedUsd).plus(s.spUnusedUsd);
  const covered = new Decimal(s.riCoveredListUsd).plus(s.spCoveredListUsd);
  const onDemand = new Decimal(s.onDemandUsd);
  const percent = (part: Decimal, whole: Decimal) =>
    whole.gt(0) ? part.div(whole).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1) : null;
  return {
    coveredOnDemandUsd: covered.toFixed(2),
    onDemandUsd: onDemand.toFixed(2),
    usedCommitmentUsd: used.toFixed(2),
    unusedCommitmentUsd: unused.toFixed(2),
    savingsUsd: covered.minus(used).toFixed(2),
    coveragePercent: percent(covered, covered.plus(onDemand)),
    utilizationPercent: percent(used, used.plus(unused)),
  };
}
