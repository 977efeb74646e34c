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
  active: boolean;
  minRank: MembershipRank;
  perAccount: boolean;
  yearlyCapacity: number | null;
  offeredUntil: string | null;
};

export const APPLICATION_PROBLEMS = [
  'withdrawn',
  'offer_ended',
  'rank_too_low',
  'account_required',
  'account_not_company',
  'not_per_account',
  'capacity_full',
] as const;
export type ApplicationProblem = (typeof APPLICATION_PROBLEMS)[number];

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
}): ApplicationProblem | null {
  const { service } = input;
  if (!service.active) return 'withdrawn';
  if (service.offeredUntil !== null && input.today > service.offeredUntil) return 'offer_ended';
  if (!rankAtLeast(input.rank, service.minRank)) return 'rank_too_low';
  if (service.perAccount) {
    if (!input.accountId) return 'account_required';
    if (!input.companyAccounts.includes(input.accountId)) return 'account_not_company';
  } else if (input.accountId) {
    return 'not_per_account';
  }
  if (service.yearlyCapacity !== null && input.capacityUsed >= service.yearlyCapacity) return 'capacity_full';
  return null;
}

/** The API's words for a problem (the web app has its own, per language). */
export function applicationProblemMessage(problem: ApplicationProblem, service: Pick<ServiceRules, 'minRank'>): string {
  const messages: Record<ApplicationProblem, string> = {
    withdrawn: 'This service is not offered at the moment.',
    offer_ended: 'This service is no longer offered.',
    rank_too_low: `This service needs rank ${service.minRank} or above.`,
    account_required: 'Choose one of your AWS accounts for this service.',
    account_not_company: 'That AWS account is not one of your company\u2019s accounts.',
    not_per_account: 'This service is not for a single AWS account.',
    capacity_full: 'This service has no capacity left this fiscal year.',
  };
  return messages[problem];
}
