import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.ts';
import { DomainError } from '../platform/errors.ts';
import { accessGuard, type RouteAccess } from './access.ts';
import { registerApiRoutes } from './routes.ts';
import { registerIngestionJob } from '../modules/costs/ingestion-job.ts';

export type RegisteredRoute = { method: string; url: string; access: RouteAccess };
export type DaikoServer = FastifyInstance & { daikoRoutes: RegisteredRoute[] };

const WEB_DIST = path.resolve(import.meta.dirname, '../../dist/web');

export async function buildServer(ctx: AppContext, options: { logger?: boolean | FastifyBaseLogger; trustProxy?: boolean } = {}) {
  const app = Fastify({
    ...(typeof options.logger === 'object' ? { loggerInstance: options.logger } : { logger: options.logger ?? false }),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const daikoRoutes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') daikoRoutes.push({ method, url: route.url, access });
    }
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Daiko API', version: '0.1.0', description: 'The API behind the Daiko portal and staff console.' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('session', null);
  app.decorateRequest('actor', null);
  app.addHook('onRequest', accessGuard(ctx));

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof DomainError) {
      return reply.status(error.status).send({ error: error.code, message: error.message });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const message = error.validation
        .map((v) => `${v.instancePath.replace(/^\//, '').replaceAll('/', '.') || error.validationContext}: ${v.message}`)
        .join('; ');
      return reply.status(400).send({ error: 'invalid_input', message: `Invalid ${error.validationContext}: ${message}` });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send({ error: (error as { code?: string }).code ?? 'bad_request', message: (error as Error).message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: 'internal_error', message: 'Something went wrong on our side.' });
  });

  await app.register(async (api) => registerApiRoutes(api, ctx), { prefix: '/api' });
  // The server is also a worker: it runs the background jobs its routes queue.
  await registerIngestionJob(ctx);

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api') || !fs.existsSync(WEB_DIST)) {
      return reply.status(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` });
    }
    // The web app routes on the client: any other GET path is its index.html.
    return reply.type('text/html').sendFile('index.html', WEB_DIST);
  });
  if (fs.existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
  }

  await app.ready();
  return Object.assign(app, { daikoRoutes }) as unknown as DaikoServer;
}
