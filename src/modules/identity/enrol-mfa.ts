import { createHash, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError, forbidden } from '../../platform/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { nextSessionStage } from './rules/sign-in-stage.ts';
import { acceptTotp, newTotpSecret, totpUri } from './rules/totp.ts';
import { actorOf, advanceSession, type LoadedSession } from './sessions.ts';

export const RECOVERY_CODE_COUNT = 10;
export const hashRecoveryCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

/** Step 1: a new secret, shown as a QR code and as a key to type. Not in force until confirmed. */
export async function startMfaEnrolment(ctx: AppContext, session: LoadedSession) {
  if (session.stage !== 'mfa_enrol') throw forbidden('MFA is already set up for this user.');
  const secret = newTotpSecret();
  await ctx.db.updateTable('users').set({ mfa_pending_secret: secret }).where('id', '=', session.user.id).execute();
  const uri = totpUri(secret, session.user.email);
  return { secret, otpauthUri: uri, qrCodeDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

export const ConfirmMfaInput = z.object({ code: z.string().min(1).max(20) });

/** Step 2: the first code from the app proves the secret was stored; recovery codes are shown once. */
export async function confirmMfaEnrolment(ctx: AppContext, session: LoadedSession, input: z.input<typeof ConfirmMfaInput>, ip: string | null) {
  if (session.stage !== 'mfa_enrol') throw forbidden('MFA is already set up for this user.');
  const { code } = ConfirmMfaInput.parse(input);
  const now = ctx.now();
  const user = await ctx.db.selectFrom('users').select(['mfa_pending_secret']).where('id', '=', session.user.id).executeTakeFirstOrThrow();
  if (!user.mfa_pending_secret) throw new DomainError('mfa_not_started', 'Start the MFA set-up first.', 409);
  const step = acceptTotp(user.mfa_pending_secret, code, now, null);
  if (step === null) throw new DomainError('invalid_code', 'The code is not correct. Check the time on your device and try again.', 400);

  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomBytes(5).toString('hex');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  return ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ mfa_secret: user.mfa_pending_secret, mfa_pending_secret: null, mfa_last_step: String(step), updated_at: now })
      .where('id', '=', session.user.id)
      .execute();
    await tx.deleteFrom('recovery_codes').where('user_id', '=', session.user.id).execute();
    await tx
      .insertInto('recovery_codes')
      .values(recoveryCodes.map((c) => ({ user_id: session.user.id, code_hash: hashRecoveryCode(c), used_at: null })))
      .execute();
    const stage = nextSessionStage({ mustChangePassword: session.user.mustChangePassword, mfaEnrolled: true }, true);
    await advanceSession(tx, session.id, stage, now);
    await recordAudit(tx, actorOf(session.user), [
      { action: 'user.mfa_enrolled', entityType: 'user', entityId: session.user.id, companyId: session.user.companyId, after: { mfa: 'totp' } },
    ], ip);
    return { stage, recoveryCodes };
  });
}
