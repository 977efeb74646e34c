/**
 * Budget thresholds (pure). A threshold is a whole percentage of the monthly budget; it is crossed
 * when the amount reaches it: amount × 100 ≥ budget × percent, in integer yen (no float).
 */
export const DEFAULT_THRESHOLDS = [80, 100] as const;
export const MAX_THRESHOLD_PERCENT = 1000;

/** The thresholds the amount has reached, ascending. */
export function crossedThresholds(input: { amountJpy: bigint; budgetJpy: bigint; thresholds: readonly number[] }): number[] {
  if (input.budgetJpy <= 0n) throw new RangeError('a budget is more than ¥0');
  return [...new Set(input.thresholds)].sort((a, b) => a - b).filter((t) => input.amountJpy * 100n >= input.budgetJpy * BigInt(t));
}

/** The amount as a percentage of the budget, rounded down to one decimal (display only). */
export function percentOfBudget(amountJpy: bigint, budgetJpy: bigint): number {
  return Number((amountJpy * 1000n) / budgetJpy) / 10;
}

/** Thresholds as stored: whole percentages 1–1000, distinct, ascending. */
export function normalizeThresholds(thresholds: readonly number[]): number[] {
  return [...new Set(thresholds)].sort((a, b) => a - b);
}
