import type { Queryable } from '../../platform/db/database.ts';
import { tooManyRequests } from '../../platform/errors.ts';
import { ACCOUNT_THROTTLE, IP_THROTTLE, afterFailure, isLocked, type ThrottleState } from './rules/lockout.ts';

export const accountKey = (email: string) => `account:${email.toLowerCase()}`;
export const ipKey = (ip: string | null | undefined) => `ip:${ip ?? 'unknown'}`;

const policyFor = (key: string) => (key.startsWith('ip:') ? IP_THROTTLE : ACCOUNT_THROTTLE);

async function stateOf(db: Queryable, key: string): Promise<ThrottleState | undefined> {
  const row = await db.selectFrom('sign_in_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  return row && { failures: row.failures, windowStartedAt: row.window_started_at, lockedUntil: row.locked_until };
}

/** Refuses (429) while any of the keys is locked out. */
export async function assertNotLocked(db: Queryable, keys: string[], now: Date) {
  for (const key of keys) {
    const state = await stateOf(db, key);
    if (isLocked(state, now)) {
      const minutes = Math.ceil((state!.lockedUntil!.getTime() - now.getTime()) / 60_000);
      throw tooManyRequests(`Too many failed sign-in attempts. Try again in ${minutes} minute(s).`);
    }
  }
}

export async function recordFailure(db: Queryable, keys: string[], now: Date) {
  for (const key of keys) {
    const next = afterFailure(await stateOf(db, key), now, policyFor(key));
    await db
      .insertInto('sign_in_throttle')
      .values({ key, failures: next.failures, window_started_at: next.windowStartedAt, locked_until: next.lockedUntil })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ failures: next.failures, window_started_at: next.windowStartedAt, locked_until: next.lockedUntil }),
      )
      .execute();
  }
}

export async function clearFailures(db: Queryable, key: string) {
  await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}
