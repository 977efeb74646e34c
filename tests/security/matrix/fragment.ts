import type { AppContext } from '../../../src/platform/context.ts';
import type { seedTenant } from '../../support/fixtures.ts';

/** A sample request for a route: a body valid enough that a refusal cannot hide behind a 400. */
export type RouteSpec = { body?: unknown; query?: string };

type Tenant = Awaited<ReturnType<typeof seedTenant>>;

/**
 * A module's part of the route matrix (tests/security/route-matrix.api.test.ts), in a file named
 * `<module>.matrix.ts` exporting `fragment`. `seed` writes company B's rows the routes need (B owns
 * AWS account `bAccountId`) and returns the ids that fill the routes' `:params` and the strings of B
 * that must never appear in a response to company A.
 */
export type MatrixFragment = {
  routes: Record<string, RouteSpec>;
  seed?: (ctx: AppContext, tenants: { a: Tenant; b: Tenant; bAccountId: string }) => Promise<{ ids?: Record<string, string>; secrets?: string[] }>;
};
