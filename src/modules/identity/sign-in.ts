import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError, invalid } from '../../platform/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { burnPasswordCheck, verifyPassword } from './passwords.ts';
import { nextSessionStage } from './rules/sign-in-stage.ts';
import { actorOf, createSession } from './sessions.ts';
import { accountKey, assertNotLocked, clearFailures, ipKey, recordFailure } from './throttle.ts';
import { findUserForSession } from './users-repository.ts';

export const SignInInput = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

type Client = { ip: string | null; userAgent: string | null };

/**
 * First factor. Succeeds with a session that is not active yet: it still has to pass MFA (or change
 * a temporary password and enrol). Throttled per account and per IP.
 */
export async function signIn(ctx: AppContext, input: z.input<typeof SignInInput>, client: Client) {
  const parsed = SignInInput.safeParse(input);
  if (!parsed.success) throw invalid('Enter an e-mail address and a password.');
  const { email, password } = parsed.data;
  const now = ctx.now();
  const keys = [accountKey(email), ipKey(client.ip)];
  await assertNotLocked(ctx.db, keys, now);

  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
  const ok = user ? await verifyPassword(user.password_hash, password) : (await burnPasswordCheck(password), false);
  if (!user || !ok) {
    await recordFailure(ctx.db, keys, now);
    throw new DomainError('invalid_credentials', 'The e-mail address or password is incorrect.', 401);
  }

  return ctx.db.transaction().execute(async (tx) => {
    await clearFailures(tx, accountKey(email));
    const sessionUser = (await findUserForSession(tx, user.id))!;
    const stage = nextSessionStage(sessionUser, false);
    const token = await createSession(tx, { userId: user.id, stage, ip: client.ip, userAgent: client.userAgent, now });
    await tx.updateTable('users').set({ last_sign_in_at: now }).where('id', '=', user.id).execute();
    await recordAudit(tx, actorOf(sessionUser), [
      { action: 'session.sign_in', entityType: 'user', entityId: user.id, companyId: sessionUser.companyId, after: { stage } },
    ], client.ip);
    return { token, stage };
  });
}
