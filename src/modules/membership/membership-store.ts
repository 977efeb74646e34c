import { sql } from 'kysely';
import { z } from 'zod';
import type { Queryable } from '../../platform/db/database.ts';
import { isMembershipEligible } from '../companies/rules/membership-eligibility.ts';
import { DEFAULT_RANK_THRESHOLDS, thresholdsProblem, type RankThresholds } from './rules/rank.ts';

export const RANK_THRESHOLDS_KEY = 'membership.rank_thresholds';

export const RankThresholdsSchema = z
  .object({
    PLATINUM: z.number().int().nonnegative(),
    GOLD: z.number().int().nonnegative(),
    SILVER: z.number().int().nonnegative(),
    BRONZE: z.number().int().nonnegative(),
  })
  .refine((t) => thresholdsProblem(t) === null, { message: 'each threshold must be below the one of the rank above' });

/** The stored thresholds over the defaults. */
export async function loadRankThresholds(db: Queryable, options: { forUpdate?: boolean } = {}): Promise<RankThresholds> {
  let query = db.selectFrom('app_settings').select('value').where('key', '=', RANK_THRESHOLDS_KEY);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  const parsed = RankThresholdsSchema.safeParse({ ...DEFAULT_RANK_THRESHOLDS, ...((row?.value as object | undefined) ?? {}) });
  if (!parsed.success) throw new Error(`app_settings '${RANK_THRESHOLDS_KEY}' is not valid: ${parsed.error.message}`);
  return parsed.data;
}

/** Is the company a membership customer (seed 004 §1.3)? null when the company does not exist. */
export async function companyEligibility(db: Queryable, companyId: string): Promise<boolean | null> {
  const row = await db.selectFrom('companies').selectAll().where('id', '=', companyId).executeTakeFirst();
  if (!row) return null;
  return isMembershipEligible({
    billingAgency: row.billing_agency,
    exclusions: {
      dedicatedConnectionOnly: row.excl_dedicated_connection_only,
      cdnOnly: row.excl_cdn_only,
      publicSector: row.excl_public_sector,
      partner: row.excl_partner,
      indirectContract: row.excl_indirect_contract,
    },
  });
}

/** Ids of every eligible company. */
export async function eligibleCompanyIds(db: Queryable): Promise<string[]> {
  const rows = await db
    .selectFrom('companies')
    .select('id')
    .where('billing_agency', '=', true)
    .where('excl_dedicated_connection_only', '=', false)
    .where('excl_cdn_only', '=', false)
    .where('excl_public_sector', '=', false)
    .where('excl_partner', '=', false)
    .where('excl_indirect_contract', '=', false)
    .orderBy('code')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The transaction total of a calendar year (integer yen): the sum of the company's finalized (or
 * sent) invoices for the usage months of that year; when billing has no invoice of that year for
 * the company, the imported figure; else none.
 */
export async function yearlyTransactionTotal(
  db: Queryable,
  companyId: string,
  calendarYear: number,
): Promise<{ totalJpy: string | null; source: 'invoices' | 'imported' | 'none' }> {
  const invoiced = await db
    .selectFrom('invoices')
    .select([sql<string>`coalesce(sum(total_jpy), 0)::text`.as('total'), sql<string>`count(*)::text`.as('n')])
    .where('company_id', '=', companyId)
    .where('kind', '=', 'invoice')
    .where('status', 'in', ['finalized', 'sent'])
    .where('billing_month', '>=', `${calendarYear}-01`)
    .where('billing_month', '<=', `${calendarYear}-12`)
    .executeTakeFirstOrThrow();
  if (Number(invoiced.n) > 0) return { totalJpy: invoiced.total, source: 'invoices' };
  const imported = await db
    .selectFrom('membership_imported_totals')
    .select('total_jpy')
    .where('company_id', '=', companyId)
    .where('calendar_year', '=', calendarYear)
    .executeTakeFirst();
  if (imported) return { totalJpy: imported.total_jpy, source: 'imported' };
  return { totalJpy: null, source: 'none' };
}
