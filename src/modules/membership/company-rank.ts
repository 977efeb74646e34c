import type { Queryable } from '../../platform/db/database.ts';
import { companyEligibility, loadRankThresholds, yearlyTransactionTotal } from './membership-store.ts';
import { basisYearOf, fiscalYearOf, rankFromTotal, type MembershipRank } from './rules/rank.ts';

/**
 * A company's membership rank on a JST calendar date (YYYY-MM-DD): the rank set for that fiscal
 * year (by the April 1 job, or a staff override), or — before the job has run for that year — the
 * rank the thresholds give today's basis total. null: the company may not use the membership
 * (seed 004 §1.3) or does not exist. For other modules (optimization, inquiries).
 */
export async function rankOf(db: Queryable, companyId: string, on: string): Promise<MembershipRank | null> {
  const eligible = await companyEligibility(db, companyId);
  if (!eligible) return null;
  const fiscalYear = fiscalYearOf(on);
  const year = await db
    .selectFrom('membership_years')
    .select('rank')
    .where('company_id', '=', companyId)
    .where('fiscal_year', '=', fiscalYear)
    .executeTakeFirst();
  if (year) return year.rank;
  const basis = await yearlyTransactionTotal(db, companyId, basisYearOf(fiscalYear));
  return rankFromTotal(basis.totalJpy ?? '0', await loadRankThresholds(db));
}
