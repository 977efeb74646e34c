/**
 * Training service quota (seed 004 §3.3): a number of trainings per fiscal year by rank, without
 * tickets; once used, further trainings are the ticketed AWS training option (§3.2.7). Pure.
 */
import { TRAINING_QUOTA_BY_RANK, type MembershipRank } from './rank.ts';

export type TrainingQuota = { quota: number; used: number; left: number; offerTicketedOption: boolean };

/** `used`: the year's training requests that are not cancelled. */
export function trainingQuota(rank: MembershipRank, used: number): TrainingQuota {
  const quota = TRAINING_QUOTA_BY_RANK[rank];
  const left = Math.max(0, quota - used);
  return { quota, used, left, offerTicketedOption: left === 0 };
}
