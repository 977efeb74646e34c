import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Caller } from '../platform/context.ts';
import { requireActor } from './access.ts';

/** The Fastify instance each module's routes are registered on. */
export type Api = FastifyInstance<any, any, any, any, ZodTypeProvider>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const ErrorBody = z.object({ error: z.string(), message: z.string() });
export const errorResponses = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };

/** Who is calling, for a service: the active actor and the client address for the audit log. */
export function callerOf(request: FastifyRequest): Caller {
  return { actor: requireActor(request), ip: request.ip };
}

export const Ok = z.object({ ok: z.literal(true) });
export const ok = (_reply?: FastifyReply) => ({ ok: true as const });
