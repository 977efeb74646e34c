import type { Queryable } from '../../platform/db/database.ts';
import { DomainError, forbidden, notFound } from '../../platform/errors.ts';
import { tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { maySeeCompany, notEligible } from '../inquiries/inquiry-access.ts';
import { rankOf } from '../membership/company-rank.ts';
import { fiscalYearOf, type MembershipRank } from '../membership/rules/rank.ts';
import { optimizationOffered } from './rules/proposal-rules.ts';

export const notOffered = (rank: MembershipRank) =>
  new DomainError('optimization_not_offered', `The cloud optimization service is for SILVER and above; this company is ${rank}.`, 403);

/** The company's rank today (JST) when it gets the optimization service; else why not. */
export async function optimizationRank(db: Queryable, actor: Actor, companyId: string, now: Date): Promise<MembershipRank> {
  if (!maySeeCompany(actor, companyId)) throw notFound('Company');
  const exists = await db.selectFrom('companies').select('id').where('id', '=', companyId).executeTakeFirst();
  if (!exists) throw notFound('Company');
  const rank = await rankOf(db, companyId, tokyoDateOf(now));
  if (rank === null) throw notEligible();
  if (!optimizationOffered(rank)) throw notOffered(rank);
  return rank;
}

/** The CSM assigned to the company for the fiscal year of `now` (membership_years.csm_user_id). */
export async function assignedCsm(db: Queryable, companyId: string, now: Date) {
  return db
    .selectFrom('membership_years as y')
    .innerJoin('users as u', 'u.id', 'y.csm_user_id')
    .select(['u.id', 'u.name', 'u.email'])
    .where('y.company_id', '=', companyId)
    .where('y.fiscal_year', '=', fiscalYearOf(tokyoDateOf(now)))
    .executeTakeFirst();
}

/** Staff who work a company's proposals: admins, and the CSM assigned to it. */
export async function assertProposalStaff(db: Queryable, actor: Actor, companyId: string, now: Date) {
  if (actor.kind === 'system') return;
  if (actor.kind === 'staff' && actor.role === 'admin') return;
  if (actor.kind === 'staff' && actor.role === 'csm' && (await assignedCsm(db, companyId, now))?.id === actor.userId) return;
  throw forbidden('Only the company’s CSM (or an admin) works its proposals.');
}

/**
 * Who may act on a proposal as one of its two parties: the company's representative, or the
 * company's CSM (or an admin). Another company's user gets 404, as if the proposal did not exist.
 */
export async function assertProposalParty(db: Queryable, actor: Actor, proposalId: string, now: Date) {
  const row = await db.selectFrom('optimization_proposals').select('company_id').where('id', '=', proposalId).executeTakeFirst();
  if (!row || (actor.kind === 'customer' && actor.companyId !== row.company_id)) throw notFound('Proposal');
  await optimizationRank(db, actor, row.company_id, now);
  if (actor.kind === 'customer') {
    if (actor.role !== 'representative') throw forbidden();
  } else await assertProposalStaff(db, actor, row.company_id, now);
}
