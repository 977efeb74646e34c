import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';
import { temporaryPasswordMail } from './mails.ts';
import { hashPassword, newTemporaryPassword } from './passwords.ts';
import { CUSTOMER_ROLES, STAFF_ROLES, can, isStaffRole } from './rules/roles.ts';
import { selectUserView, toUserView } from './user-view.ts';

export const CreateUserInput = z.object({
  /** null for a staff user of the reseller */
  companyId: z.string().uuid().nullable(),
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(200),
  role: z.enum([...STAFF_ROLES, ...CUSTOMER_ROLES]),
  locale: z.enum(['ja', 'en']).default('ja'),
});

/**
 * Creates a user with a temporary password, which goes out by e-mail through the outbox; the user
 * must change it and enrol in MFA at first sign-in. Representatives create users of their own
 * company (no limit on count); staff admins create staff and any company's users (the first
 * representative, seed 004 §3.4.1).
 */
export const createUser = defineAction({
  name: 'user.create',
  input: CreateUserInput,
  authorize: (_tx, { actor }, input) => {
    const staffUser = input.companyId === null;
    if (staffUser !== isStaffRole(input.role)) throw invalid('Staff roles are for users without a company; customer roles need a company.');
    const allowed = staffUser ? can(actor, 'staff.manage') : can(actor, 'users.manage', input.companyId);
    if (!allowed) throw actor.kind === 'customer' && input.companyId !== actor.companyId ? notFound('Company') : forbidden();
  },
  run: async (tx, _caller, input, ctx) => {
    const company = input.companyId
      ? await tx.selectFrom('companies').select(['id', 'name']).where('id', '=', input.companyId).executeTakeFirst()
      : null;
    if (input.companyId && !company) throw notFound('Company');
    const taken = await tx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
    if (taken) throw conflict('email_taken', `A user with the e-mail ${input.email} already exists.`);

    const temporaryPassword = newTemporaryPassword();
    const { id } = await tx
      .insertInto('users')
      .values({
        email: input.email,
        name: input.name,
        kind: input.companyId ? 'customer' : 'staff',
        role: input.role,
        company_id: input.companyId,
        password_hash: await hashPassword(temporaryPassword),
        must_change_password: true,
        mfa_secret: null,
        mfa_pending_secret: null,
        mfa_last_step: null,
        locale: input.locale,
        last_sign_in_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mail = temporaryPasswordMail({
      name: input.name,
      email: input.email,
      temporaryPassword,
      signInUrl: `${ctx.config.publicUrl ?? `http://localhost:${ctx.config.port}`}/sign-in`,
      companyName: company?.name ?? null,
    });
    await enqueueMail(tx, { purpose: 'user.temporary_password', to: input.email, ...mail, companyId: input.companyId, sensitive: true });
    const user = toUserView(await selectUserView(tx).where('id', '=', id).executeTakeFirstOrThrow());
    // The temporary password is returned for the CLI operator, who has no mailbox to read; the
    // API route answers with the user only.
    return {
      result: { user, temporaryPassword },
      audit: [{ action: 'user.create', entityType: 'user', entityId: id, companyId: input.companyId, after: { email: user.email, name: user.name, role: user.role } }],
    };
  },
});
