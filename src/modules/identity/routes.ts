import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { ANY_USER, requireSession, staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, ok, Ok, type Api } from '../../server/http.ts';
import { changePassword, ChangePasswordInput } from './change-password.ts';
import { confirmMfaEnrolment, ConfirmMfaInput, startMfaEnrolment } from './enrol-mfa.ts';
import { createUser, CreateUserInput } from './create-user.ts';
import { deleteUser } from './delete-user.ts';
import { SESSION_ABSOLUTE_MS } from './rules/sign-in-stage.ts';
import { actorOf, deleteSession, deleteUserSessions, loadSession, SESSION_COOKIE } from './sessions.ts';
import { signIn, SignInInput } from './sign-in.ts';
import { updateUser, UpdateUserInput } from './update-user.ts';
import { getUser, listCompanyUsers, listStaffUsers } from './users-presenter.ts';
import { UserView } from './user-view.ts';
import { verifyMfa, VerifyMfaInput } from './verify-mfa.ts';
import { recordAudit } from '../audit/record-audit.ts';

const Stage = z.enum(['password_change', 'mfa_enrol', 'mfa_challenge', 'active']);
const Me = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    kind: z.enum(['staff', 'customer']),
    role: z.string(),
    companyId: z.string().nullable(),
    locale: z.enum(['ja', 'en']),
  }),
  stage: Stage,
  csrfToken: z.string(),
});
const StageResult = z.object({ stage: Stage });
const CompanyParams = z.object({ companyId: z.string().uuid() });
const UserParams = z.object({ userId: z.string().uuid() });

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    // Secure whenever the request came over HTTPS (directly or through a trusted proxy).
    secure: request.protocol === 'https',
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

export function identityRoutes(api: Api, ctx: AppContext) {
  api.post('/auth/sign-in', {
    config: { access: 'public' },
    schema: { tags: ['identity'], body: SignInInput, response: { 200: Me, ...errorResponses } },
    handler: async (request, reply) => {
      const { token } = await signIn(ctx, request.body, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
      setSessionCookie(request, reply, token);
      const session = (await loadSession(ctx, token))!;
      return { user: session.user, stage: session.stage, csrfToken: session.csrfToken };
    },
  });

  api.get('/me', {
    config: { access: 'signing-in' },
    schema: { tags: ['identity'], response: { 200: Me, ...errorResponses } },
    handler: async (request) => {
      const session = requireSession(request);
      return { user: session.user, stage: session.stage, csrfToken: session.csrfToken };
    },
  });

  api.post('/auth/password', {
    config: { access: 'signing-in' },
    schema: { tags: ['identity'], body: ChangePasswordInput, response: { 200: StageResult, ...errorResponses } },
    handler: (request) => changePassword(ctx, requireSession(request), request.body, request.ip),
  });

  api.post('/auth/mfa/enrolment', {
    config: { access: 'signing-in' },
    schema: {
      tags: ['identity'],
      response: { 200: z.object({ secret: z.string(), otpauthUri: z.string(), qrCodeDataUrl: z.string() }), ...errorResponses },
    },
    handler: (request) => startMfaEnrolment(ctx, requireSession(request)),
  });

  api.post('/auth/mfa/enrolment/confirm', {
    config: { access: 'signing-in' },
    schema: { tags: ['identity'], body: ConfirmMfaInput, response: { 200: StageResult.extend({ recoveryCodes: z.array(z.string()) }), ...errorResponses } },
    handler: (request) => confirmMfaEnrolment(ctx, requireSession(request), request.body, request.ip),
  });

  api.post('/auth/mfa/verify', {
    config: { access: 'signing-in' },
    schema: { tags: ['identity'], body: VerifyMfaInput, response: { 200: StageResult, ...errorResponses } },
    handler: (request) => verifyMfa(ctx, requireSession(request), request.body, request.ip),
  });

  api.post('/auth/sign-out', {
    config: { access: 'signing-in' },
    schema: { tags: ['identity'], response: { 200: Ok, ...errorResponses } },
    handler: async (request, reply) => {
      await deleteSession(ctx.db, requireSession(request).id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return ok();
    },
  });

  api.post('/auth/sign-out-everywhere', {
    config: { access: ANY_USER },
    schema: { tags: ['identity'], response: { 200: z.object({ ended: z.number() }), ...errorResponses } },
    handler: async (request, reply) => {
      const session = requireSession(request);
      const ended = await ctx.db.transaction().execute(async (tx) => {
        const n = await deleteUserSessions(tx, session.user.id);
        await recordAudit(tx, actorOf(session.user), [
          { action: 'session.sign_out_everywhere', entityType: 'user', entityId: session.user.id, companyId: session.user.companyId, after: { ended: n } },
        ], request.ip);
        return n;
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ended };
    },
  });

  api.get('/companies/:companyId/users', {
    config: { access: ANY_USER },
    schema: { tags: ['users'], params: CompanyParams, response: { 200: z.array(UserView), ...errorResponses } },
    handler: (request) => listCompanyUsers(ctx, callerOf(request).actor, request.params.companyId),
  });

  api.post('/companies/:companyId/users', {
    config: { access: { staff: ['admin'], customer: ['representative'] } },
    schema: {
      tags: ['users'],
      params: CompanyParams,
      body: CreateUserInput.omit({ companyId: true }),
      response: { 201: UserView, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { user } = await createUser(ctx, callerOf(request), { ...request.body, companyId: request.params.companyId });
      return reply.status(201).send(user);
    },
  });

  api.get('/users/:userId', {
    config: { access: ANY_USER },
    schema: { tags: ['users'], params: UserParams, response: { 200: UserView, ...errorResponses } },
    handler: (request) => getUser(ctx, callerOf(request).actor, request.params.userId),
  });

  api.patch('/users/:userId', {
    config: { access: { staff: ['admin'], customer: ['representative'] } },
    schema: { tags: ['users'], params: UserParams, body: UpdateUserInput.omit({ userId: true }), response: { 200: UserView, ...errorResponses } },
    handler: (request) => updateUser(ctx, callerOf(request), { ...request.body, userId: request.params.userId }),
  });

  api.delete('/users/:userId', {
    config: { access: { staff: ['admin'], customer: ['representative'] } },
    schema: { tags: ['users'], params: UserParams, response: { 200: z.object({ id: z.string() }), ...errorResponses } },
    handler: (request) => deleteUser(ctx, callerOf(request), { userId: request.params.userId }),
  });

  api.get('/staff/users', {
    config: { access: staffOnly('admin') },
    schema: { tags: ['users'], response: { 200: z.array(UserView), ...errorResponses } },
    handler: (request) => listStaffUsers(ctx, callerOf(request).actor),
  });

  api.post('/staff/users', {
    config: { access: staffOnly('admin') },
    schema: { tags: ['users'], body: CreateUserInput.omit({ companyId: true }), response: { 201: UserView, ...errorResponses } },
    handler: async (request, reply) => {
      const { user } = await createUser(ctx, callerOf(request), { ...request.body, companyId: null });
      return reply.status(201).send(user);
    },
  });
}
