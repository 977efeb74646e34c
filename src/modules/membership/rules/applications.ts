/**
 * Option-service applications (seed 004 §3.2.1, §3.4.4): who may apply for what, and how an
 * application moves. Pure.
 */
import type { ApplicationStatus } from '../tables.ts';
import { rankAtLeast, type MembershipRank } from './rank.ts';

export const APPLICATION_STATUSES = ['applied', 'scheduling', 'in_progress', 'reported', 'done', 'rejected', 'cancelled'] as const;
export const OPEN_STATUSES: readonly ApplicationStatus[] = ['applied', 'scheduling', 'in_progress', 'reported'];

/** Staff moves: forward through the work, or a rejection before the work starts. */
const STAFF_TRANSITIONS: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  applied: ['scheduling', 'rejected'],
  scheduling: ['in_progress', 'rejected'],
  in_progress: ['reported'],
  reported: ['done', 'in_progress'],
  done: [],
  rejected: [],
  cancelled: [],
};

export function staffMayMove(from: ApplicationStatus, to: ApplicationStatus): boolean {
  return STAFF_TRANSITIONS[from].includes(to);
}

/** The customer may cancel a cancellable service until the work has started; tickets come back. */
export function customerMayCancel(status: ApplicationStatus, cancellable: boolean): boolean {
  return cancellable && (status === 'applied' || status === 'scheduling');
}

/** Do tickets come back when an application ends this way? */
export function refundsTickets(to: ApplicationStatus): boolean {
  return to === 'rejected' || to === 'cancelled';
}

export type ServiceRules = {
  minRank: MembershipRank;
  perAccount: boolean;
  yearlyCapacity: number | null;
  offeredUntil: string | null;
};

/**
 * Why an application may not be made, or null. `capacityUsed`: this fiscal year's applications of
 * the service (all companies) that were not rejected or cancelled.
 */
export function applicationProblem(input: {
  service: ServiceRules;
  rank: MembershipRank;
  today: string;
  accountId: string | null;
  companyAccounts: readonly string[];
  capacityUsed: number;
}): string | null {
  const { service } = input;
  if (service.offeredUntil !== null && input.today > service.offeredUntil) return 'This service is no longer offered.';
  if (!rankAtLeast(input.rank, service.minRank)) return `This service needs rank ${service.minRank} or above.`;
  if (service.perAccount) {
    if (!input.accountId) return 'Choose one of your AWS accounts for this service.';
    if (!input.companyAccounts.includes(input.accountId)) return 'That AWS account is not one of your company\u2019s accounts.';
  } else if (input.accountId) {
    return 'This service is not for a single AWS account.';
  }
  if (service.yearlyCapacity !== null && input.capacityUsed >= service.yearlyCapacity)
    return 'This service has no capacity left this fiscal year.';
  return null;
}
