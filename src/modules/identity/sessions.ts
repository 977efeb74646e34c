import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { Actor, CustomerRole, SessionStage, StaffRole } from './rules/roles.ts';
import { SESSION_ABSOLUTE_MS, SIGN_IN_FLOW_MS, sessionExpired } from './rules/sign-in-stage.ts';

export const SESSION_COOKIE = 'daiko_session';

const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  kind: 'staff' | 'customer';
  role: StaffRole | CustomerRole;
  companyId: string | null;
  locale: 'ja' | 'en';
  mustChangePassword: boolean;
  mfaEnrolled: boolean;
};

export type LoadedSession = { id: string; stage: SessionStage; csrfToken: string; user: SessionUser };

/** Opens a session; returns the cookie token (only its hash is stored). */
export async function createSession(
  db: Queryable,
  input: { userId: string; stage: SessionStage; ip: string | null; userAgent: string | null; now: Date },
) {
  const token = randomBytes(32).toString('base64url');
  const ttl = input.stage === 'active' ? SESSION_ABSOLUTE_MS : SIGN_IN_FLOW_MS;
  await db
    .insertInto('sessions')
    .values({
      id: tokenId(token),
      user_id: input.userId,
      stage: input.stage,
      csrf_token: randomBytes(24).toString('base64url'),
      created_at: input.now,
      last_seen_at: input.now,
      expires_at: new Date(input.now.getTime() + ttl),
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return token;
}

/** Moves a session on in the sign-in flow; becoming active gives it the full lifetime. */
export async function advanceSession(db: Queryable, sessionId: string, stage: SessionStage, now: Date) {
  await db
    .updateTable('sessions')
    .set({
      stage,
      last_seen_at: now,
      ...(stage === 'active' ? { expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS) } : {}),
    })
    .where('id', '=', sessionId)
    .execute();
}

/** The live session behind a cookie token, or null (unknown, expired: expired ones are deleted). */
export async function loadSession(ctx: AppContext, token: string | undefined): Promise<LoadedSession | null> {
  if (!token) return null;
  const id = tokenId(token);
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id', 'sessions.stage', 'sessions.csrf_token', 'sessions.created_at', 'sessions.last_seen_at', 'sessions.expires_at',
      'users.id as user_id', 'users.email', 'users.name', 'users.kind', 'users.role', 'users.company_id', 'users.locale',
      'users.must_change_password', 'users.mfa_secret',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const now = ctx.now();
  if (sessionExpired({ createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at }, now)) {
    await ctx.db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  // Touch at most once a minute: idle expiry needs no more precision than that.
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await ctx.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }
  return {
    id: row.id,
    stage: row.stage,
    csrfToken: row.csrf_token,
    user: {
      id: row.user_id,
      email: row.email,
      name: row.name,
      kind: row.kind,
      role: row.role,
      companyId: row.company_id,
      locale: row.locale,
      mustChangePassword: row.must_change_password,
      mfaEnrolled: row.mfa_secret !== null,
    },
  };
}

export async function deleteSession(db: Queryable, sessionId: string) {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user, optionally keeping one (the caller's own). */
export async function deleteUserSessions(db: Queryable, userId: string, keepSessionId?: string) {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) q = q.where('id', '<>', keepSessionId);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function actorOf(user: SessionUser): Actor {
  return user.kind === 'staff'
    ? { kind: 'staff', userId: user.id, email: user.email, role: user.role as StaffRole }
    : { kind: 'customer', userId: user.id, email: user.email, role: user.role as CustomerRole, companyId: user.companyId! };
}
