import type { Tx } from '../../platform/db/database.ts';
import type { AuditEntry } from '../audit/record-audit.ts';
import { loadRankThresholds, yearlyTransactionTotal } from './membership-store.ts';
import { appendTicketEntry, lockTicketBalance } from './ticket-ledger.ts';
import { basisYearOf, rankFromTotal, type MembershipRank } from './rules/rank.ts';
import { openingMovements } from './rules/tickets.ts';
import type { MembershipYearsTable } from './tables.ts';
import type { Selectable } from 'kysely';

export type MembershipYearRow = Selectable<MembershipYearsTable>;

/**
 * Opens a company's fiscal year (what April 1 does, seed 004 §2.3–2.4): sets the rank from the
 * previous calendar year's total, expires what is left of earlier tickets and grants the year's.
 * Idempotent by business identity (company × fiscal year): the unique membership_years row, and
 * the ledger keys `expire:<company>:<year>` / `grant:<company>:<year>`. Runs under the company's
 * ticket balance lock, so the job, a retry and a concurrent application cannot open a year twice.
 * Every ticket movement of a year opens it first, so the job running late changes nothing.
 */
export async function openMembershipYear(
  tx: Tx,
  companyId: string,
  fiscalYear: number,
  actor: string,
  at: Date,
): Promise<{ year: MembershipYearRow; opened: boolean; audit: AuditEntry[] }> {
  const previousBalance = await lockTicketBalance(tx, companyId);
  const existing = await tx
    .selectFrom('membership_years')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('fiscal_year', '=', fiscalYear)
    .executeTakeFirst();
  if (existing) return { year: existing, opened: false, audit: [] };
  // A later year already open: an earlier one cannot be opened after it (its tickets would be stale).
  const later = await tx
    .selectFrom('membership_years')
    .select('fiscal_year')
    .where('company_id', '=', companyId)
    .where('fiscal_year', '>', fiscalYear)
    .executeTakeFirst();
  const basis = await yearlyTransactionTotal(tx, companyId, basisYearOf(fiscalYear));
  const rank: MembershipRank = rankFromTotal(basis.totalJpy ?? '0', await loadRankThresholds(tx));
  const year = await tx
    .insertInto('membership_years')
    .values({
      company_id: companyId,
      fiscal_year: fiscalYear,
      basis_total_jpy: basis.totalJpy,
      basis_source: basis.source,
      computed_rank: rank,
      rank,
      override_reason: null,
      overridden_by: null,
      overridden_at: null,
      csm_user_id: null,
      opened_by: actor,
      opened_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (!later) {
    const moves = openingMovements(previousBalance, rank);
    if (moves.expire > 0) {
      await appendTicketEntry(tx, {
        companyId,
        fiscalYear: fiscalYear - 1,
        kind: 'expire',
        amount: -moves.expire,
        reason: `${fiscalYear - 1}年度分の有効期限切れ`,
        idempotencyKey: `expire:${companyId}:${fiscalYear - 1}`,
        actor,
        at,
      });
    }
    if (moves.grant > 0) {
      await appendTicketEntry(tx, {
        companyId,
        fiscalYear,
        kind: 'grant',
        amount: moves.grant,
        reason: `${rank}ランク ${fiscalYear}年度分`,
        idempotencyKey: `grant:${companyId}:${fiscalYear}`,
        actor,
        at,
      });
    }
  }
  return {
    year,
    opened: true,
    audit: [
      {
        action: 'membership.year.opened',
        entityType: 'membership_year',
        entityId: year.id,
        companyId,
        after: {
          fiscalYear,
          rank,
          basisTotalJpy: basis.totalJpy,
          basisSource: basis.source,
          granted: later ? 0 : openingMovements(previousBalance, rank).grant,
        },
      },
    ],
  };
}
