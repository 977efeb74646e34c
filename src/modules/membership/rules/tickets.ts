/**
 * Ticket rules (seed 004 §2.4). Tickets are granted on April 1 by rank and valid one year: a grant
 * of fiscal year Y expires at the end of March 31 Y+1; nothing carries over. Every movement in a
 * fiscal year (spends, refunds, staff adjustments) belongs to that year's tickets. Pure.
 */
import { MEMBERSHIP_RANKS, TICKETS_BY_RANK, type MembershipRank } from './rank.ts';

/** The date a grant made on `grantDate` (YYYY-MM-DD) is last usable: one year later, minus a day. */
export function ticketExpiryDate(grantDate: string): string {
  const [y, m, d] = grantDate.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y + 1, m - 1, d) - 86_400_000);
  return next.toISOString().slice(0, 10);
}

/** The April 1 grant date of a fiscal year. */
export function grantDateOf(fiscalYear: number): string {
  return `${fiscalYear}-04-01`;
}

export function ticketsGranted(rank: MembershipRank): number {
  return TICKETS_BY_RANK[rank];
}

/** Are tickets of `fiscalYear` still usable on `date`? */
export function ticketsValidOn(fiscalYear: number, date: string): boolean {
  return date >= grantDateOf(fiscalYear) && date <= ticketExpiryDate(grantDateOf(fiscalYear));
}

/**
 * What opening a fiscal year does to the balance: everything left from earlier years expires, then
 * the year's grant is added.
 */
export function openingMovements(previousBalance: number, rank: MembershipRank): { expire: number; grant: number; balanceAfter: number } {
  if (!Number.isInteger(previousBalance) || previousBalance < 0) throw new Error('a balance is a non-negative integer');
  const grant = ticketsGranted(rank);
  return { expire: previousBalance, grant, balanceAfter: grant };
}

/** When staff override a rank after the grant: the extra tickets of a higher rank are granted (never taken back). */
export function overrideTopUp(fromRank: MembershipRank, toRank: MembershipRank): number {
  return Math.max(0, TICKETS_BY_RANK[toRank] - TICKETS_BY_RANK[fromRank]);
}

export { MEMBERSHIP_RANKS };
