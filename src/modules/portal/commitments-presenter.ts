import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { addDays, isCalendarMonth, nextMonth } from '../calendar/rules/calendar-date.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { accountNames, assertPortalReader, companyFacts } from './portal-scope.ts';
import { commitmentCoverage } from './rules/commitment-coverage.ts';

export const CommitmentsQuery = z.object({
  from: z.string().refine(isCalendarMonth, 'a month YYYY-MM'),
  to: z.string().refine(isCalendarMonth, 'a month YYYY-MM'),
});

export const CommitmentRow = z.object({
  month: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  coveredOnDemandUsd: z.string(),
  onDemandUsd: z.string(),
  usedCommitmentUsd: z.string(),
  unusedCommitmentUsd: z.string(),
  savingsUsd: z.string(),
  coveragePercent: z.string().nullable(),
  utilizationPercent: z.string().nullable(),
});

const COMMITMENT_ONLY = ['DiscountedUsage', 'SavingsPlanCoveredUsage', 'RIFee', 'SavingsPlanRecurringFee'];
const COMMITMENT_TYPES = ['Usage', ...COMMITMENT_ONLY];

/**
 * RI and Savings Plans utilization and coverage of each of the company's accounts, per UTC month
 * (rules/commitment-coverage.ts). An account with neither commitments nor covered usage in a month
 * is left out.
 */
export async function commitmentUtilization(ctx: AppContext, actor: Actor, companyId: string, q: z.output<typeof CommitmentsQuery>) {
  await assertPortalReader(ctx, actor, companyId);
  if (q.from > q.to) throw invalid('"from" must not be after "to"');
  const rows = await companyFacts(ctx.db, companyId, `${q.from}-01`, addDays(`${nextMonth(q.to)}-01`, -1))
    .where('f.line_item_type', 'in', COMMITMENT_TYPES)
    .select([
      'f.billing_period as month',
      'f.usage_account_id as account',
      'f.line_item_type as type',
      sql<string>`sum(f.unblended_usd)::text`.as('unblended'),
      sql<string>`sum(f.list_usd)::text`.as('list'),
      sql<string>`sum(f.amortized_usd)::text`.as('amortized'),
    ])
    .groupBy(['f.billing_period', 'f.usage_account_id', 'f.line_item_type'])
    .execute();
  const names = await accountNames(ctx.db, companyId);
  const byKey = new Map<string, Map<string, { unblended: string; list: string; amortized: string }>>();
  for (const r of rows) {
    const key = `${r.month}|${r.account}`;
    if (!byKey.has(key)) byKey.set(key, new Map());
    byKey.get(key)!.set(r.type, r);
  }
  const zero = { unblended: '0', list: '0', amortized: '0' };
  return [...byKey]
    .filter(([, types]) => COMMITMENT_ONLY.some((t) => types.has(t)))
    .map(([key, types]) => {
      const [month, accountId] = key.split('|') as [string, string];
      const get = (t: string) => types.get(t) ?? zero;
      return {
        month,
        accountId,
        accountName: names.get(accountId) ?? accountId,
        ...commitmentCoverage({
          riCoveredListUsd: get('DiscountedUsage').list,
          riCoveredAmortizedUsd: get('DiscountedUsage').amortized,
          spCoveredListUsd: get('SavingsPlanCoveredUsage').list,
          spCoveredAmortizedUsd: get('SavingsPlanCoveredUsage').amortized,
          riUnusedUsd: get('RIFee').amortized,
          spUnusedUsd: get('SavingsPlanRecurringFee').amortized,
          onDemandUsd: get('Usage').unblended,
        }),
      };
    })
    .sort((a, b) => b.month.localeCompare(a.month) || a.accountId.localeCompare(b.accountId));
}
