import type { Queryable } from '../../platform/db/database.ts';
import type { SessionUser } from './sessions.ts';

/** The user as a session sees it (no secrets). */
export async function findUserForSession(db: Queryable, userId: string): Promise<SessionUser | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'kind', 'role', 'company_id', 'locale', 'must_change_password', 'mfa_secret'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      email: row.email,
      name: row.name,
      kind: row.kind,
      role: row.role,
      companyId: row.company_id,
      locale: row.locale,
      mustChangePassword: row.must_change_password,
      mfaEnrolled: row.mfa_secret !== null,
    }
  );
}
