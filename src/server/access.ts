import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, unauthorized, DomainError } from '../platform/errors.ts';
import { CUSTOMER_ROLES, STAFF_ROLES, type Actor, type CustomerRole, type StaffRole } from '../modules/identity/rules/roles.ts';
import { actorOf, loadSession, SESSION_COOKIE, type LoadedSession } from '../modules/identity/sessions.ts';
import type { AppContext } from '../platform/context.ts';

/**
 * Every route declares who may call it (`config.access`); a route without one is refused at start.
 * - `public`: no session needed (health, sign-in).
 * - `signing-in`: a session at any sign-in stage (the steps of the sign-in flow, `/me`, sign-out).
 * - roles: an active session (MFA passed) of one of the listed staff or customer roles.
 * The service behind the route checks again against the data it touches (tenant, ownership).
 */
export type RouteAccess =
  | 'public'
  | 'signing-in'
  | { staff: readonly StaffRole[]; customer: readonly CustomerRole[] };

export const ANY_USER: RouteAccess = { staff: STAFF_ROLES, customer: CUSTOMER_ROLES };
export const staffOnly = (...roles: StaffRole[]): RouteAccess => ({ staff: roles.length ? roles : STAFF_ROLES, customer: [] });
export const REPRESENTATIVE_OR_STAFF = (...staff: StaffRole[]): RouteAccess => ({ staff, customer: ['representative'] });

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    session: LoadedSession | null;
    actor: Actor | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The onRequest hook that loads the session and enforces the route's declared access. */
export function accessGuard(ctx: AppContext) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = request.routeOptions.config.access;
    if (!request.routeOptions.url?.startsWith('/api')) return;
    if (!access) throw new DomainError('not_found', 'Route not found', 404);
    request.session = await loadSession(ctx, request.cookies[SESSION_COOKIE]);
    request.actor = request.session?.stage === 'active' ? actorOf(request.session.user) : null;
    if (access === 'public') return;
    if (!request.session) throw unauthorized();
    // Cookie-authenticated writes carry the session's CSRF token in a header a foreign site cannot set.
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== request.session.csrfToken) {
      throw new DomainError('csrf_failed', 'Missing or wrong CSRF token (x-csrf-token header).', 403);
    }
    if (access === 'signing-in') return;
    if (request.session.stage !== 'active') {
      throw new DomainError('sign_in_incomplete', `Finish signing in first (next step: ${request.session.stage}).`, 403);
    }
    const user = request.session.user;
    const allowed = user.kind === 'staff' ? access.staff.includes(user.role as StaffRole) : access.customer.includes(user.role as CustomerRole);
    if (!allowed) throw forbidden();
  };
}

/** The actor of an active session; routes with role access always have one. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized();
  return request.actor;
}

export function requireSession(request: FastifyRequest): LoadedSession {
  if (!request.session) throw unauthorized();
  return request.session;
}
