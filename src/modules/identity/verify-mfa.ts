import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError, forbidden } from '../../platform/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { hashRecoveryCode } from './enrol-mfa.ts';
import { nextSessionStage } from './rules/sign-in-stage.ts';
import { acceptTotp } from './rules/totp.ts';
import { actorOf, advanceSession, type LoadedSession } from './sessions.ts';
import { accountKey, assertNotLocked, clearFailures, ipKey, recordFailure } from './throttle.ts';

export const VerifyMfaInput = z.union([
  z.object({ code: z.string().min(1).max(20) }),
  z.object({ recoveryCode: z.string().min(1).max(40) }),
]);

/** Second factor at sign-in: a TOTP code, or one of the recovery codes (each works once). */
export async function verifyMfa(ctx: AppContext, session: LoadedSession, input: z.input<typeof VerifyMfaInput>, ip: string | null) {
  if (session.stage !== 'mfa_challenge') throw forbidden('No MFA code is expected now.');
  const parsed = VerifyMfaInput.parse(input);
  const now = ctx.now();
  const keys = [accountKey(session.user.email), ipKey(ip)];
  await assertNotLocked(ctx.db, keys, now);

  const result = await ctx.db.transaction().execute(async (tx) => {
    const user = await tx
      .selectFrom('users')
      .select(['mfa_secret', 'mfa_last_step'])
      .where('id', '=', session.user.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    let method: 'totp' | 'recovery_code';
    if ('code' in parsed) {
      const step = acceptTotp(user.mfa_secret!, parsed.code, now, user.mfa_last_step === null ? null : Number(user.mfa_last_step));
      if (step === null) return null;
      await tx.updateTable('users').set({ mfa_last_step: String(step) }).where('id', '=', session.user.id).execute();
      method = 'totp';
    } else {
      const used = await tx
        .updateTable('recovery_codes')
        .set({ used_at: now })
        .where('user_id', '=', session.user.id)
        .where('code_hash', '=', hashRecoveryCode(parsed.recoveryCode))
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) return null;
      method = 'recovery_code';
    }
    const stage = nextSessionStage(session.user, true);
    await advanceSession(tx, session.id, stage, now);
    await recordAudit(tx, actorOf(session.user), [
      { action: 'session.mfa_verified', entityType: 'user', entityId: session.user.id, companyId: session.user.companyId, after: { method } },
    ], ip);
    return { stage };
  });
  if (!result) {
    await recordFailure(ctx.db, keys, now);
    throw new DomainError('invalid_code', 'The code is not correct.', 401);
  }
  await clearFailures(ctx.db, accountKey(session.user.email));
  return result;
}
