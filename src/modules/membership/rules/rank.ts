/**
 * Membership ranks (seed 004 §2.3, SPEC §8). The rank for fiscal year Y (April 1 Y – March 31 Y+1)
 * comes from the company's transaction total of calendar year Y−1, compared with thresholds that are
 * settings (the seed does not publish them). Pure.
 */
export const MEMBERSHIP_RANKS = ['PLATINUM', 'GOLD', 'SILVER', 'BRONZE', 'REGULAR'] as const;
export type MembershipRank = (typeof MEMBERSHIP_RANKS)[number];

/** The smallest yearly total (integer yen) that earns each rank; below BRONZE's is REGULAR. */
export type RankThresholds = { PLATINUM: number; GOLD: number; SILVER: number; BRONZE: number };

export const DEFAULT_RANK_THRESHOLDS: RankThresholds = {
  PLATINUM: 100_000_000,
  GOLD: 30_000_000,
  SILVER: 10_000_000,
  BRONZE: 3_000_000,
};

/** Tickets granted on April 1 by rank. */
export const TICKETS_BY_RANK: Record<MembershipRank, number> = { PLATINUM: 30, GOLD: 15, SILVER: 5, BRONZE: 0, REGULAR: 0 };
/** Training sessions per fiscal year without tickets (seed 004 §3.3). */
export const TRAINING_QUOTA_BY_RANK: Record<MembershipRank, number> = { PLATINUM: 2, GOLD: 1, SILVER: 1, BRONZE: 1, REGULAR: 0 };

/** Thresholds must strictly decrease from PLATINUM to BRONZE and be non-negative integers. */
export function thresholdsProblem(t: RankThresholds): string | null {
  const values = [t.PLATINUM, t.GOLD, t.SILVER, t.BRONZE];
  if (values.some((v) => !Number.isSafeInteger(v) || v < 0)) return 'thresholds are non-negative integer yen';
  for (let i = 1; i < values.length; i++) if (values[i]! >= values[i - 1]!) return 'each threshold must be below the one of the rank above';
  return null;
}

/** The rank a yearly transaction total (integer yen, as bigint or decimal string) earns. */
export function rankFromTotal(totalJpy: bigint | string, thresholds: RankThresholds): MembershipRank {
  const total = typeof totalJpy === 'bigint' ? totalJpy : BigInt(totalJpy);
  if (total >= BigInt(thresholds.PLATINUM)) return 'PLATINUM';
  if (total >= BigInt(thresholds.GOLD)) return 'GOLD';
  if (total >= BigInt(thresholds.SILVER)) return 'SILVER';
  if (total >= BigInt(thresholds.BRONZE)) return 'BRONZE';
  return 'REGULAR';
}

/** The fiscal year a JST calendar date (YYYY-MM-DD) falls in: April 1 Y – March 31 Y+1 is Y. */
export function fiscalYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= 4 ? year : year - 1;
}

/** First and last day of a fiscal year. */
export function fiscalYearRange(fiscalYear: number): { from: string; to: string } {
  return { from: `${fiscalYear}-04-01`, to: `${fiscalYear + 1}-03-31` };
}

/** The calendar year whose transactions decide the rank of a fiscal year. */
export function basisYearOf(fiscalYear: number): number {
  return fiscalYear - 1;
}

export function rankAtLeast(rank: MembershipRank, minimum: MembershipRank): boolean {
  return MEMBERSHIP_RANKS.indexOf(rank) <= MEMBERSHIP_RANKS.indexOf(minimum);
}
