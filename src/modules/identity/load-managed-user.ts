import type { Caller } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import { can } from './rules/roles.ts';

/**
 * The user row an edit or delete targets, locked, after checking the caller may manage it.
 * Customers get 404 for users outside their company: they learn nothing about other tenants.
 */
export async function loadManagedUser(tx: Tx, { actor }: Caller, userId: string) {
  const user = await tx.selectFrom('users').selectAll().where('id', '=', userId).forUpdate().executeTakeFirst();
  if (!user) throw notFound('User');
  const allowed = user.kind === 'staff' ? can(actor, 'staff.manage') : can(actor, 'users.manage', user.company_id);
  if (!allowed) {
    const sameCompany = actor.kind === 'customer' && actor.companyId === user.company_id;
    throw sameCompany || actor.kind !== 'customer' ? forbidden() : notFound('User');
  }
  return user;
}

/**
 * A company always keeps at least one representative (seed 004 §3.4.2: someone must be able to
 * manage its users). Locks the company's representatives so two concurrent removals cannot both pass.
 */
export async function assertAnotherRepresentative(tx: Tx, companyId: string, leavingUserId: string) {
  const reps = await tx
    .selectFrom('users')
    .select('id')
    .where('company_id', '=', companyId)
    .where('role', '=', 'representative')
    .forUpdate()
    .execute();
  if (!reps.some((r) => r.id !== leavingUserId)) {
    throw conflict('last_representative', 'A company must keep at least one representative.');
  }
}
