import type { Queryable } from '../../platform/db/database.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import { fieldsOf } from '../companies/company-view.ts';
import { isMembershipEligible } from '../companies/rules/membership-eligibility.ts';
import type { Actor } from '../identity/rules/roles.ts';

/**
 * Who sees a company's inquiries: its own users (every role: seed 004 §3.4.5 lets any user ask) and
 * the reseller's staff. Another company's inquiry is "not found", so ids tell nothing.
 */
export function maySeeCompany(actor: Actor, companyId: string): boolean {
  return actor.kind !== 'customer' || actor.companyId === companyId;
}

export const notEligible = () =>
  new DomainError('membership_not_eligible', 'This company is not eligible for the support membership (seed 004 §1.3).', 403);

/** The company, when it exists and may use the membership; else not found / not eligible. */
export async function eligibleCompany(db: Queryable, companyId: string) {
  const row = await db.selectFrom('companies').selectAll().where('id', '=', companyId).executeTakeFirst();
  if (!row) throw notFound('Company');
  if (!isMembershipEligible(fieldsOf(row))) throw notEligible();
  return row;
}

/** The display name of a user, for a thread (staff names are shown: customers talk to people). */
export async function userName(db: Queryable, actor: Actor): Promise<string> {
  if (actor.kind === 'system') return `cli:${actor.label}`;
  const row = await db.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirst();
  return row?.name ?? actor.email;
}
