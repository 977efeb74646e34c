import { recordAudit } from '../audit/record-audit.ts';
import type { Tx } from '../../platform/db/database.ts';
import { hashPassword } from './passwords.ts';
import type { CustomerRole, StaffRole } from './rules/roles.ts';

export type ProvisionedUser = {
  email: string;
  name: string;
  role: StaffRole | CustomerRole;
  companyId: string | null;
  password: string;
  /** Base32 TOTP secret, already enrolled; null leaves the user to enrol at first sign-in. */
  totpSecret: string | null;
  mustChangePassword?: boolean;
  locale?: 'ja' | 'en';
};

/**
 * Creates a user with a chosen password (and optionally MFA already enrolled). Only for seeding the
 * demo database and test fixtures, run by the CLI as a system actor; people get temporary passwords
 * through `createUser`.
 */
export async function provisionUser(tx: Tx, user: ProvisionedUser, label = 'provision'): Promise<string> {
  const { id } = await tx
    .insertInto('users')
    .values({
      email: user.email.toLowerCase(),
      name: user.name,
      kind: user.companyId ? 'customer' : 'staff',
      role: user.role,
      company_id: user.companyId,
      password_hash: await hashPassword(user.password),
      must_change_password: user.mustChangePassword ?? false,
      mfa_secret: user.totpSecret,
      mfa_pending_secret: null,
      mfa_last_step: null,
      locale: user.locale ?? 'ja',
      last_sign_in_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, { kind: 'system', label }, [
    { action: 'user.provision', entityType: 'user', entityId: id, companyId: user.companyId, after: { email: user.email, role: user.role } },
  ]);
  return id;
}

