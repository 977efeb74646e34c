import type { MembershipRank } from '../../membership/rules/rank.ts';

/** The cloud optimization service's proposals (seed 004 §3.1, §3.1.2). Pure. */
export const PROPOSAL_CATEGORIES = ['cost', 'security', 'architecture'] as const;
export type ProposalCategory = (typeof PROPOSAL_CATEGORIES)[number];
export const EFFORTS = ['small', 'medium', 'large'] as const;
export type Effort = (typeof EFFORTS)[number];
export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PROPOSAL_STATUSES = ['proposed', 'agreed', 'in_progress', 'implemented', 'measured', 'declined'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** SILVER and up get the service; PLATINUM's CSM is dedicated, GOLD's and SILVER's shared. */
export function optimizationOffered(rank: MembershipRank | null): boolean {
  return rank === 'PLATINUM' || rank === 'GOLD' || rank === 'SILVER';
}

export function csmKind(rank: MembershipRank): 'dedicated' | 'shared' {
  return rank === 'PLATINUM' ? 'dedicated' : 'shared';
}

/**
 * May a CSM take this company? A dedicated CSM (PLATINUM) has no other company; a CSM who is
 * already a PLATINUM company's dedicated CSM takes no other.
 */
export function csmAssignmentProblem(rank: MembershipRank, otherCompanies: { rank: MembershipRank }[]): string | null {
  if (rank === 'PLATINUM' && otherCompanies.length > 0)
    return 'A PLATINUM company has a dedicated CSM: this CSM already serves other companies.';
  if (otherCompanies.some((c) => c.rank === 'PLATINUM')) return 'This CSM is the dedicated CSM of a PLATINUM company and serves no other.';
  return null;
}

/** The priority both sides gave, once they give the same; null while they differ or one is missing. */
export function agreedPriority(customer: Priority | null, csm: Priority | null): Priority | null {
  return customer !== null && customer === csm ? customer : null;
}

const NEXT: Record<ProposalStatus, readonly ProposalStatus[]> = {
  proposed: ['agreed', 'declined'],
  agreed: ['in_progress', 'declined'],
  in_progress: ['implemented', 'declined'],
  implemented: ['measured'],
  measured: [],
  declined: [],
};

/**
 * Whether a status change is allowed: the flow proposed → agreed → in progress → implemented (with its
 * change date) → measured, or declined before it is implemented. "agreed" needs an agreed priority;
 * the customer may only decline; "measured" is for cost proposals once the effect can be measured.
 */
export function statusChangeProblem(input: {
  from: ProposalStatus;
  to: ProposalStatus;
  by: 'customer' | 'staff';
  priorityAgreed: boolean;
  changeDate: string | null;
}): string | null {
  if (!NEXT[input.from].includes(input.to)) return `A proposal that is ${input.from} cannot become ${input.to}.`;
  if (input.by === 'customer' && input.to !== 'declined') return 'The customer may decline a proposal; the CSM moves it on.';
  if (input.to === 'agreed' && !input.priorityAgreed) return 'Agree on a priority first (both sides give the same one).';
  if (input.to === 'implemented' && !input.changeDate) return 'An implemented proposal needs the date of the change.';
  return null;
}
