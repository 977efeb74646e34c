import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import { callerOf } from '../../server/http.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { assertPortalReaderWithVersion, companyDataVersion } from './data-version.ts';

/** The bound of one process's cache: bytes of JSON (and of the keys). */
export const PORTAL_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/** One portal read: what it is, what besides the company's data its result depends on, and how to compute it. */
export type PortalRead<S extends z.ZodType> = {
  view: string;
  /** The parsed query, and the day when the result depends on the clock (at the request's instant). */
  params: (now: Date) => unknown;
  /** The route's response schema: the cached text is what the route would have sent. */
  schema: S;
  compute: (ctx: AppContext, actor: Actor) => Promise<z.output<S>>;
};

// Results are kept as UTF-8 bytes: sent as they are, with no encoding or length count per response.
type Store = { results: LRUCache<string, Buffer>; inFlight: Map<string, Promise<Buffer>> };
const stores = new WeakMap<Db, Store>();

function storeOf(db: Db): Store {
  let store = stores.get(db);
  if (!store) {
    store = {
      results: new LRUCache<string, Buffer>({ maxSize: PORTAL_CACHE_MAX_BYTES, sizeCalculation: (json, key) => json.length + key.length }),
      inFlight: new Map(),
    };
    stores.set(db, store);
  }
  return store;
}

/**
 * Serves a portal read (docs/portal.md, Caching). The tenant wall runs first on every request; then
 * the result is the cached JSON of (company, data version, view, params) when there is one, else it
 * is computed once for all concurrent requests of that key. With the cache off (DAIKO_PORTAL_CACHE=off)
 * the presenter runs as a plain route would.
 */
export async function servePortalRead<S extends z.ZodType>(
  ctx: AppContext,
  request: FastifyRequest<{ Params: { companyId: string } }>,
  reply: FastifyReply,
  read: PortalRead<S>,
): Promise<void> {
  const { actor } = callerOf(request);
  const companyId = request.params.companyId;
  // One instant for the key and the computation, so a day's result is never stored under another day.
  const now = ctx.now();
  const at: AppContext = { ...ctx, now: () => now };
  if (!ctx.config.portalCache) {
    await reply.send(await read.compute(at, actor));
    return;
  }

  const { version } = await assertPortalReaderWithVersion(ctx, actor, companyId);
  const store = storeOf(ctx.db);
  const params = read.params(now);
  const key = cacheKey(companyId, version, read.view, params);
  let json = store.results.get(key);
  if (json === undefined) {
    let pending = store.inFlight.get(key);
    if (!pending) {
      pending = computeAndStore(at, actor, companyId, read, params, store).finally(() => store.inFlight.delete(key));
      store.inFlight.set(key, pending);
    }
    json = await pending;
  }
  // Bytes are sent as they are: they were encoded with the route's schema and stringified, as its serializer does.
  await reply.type('application/json; charset=utf-8').send(json);
}

/**
 * Computes in one read-only snapshot together with the data version, and stores the result under
 * the version of the data it was computed from: a change committed between the request's version
 * read and the computation can never be cached under the older version.
 */
function computeAndStore<S extends z.ZodType>(
  ctx: AppContext,
  actor: Actor,
  companyId: string,
  read: PortalRead<S>,
  params: unknown,
  store: Store,
): Promise<Buffer> {
  return ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (tx) => {
      const company = await companyDataVersion(tx, companyId);
      if (!company) throw notFound('Company');
      const json = Buffer.from(JSON.stringify(read.schema.encode(await read.compute({ ...ctx, db: tx }, actor))));
      store.results.set(cacheKey(companyId, company.version, read.view, params), json);
      return json;
    });
}

/** The key: the params as canonical JSON (object keys sorted, undefined left out), so a query field added later is part of it. */
export function cacheKey(companyId: string, version: string, view: string, params: unknown): string {
  return JSON.stringify([companyId, version, view, canonical(params)]);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}
