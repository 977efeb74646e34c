import type { Queryable } from '../../platform/db/database.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';
import { companyEligibility } from './membership-store.ts';

/**
 * May the actor see the membership of `companyId`? Customers only their own company; an ineligible
 * company has no membership at all (404, as if it did not exist). Staff and the CLI see every
 * eligible company.
 */
export async function assertMembershipVisible(db: Queryable, actor: Actor, companyId: string): Promise<void> {
  if (actor.kind === 'customer' && actor.companyId !== companyId) throw notFound('Membership');
  const eligible = await companyEligibility(db, companyId);
  if (!eligible) throw notFound('Membership');
}

/** Only a company's representatives apply (seed 004 §3.4.4); staff do not apply for customers. */
export async function assertRepresentativeOf(db: Queryable, actor: Actor, companyId: string): Promise<void> {
  await assertMembershipVisible(db, actor, companyId);
  if (actor.kind !== 'customer' || actor.role !== 'representative') throw forbidden('Only the company\u2019s representatives apply.');
}

export function isStaffOrSystem(actor: Actor): boolean {
  return actor.kind !== 'customer';
}

/** Admins (and the CLI) configure the membership: catalog, thresholds, overrides, adjustments. */
export function assertMembershipAdmin(actor: Actor): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'staff' && actor.role === 'admin') return;
  throw forbidden();
}

/** Staff who work applications: admins and CSMs. */
export function assertMembershipStaff(actor: Actor): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'staff' && (actor.role === 'admin' || actor.role === 'csm')) return;
  throw forbidden();
}

export async function staffRecipients(db: Queryable): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('email')
    .where('kind', '=', 'staff')
    .where('role', 'in', ['admin', 'csm'])
    .orderBy('email')
    .execute();
  return rows.map((r) => r.email);
}

export async function companyRecipients(db: Queryable, companyId: string): Promise<string[]> {
  const rows = await db.selectFrom('users').select('email').where('company_id', '=', companyId).orderBy('email').execute();
  return rows.map((r) => r.email);
}

export async function mailAll(
  db: Queryable,
  to: readonly string[],
  mail: { purpose: string; subject: string; text: string; companyId: string },
) {
  for (const address of to) await enqueueMail(db, { ...mail, to: address });
}
