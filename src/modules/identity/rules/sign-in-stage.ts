import type { SessionStage } from './roles.ts';

/**
 * Where a session goes next in the sign-in flow. A user with MFA proves it first; then a temporary
 * password is replaced; then a user without MFA must enrol. Only then is the session `active`
 * (seed 004 §3.4.1: MFA is required before any service or tool is used).
 */
export function nextSessionStage(user: { mustChangePassword: boolean; mfaEnrolled: boolean }, mfaPassed: boolean): SessionStage {
  if (user.mfaEnrolled && !mfaPassed) return 'mfa_challenge';
  if (user.mustChangePassword) return 'password_change';
  if (!user.mfaEnrolled) return 'mfa_enrol';
  return 'active';
}

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** A session still in the sign-in flow gets little time: it is only a password so far. */
export const SIGN_IN_FLOW_MS = 15 * 60_000;

export function sessionExpired(session: { createdAt: Date; lastSeenAt: Date; expiresAt: Date }, now: Date): boolean {
  return now.getTime() >= session.expiresAt.getTime() || now.getTime() - session.lastSeenAt.getTime() >= SESSION_IDLE_MS;
}
