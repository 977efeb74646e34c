import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { invalid } from '../../platform/errors.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import { assertMembershipAdmin } from './membership-access.ts';

export const YearlyTotalRow = z.object({
  companyCode: z.string().trim().min(1),
  calendarYear: z.number().int().min(2000).max(2100),
  totalJpy: z.string().regex(/^\d{1,15}$/, 'integer yen'),
});
export const ImportYearlyTotalsInput = z.object({ rows: z.array(YearlyTotalRow).min(1).max(10_000) });

/**
 * Yearly transaction totals from before Daiko billed (`npx daiko membership import-totals`, or the
 * staff form): used for a rank only when the company has no finalized invoice of that year. All
 * rows or none; a re-import updates the figure.
 */
export const importYearlyTotals = defineAction({
  name: 'membership.totals.import',
  input: ImportYearlyTotalsInput,
  authorize: (_tx, { actor }) => assertMembershipAdmin(actor),
  run: async (tx, { actor }, input, ctx) => {
    const codes = [...new Set(input.rows.map((r) => r.companyCode))];
    const companies = await tx.selectFrom('companies').select(['id', 'code']).where('code', 'in', codes).execute();
    const idOf = new Map(companies.map((c) => [c.code, c.id]));
    const unknown = codes.filter((c) => !idOf.has(c));
    if (unknown.length) throw invalid(`Unknown company codes: ${unknown.join(', ')}`);
    for (const row of input.rows) {
      await tx
        .insertInto('membership_imported_totals')
        .values({
          company_id: idOf.get(row.companyCode)!,
          calendar_year: row.calendarYear,
          total_jpy: row.totalJpy,
          imported_by: actorLabel(actor),
          imported_at: ctx.now(),
        })
        .onConflict((oc) =>
          oc
            .columns(['company_id', 'calendar_year'])
            .doUpdateSet({ total_jpy: row.totalJpy, imported_by: actorLabel(actor), imported_at: ctx.now() }),
        )
        .execute();
    }
    return {
      result: { imported: input.rows.length },
      audit: input.rows.map((row) => ({
        action: 'membership.totals.imported',
        entityType: 'company',
        entityId: idOf.get(row.companyCode)!,
        companyId: idOf.get(row.companyCode)!,
        after: { calendarYear: row.calendarYear, totalJpy: row.totalJpy },
      })),
    };
  },
});
