import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import { loadFxSettings } from '../fx/fx-settings-store.ts';
import { can, type Actor } from '../identity/rules/roles.ts';

/**
 * The portal's tenant wall: a customer reads only its own company (any other id is "not found", so
 * ids of other tenants tell nothing); staff may read any company's portal.
 */
export async function assertPortalReader(ctx: AppContext, actor: Actor, companyId: string) {
  assertMayReadPortal(actor, companyId);
  const company = await ctx.db.selectFrom('companies').select(['id', 'code', 'name']).where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound('Company');
  return company;
}

/** The actor half of the wall (no query): a customer of another company learns nothing, not even that it exists. */
export function assertMayReadPortal(actor: Actor, companyId: string) {
  if (!can(actor, 'invoices.read', companyId)) throw notFound('Company');
}

/**
 * The company's cost facts between two UTC days (inclusive): the facts of its accounts on the days
 * each account was the company's (account_assignments [valid_from, valid_to)). Usage of an account
 * outside the company's window belongs to someone else and is never shown. Aliases: f (cost_facts),
 * a (account_assignments). Reads the aggregated facts through (usage_account_id, usage_date).
 */
export function companyFacts(db: Queryable, companyId: string, from: string, to: string) {
  return db
    .selectFrom('cost_facts as f')
    .innerJoin('account_assignments as a', (join) =>
      join
        .onRef('a.account_id', '=', 'f.usage_account_id')
        .on(sql<boolean>`f.usage_date >= a.valid_from AND (a.valid_to IS NULL OR f.usage_date < a.valid_to)`),
    )
    .where('a.company_id', '=', companyId)
    .where('f.usage_date', '>=', from)
    .where('f.usage_date', '<=', to);
}

/** The company's AWS account names, by id. */
export async function accountNames(db: Queryable, companyId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('aws_accounts as w')
    .innerJoin('account_assignments as a', 'a.account_id', 'w.account_id')
    .select(['w.account_id', 'w.name'])
    .where('a.company_id', '=', companyId)
    .execute();
  return new Map(rows.map((r) => [r.account_id, r.name]));
}

/** The latest published USD→JPY rate of the active source: what an estimate converts at. */
export async function latestRate(db: Queryable): Promise<{ date: string; usdJpy: string; source: string } | null> {
  const { source } = await loadFxSettings(db);
  const row = await db
    .selectFrom('fx_rates')
    .select([sql<string>`rate_date::text`.as('rate_date'), 'usd_jpy', 'source'])
    .where('source', '=', source)
    .orderBy('rate_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { date: row.rate_date, usdJpy: row.usd_jpy, source: row.source } : null;
}
