import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError, forbidden, invalid } from '../../platform/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { describePasswordProblems, passwordProblems } from './rules/password-policy.ts';
import { nextSessionStage } from './rules/sign-in-stage.ts';
import { actorOf, advanceSession, deleteUserSessions, type LoadedSession } from './sessions.ts';

export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

/**
 * Replaces the caller's password: a temporary one at first sign-in, or any time later. Every other
 * session of the user ends (someone who knew the old password is signed out).
 */
export async function changePassword(ctx: AppContext, session: LoadedSession, input: z.input<typeof ChangePasswordInput>, ip: string | null) {
  if (session.stage !== 'password_change' && session.stage !== 'active') throw forbidden('Finish signing in first.');
  const { currentPassword, newPassword } = ChangePasswordInput.parse(input);
  const user = await ctx.db.selectFrom('users').select(['password_hash']).where('id', '=', session.user.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, currentPassword))) {
    throw new DomainError('invalid_credentials', 'The current password is incorrect.', 400);
  }
  const problems = passwordProblems(newPassword, { email: session.user.email, currentPassword });
  if (problems.length) throw invalid(describePasswordProblems(problems), { problems });
  const passwordHash = await hashPassword(newPassword);
  const now = ctx.now();

  return ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: false, updated_at: now })
      .where('id', '=', session.user.id)
      .execute();
    const ended = await deleteUserSessions(tx, session.user.id, session.id);
    // In the sign-in flow, a user who already has MFA has proven it before reaching this step.
    const stage = nextSessionStage({ mustChangePassword: false, mfaEnrolled: session.user.mfaEnrolled }, session.user.mfaEnrolled);
    await advanceSession(tx, session.id, stage, now);
    await recordAudit(tx, actorOf(session.user), [
      {
        action: 'user.password_changed',
        entityType: 'user',
        entityId: session.user.id,
        companyId: session.user.companyId,
        before: { must_change_password: session.user.mustChangePassword },
        after: { must_change_password: false, other_sessions_ended: ended },
      },
    ], ip);
    return { stage };
  });
}
