import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import { DEFAULT_FX_SETTINGS } from '../fx/rules/fx-settings.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { assertMayReadPortal } from './portal-scope.ts';

export type CompanyDataVersion = { id: string; code: string; name: string; version: string };

/**
 * The company and one value that changes whenever anything a portal read of it depends on changes:
 * cost data, its account windows and names, its invoices and payments, the rate in force, its own
 * code and name (`portal_data_version`, migration 0025). One round trip.
 */
export async function companyDataVersion(db: Queryable, companyId: string): Promise<CompanyDataVersion | undefined> {
  const { rows } = await sql<CompanyDataVersion>`
    SELECT id, code, name, portal_data_version(id, ${DEFAULT_FX_SETTINGS.source}) AS version FROM companies WHERE id = ${companyId}`.execute(
    db,
  );
  return rows[0];
}

/**
 * The portal's tenant wall and the data version together: the actor check first (no query for a
 * caller who may not read the company), then the company and its version in one round trip.
 */
export async function assertPortalReaderWithVersion(ctx: AppContext, actor: Actor, companyId: string): Promise<CompanyDataVersion> {
  assertMayReadPortal(actor, companyId);
  const company = await companyDataVersion(ctx.db, companyId);
  if (!company) throw notFound('Company');
  return company;
}
