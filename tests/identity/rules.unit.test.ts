import { describe, expect, it } from 'vitest';
import { ACCOUNT_THROTTLE, afterFailure, isLocked } from '../../src/modules/identity/rules/lockout.ts';
import { passwordProblems } from '../../src/modules/identity/rules/password-policy.ts';
import { can, type Actor } from '../../src/modules/identity/rules/roles.ts';
import { nextSessionStage, sessionExpired } from '../../src/modules/identity/rules/sign-in-stage.ts';
import { acceptTotp, totpCodeAt, totpStep } from '../../src/modules/identity/rules/totp.ts';

describe('password policy', () => {
  const email = 'hanako@example.co.jp';
  it('accepts a long passphrase', () => {
    expect(passwordProblems('小さな赤い自転車で坂を下る', { email })).toEqual([]);
    expect(passwordProblems('blue whale 2026 river', { email })).toEqual([]);
  });
  it('counts characters, not bytes: 12 kana pass, 11 do not', () => {
    expect(passwordProblems('あいうえおかきくけこさし', { email })).toEqual([]);
    expect(passwordProblems('あいうえおかきくけこさ', { email })).toEqual(['too_short']);
  });
  it('refuses short, common, repeated, e-mail based and unchanged passwords', () => {
    expect(passwordProblems('short', { email })).toEqual(['too_short']);
    expect(passwordProblems('Password1234', { email })).toEqual(['too_common']);
    expect(passwordProblems('zzzzzzzzzzzzzz', { email })).toEqual(['too_common']);
    expect(passwordProblems('my-hanako-password', { email })).toEqual(['contains_email']);
    expect(passwordProblems('same old passphrase', { email, currentPassword: 'same old passphrase' })).toEqual(['same_as_current']);
    expect(passwordProblems('x'.repeat(129), { email })).toEqual(['too_long', 'too_common']);
  });
});

describe('sign-in lockout', () => {
  const t0 = new Date('2026-11-23T01:00:00Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

  it('locks on the fifth failure within 15 minutes, for 15 minutes', () => {
    let state = undefined;
    for (let i = 0; i < 4; i++) state = afterFailure(state, at(i), ACCOUNT_THROTTLE);
    expect(state).toEqual({ failures: 4, windowStartedAt: t0, lockedUntil: null });
    expect(isLocked(state, at(4))).toBe(false);
    state = afterFailure(state, at(4), ACCOUNT_THROTTLE);
    expect(state.lockedUntil).toEqual(at(19));
    expect(isLocked(state, at(18.9))).toBe(true);
    expect(isLocked(state, at(19))).toBe(false);
  });

  it('starts a new window after 15 minutes and after a lock has run out', () => {
    const old = { failures: 4, windowStartedAt: t0, lockedUntil: null };
    expect(afterFailure(old, at(15), ACCOUNT_THROTTLE)).toEqual({ failures: 1, windowStartedAt: at(15), lockedUntil: null });
    const expired = { failures: 5, windowStartedAt: t0, lockedUntil: at(5) };
    expect(afterFailure(expired, at(6), ACCOUNT_THROTTLE)).toEqual({ failures: 1, windowStartedAt: at(6), lockedUntil: null });
  });
});

describe('TOTP', () => {
  // RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" in base32.
  const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

  it('matches the RFC 6238 test vectors (last 6 digits)', () => {
    expect(totpCodeAt(rfcSecret, new Date(59_000))).toBe('287082');
    expect(totpCodeAt(rfcSecret, new Date(1111111109_000))).toBe('081804');
    expect(totpCodeAt(rfcSecret, new Date(2000000000_000))).toBe('279037');
  });

  it('accepts one step of drift either way, not two', () => {
    const now = new Date(1111111109_000);
    const step = totpStep(now);
    expect(acceptTotp(rfcSecret, totpCodeAt(rfcSecret, new Date(now.getTime() - 30_000)), now, null)).toBe(step - 1);
    expect(acceptTotp(rfcSecret, totpCodeAt(rfcSecret, new Date(now.getTime() + 30_000)), now, null)).toBe(step + 1);
    expect(acceptTotp(rfcSecret, totpCodeAt(rfcSecret, new Date(now.getTime() - 60_000)), now, null)).toBeNull();
    expect(acceptTotp(rfcSecret, totpCodeAt(rfcSecret, new Date(now.getTime() + 60_000)), now, null)).toBeNull();
  });

  it('refuses a code at or before the last accepted step (replay), and malformed input', () => {
    const now = new Date(1111111109_000);
    const code = totpCodeAt(rfcSecret, now);
    expect(acceptTotp(rfcSecret, code, now, totpStep(now))).toBeNull();
    expect(acceptTotp(rfcSecret, code, now, totpStep(now) - 1)).toBe(totpStep(now));
    expect(acceptTotp(rfcSecret, ` ${code.slice(0, 3)} ${code.slice(3)} `, now, null)).toBe(totpStep(now));
    expect(acceptTotp(rfcSecret, '12345', now, null)).toBeNull();
    expect(acceptTotp(rfcSecret, 'abcdef', now, null)).toBeNull();
  });
});

describe('roles', () => {
  const rep: Actor = { kind: 'customer', userId: 'u1', email: 'r@a', role: 'representative', companyId: 'A' };
  const member: Actor = { kind: 'customer', userId: 'u2', email: 'm@a', role: 'member', companyId: 'A' };
  const csm: Actor = { kind: 'staff', userId: 'u3', email: 'c@r', role: 'csm' };
  const admin: Actor = { kind: 'staff', userId: 'u4', email: 'a@r', role: 'admin' };

  it('lets every customer user read its own company, never another', () => {
    expect(can(member, 'users.read', 'A')).toBe(true);
    expect(can(member, 'users.read', 'B')).toBe(false);
    expect(can(rep, 'companies.read', 'B')).toBe(false);
    expect(can(rep, 'users.read', null)).toBe(false);
  });
  it('lets only representatives manage users of their company', () => {
    expect(can(rep, 'users.manage', 'A')).toBe(true);
    expect(can(rep, 'users.manage', 'B')).toBe(false);
    expect(can(member, 'users.manage', 'A')).toBe(false);
  });
  it('gives staff roles their own permissions', () => {
    expect(can(admin, 'staff.manage')).toBe(true);
    expect(can(admin, 'audit.read')).toBe(true);
    expect(can(csm, 'users.read', 'A')).toBe(true);
    expect(can(csm, 'users.manage', 'A')).toBe(false);
    expect(can(csm, 'audit.read')).toBe(false);
    expect(can(rep, 'audit.read', 'A')).toBe(false);
  });
});

describe('sign-in stages', () => {
  it('asks MFA first of an enrolled user, then a password change if due', () => {
    expect(nextSessionStage({ mustChangePassword: true, mfaEnrolled: true }, false)).toBe('mfa_challenge');
    expect(nextSessionStage({ mustChangePassword: true, mfaEnrolled: true }, true)).toBe('password_change');
    expect(nextSessionStage({ mustChangePassword: false, mfaEnrolled: true }, true)).toBe('active');
  });
  it('has a new user change the temporary password, then enrol', () => {
    expect(nextSessionStage({ mustChangePassword: true, mfaEnrolled: false }, false)).toBe('password_change');
    expect(nextSessionStage({ mustChangePassword: false, mfaEnrolled: false }, false)).toBe('mfa_enrol');
  });
  it('expires a session when idle for 30 minutes or past its absolute end', () => {
    const created = new Date('2026-11-23T00:00:00Z');
    const session = { createdAt: created, lastSeenAt: created, expiresAt: new Date('2026-11-23T12:00:00Z') };
    expect(sessionExpired(session, new Date('2026-11-23T00:29:59Z'))).toBe(false);
    expect(sessionExpired(session, new Date('2026-11-23T00:30:00Z'))).toBe(true);
    expect(sessionExpired({ ...session, lastSeenAt: new Date('2026-11-23T11:59:00Z') }, new Date('2026-11-23T12:00:00Z'))).toBe(true);
  });
});
