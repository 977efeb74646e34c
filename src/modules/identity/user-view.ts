import { z } from 'zod';
import type { Queryable } from '../../platform/db/database.ts';

/** A user as the API shows it: never a secret. */
export const UserView = z.object({
  id: z.string().uuid(),
  email: z.string(),
  name: z.string(),
  kind: z.enum(['staff', 'customer']),
  role: z.enum(['admin', 'billing', 'csm', 'representative', 'member']),
  companyId: z.string().uuid().nullable(),
  locale: z.enum(['ja', 'en']),
  mfaEnrolled: z.boolean(),
  mustChangePassword: z.boolean(),
  lastSignInAt: z.date().nullable(),
  createdAt: z.date(),
});
export type UserView = z.infer<typeof UserView>;

export const selectUserView = (db: Queryable) =>
  db
    .selectFrom('users')
    .select([
      'id', 'email', 'name', 'kind', 'role', 'company_id', 'locale', 'must_change_password', 'last_sign_in_at', 'created_at',
      (eb) => eb('mfa_secret', 'is not', null).as('mfa_enrolled'),
    ]);

export function toUserView(row: Awaited<ReturnType<ReturnType<typeof selectUserView>['executeTakeFirstOrThrow']>>): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    kind: row.kind,
    role: row.role,
    companyId: row.company_id,
    locale: row.locale,
    mfaEnrolled: Boolean(row.mfa_enrolled),
    mustChangePassword: row.must_change_password,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
  };
}
