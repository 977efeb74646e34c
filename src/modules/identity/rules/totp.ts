import { Secret, TOTP } from 'otpauth';

/**
 * TOTP (RFC 6238, SHA-1, 6 digits, 30 s) as every authenticator app speaks it. A code is accepted
 * in the current step or one step either side (clock drift), and never twice: the step of the last
 * accepted code is kept and anything at or before it is refused (replay).
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_WINDOW_STEPS = 1;
const ISSUER = 'Daiko';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label = '') {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

export function totpUri(secret: string, email: string): string {
  return totpFor(secret, email).toString();
}

export function totpCodeAt(secret: string, at: Date): string {
  return totpFor(secret).generate({ timestamp: at.getTime() });
}

export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The step the code belongs to when it is acceptable now, else null. */
export function acceptTotp(secret: string, code: string, now: Date, lastAcceptedStep: number | null): number | null {
  const cleaned = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(cleaned)) return null;
  const delta = totpFor(secret).validate({ token: cleaned, timestamp: now.getTime(), window: TOTP_WINDOW_STEPS });
  if (delta === null) return null;
  const step = totpStep(now) + delta;
  if (lastAcceptedStep !== null && step <= lastAcceptedStep) return null;
  return step;
}
