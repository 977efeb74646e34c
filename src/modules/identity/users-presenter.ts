import type { AppContext } from '../../platform/context.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { can, type Actor } from './rules/roles.ts';
import { selectUserView, toUserView } from './user-view.ts';

/** The users of one company, for anyone allowed to see them (its own users, staff). */
export async function listCompanyUsers(ctx: AppContext, actor: Actor, companyId: string) {
  // A customer asking about another company learns nothing, not even that it exists.
  if (!can(actor, 'users.read', companyId)) throw actor.kind === 'customer' ? notFound('Company') : forbidden();
  const rows = await selectUserView(ctx.db).where('company_id', '=', companyId).orderBy('role', 'desc').orderBy('email').execute();
  return rows.map(toUserView);
}

export async function listStaffUsers(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'staff.manage')) throw forbidden();
  const rows = await selectUserView(ctx.db).where('kind', '=', 'staff').orderBy('email').execute();
  return rows.map(toUserView);
}

/** One user; 404 when it does not exist or is not the caller's to see. */
export async function getUser(ctx: AppContext, actor: Actor, userId: string) {
  const row = await selectUserView(ctx.db).where('id', '=', userId).executeTakeFirst();
  if (!row) throw notFound('User');
  const visible = row.kind === 'staff' ? can(actor, 'staff.manage') || (actor.kind === 'staff' && actor.userId === row.id) : can(actor, 'users.read', row.company_id);
  if (!visible) throw notFound('User');
  return toUserView(row);
}
