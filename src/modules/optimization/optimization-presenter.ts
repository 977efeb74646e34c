import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { previousMonth, tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { MEMBERSHIP_RANKS, fiscalYearOf, type MembershipRank } from '../membership/rules/rank.ts';
import { monthlyCosts } from './cost-series.ts';
import { assignedCsm, optimizationRank } from './optimization-access.ts';
import { measureCostEffect, measurementMonths } from './rules/cost-effect.ts';
import { agreedPriority, csmKind, EFFORTS, PRIORITIES, PROPOSAL_CATEGORIES, PROPOSAL_STATUSES } from './rules/proposal-rules.ts';

const Priority = z.enum(PRIORITIES);

export const ProposalView = z.object({
  id: z.string(),
  companyId: z.string(),
  category: z.enum(PROPOSAL_CATEGORIES),
  title: z.string(),
  description: z.string(),
  expectedEffect: z.string(),
  /** Cost proposals: yen per month. */
  expectedSavingJpy: z.number().int().nullable(),
  effort: z.enum(EFFORTS),
  accountIds: z.array(z.string()),
  serviceCodes: z.array(z.string()),
  customerPriority: Priority.nullable(),
  customerPriorityBy: z.string().nullable(),
  csmPriority: Priority.nullable(),
  csmPriorityBy: z.string().nullable(),
  agreedPriority: Priority.nullable(),
  status: z.enum(PROPOSAL_STATUSES),
  changeDate: z.string().nullable(),
  statusNote: z.string().nullable(),
  proposedBy: z.string(),
  proposedAt: z.date(),
  updatedAt: z.date(),
});
export type ProposalView = z.infer<typeof ProposalView>;

export const CompanyOptimization = z.object({
  companyId: z.string(),
  companyName: z.string(),
  rank: z.enum(MEMBERSHIP_RANKS),
  csmKind: z.enum(['dedicated', 'shared']),
  fiscalYear: z.number().int(),
  csm: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  accounts: z.array(z.object({ accountId: z.string(), name: z.string() })),
  proposals: z.array(ProposalView),
});
export type CompanyOptimization = z.infer<typeof CompanyOptimization>;

const Money = z.object({ usd: z.string().nullable(), jpy: z.number().int().nullable() });
export const ProposalDetail = z.object({
  proposal: ProposalView,
  measurement: z
    .object({
      changeMonth: z.string(),
      state: z.enum(['waiting', 'partial', 'complete']),
      beforeMonths: z.array(z.string()),
      afterMonths: z.array(z.string()),
      beforeAverage: Money,
      afterAverage: Money,
      savingPerMonth: Money,
      savingPercent: z.string().nullable(),
      months: z.array(
        z.object({
          month: z.string(),
          usd: z.string(),
          jpy: z.number().int().nullable(),
          phase: z.enum(['before', 'change', 'after', 'pending']),
        }),
      ),
    })
    .nullable(),
});

export const CsmWorkloads = z.object({
  fiscalYear: z.number().int(),
  csms: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      companies: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), rank: z.enum(MEMBERSHIP_RANKS) })),
    }),
  ),
});

type ProposalRow = Awaited<ReturnType<typeof proposalRows>>[number];

function proposalRows(db: Queryable, filter: { companyId?: string; proposalId?: string }) {
  let q = db.selectFrom('optimization_proposals').selectAll().orderBy('proposed_at', 'desc').orderBy('id');
  if (filter.companyId) q = q.where('company_id', '=', filter.companyId);
  if (filter.proposalId) q = q.where('id', '=', filter.proposalId);
  return q.execute();
}

function toView(r: ProposalRow, actor: Actor): ProposalView {
  const customer = actor.kind === 'customer';
  return {
    id: r.id,
    companyId: r.company_id,
    category: r.category,
    title: r.title,
    description: r.description,
    expectedEffect: r.expected_effect,
    expectedSavingJpy: r.expected_saving_jpy === null ? null : Number(r.expected_saving_jpy),
    effort: r.effort,
    accountIds: r.account_ids,
    serviceCodes: r.service_codes,
    customerPriority: r.customer_priority,
    customerPriorityBy: r.customer_priority_by,
    csmPriority: r.csm_priority,
    csmPriorityBy: customer && r.csm_priority_by ? 'CSM' : r.csm_priority_by,
    agreedPriority: agreedPriority(r.customer_priority, r.csm_priority),
    status: r.status,
    changeDate: r.change_date,
    statusNote: r.status_note,
    proposedBy: r.proposed_by,
    proposedAt: r.proposed_at,
    updatedAt: r.updated_at,
  };
}

/** For services that have checked access: the company's service, CSM and proposals. */
export async function companyOptimization(
  db: Queryable,
  companyId: string,
  rank: MembershipRank,
  now: Date,
  actor: Actor,
): Promise<CompanyOptimization> {
  const company = await db.selectFrom('companies').select(['id', 'name']).where('id', '=', companyId).executeTakeFirstOrThrow();
  const csm = await assignedCsm(db, companyId, now);
  const accounts = await db
    .selectFrom('account_assignments as a')
    .innerJoin('aws_accounts as w', 'w.account_id', 'a.account_id')
    .select(['w.account_id', 'w.name'])
    .where('a.company_id', '=', companyId)
    .distinct()
    .orderBy('w.account_id')
    .execute();
  return {
    companyId,
    companyName: company.name,
    rank,
    csmKind: csmKind(rank),
    fiscalYear: fiscalYearOf(tokyoDateOf(now)),
    csm: csm ?? null,
    accounts: accounts.map((a) => ({ accountId: a.account_id, name: a.name })),
    proposals: (await proposalRows(db, { companyId })).map((r) => toView(r, actor)),
  };
}

/** A company's optimization service: its users or staff; SILVER and above only. */
export async function companyOptimizationOf(ctx: AppContext, actor: Actor, companyId: string) {
  const now = ctx.now();
  const rank = await optimizationRank(ctx.db, actor, companyId, now);
  return companyOptimization(ctx.db, companyId, rank, now, actor);
}

/** For services that have checked access. */
export async function loadProposal(db: Queryable, proposalId: string, actor: Actor): Promise<ProposalView> {
  const [row] = await proposalRows(db, { proposalId });
  if (!row) throw notFound('Proposal');
  return toView(row, actor);
}

/** A proposal and, for an implemented cost proposal, its effect measured from the cost data. */
export async function proposalDetail(ctx: AppContext, actor: Actor, proposalId: string) {
  const row = await ctx.db.selectFrom('optimization_proposals').selectAll().where('id', '=', proposalId).executeTakeFirst();
  if (!row || (actor.kind === 'customer' && actor.companyId !== row.company_id)) throw notFound('Proposal');
  await optimizationRank(ctx.db, actor, row.company_id, ctx.now());
  const proposal = toView(row, actor);
  if (row.category !== 'cost' || row.change_date === null) return { proposal, measurement: null };
  const { from, to } = measurementMonths(row.change_date);
  const months = await monthlyCosts(
    ctx.db,
    { companyId: row.company_id, accountIds: row.account_ids, serviceCodes: row.service_codes },
    from,
    to,
  );
  const lastComplete = previousMonth(tokyoDateOf(ctx.now()).slice(0, 7));
  const effect = measureCostEffect(months, row.change_date, lastComplete);
  const phaseOf = (m: string) =>
    effect.beforeMonths.includes(m) ? 'before' : m === effect.changeMonth ? 'change' : effect.afterMonths.includes(m) ? 'after' : 'pending';
  const num = (v: bigint | null) => (v === null ? null : Number(v));
  return {
    proposal,
    measurement: {
      changeMonth: effect.changeMonth,
      state: effect.state,
      beforeMonths: effect.beforeMonths,
      afterMonths: effect.afterMonths,
      beforeAverage: { usd: effect.beforeAverageUsd, jpy: num(effect.beforeAverageJpy) },
      afterAverage: { usd: effect.afterAverageUsd, jpy: num(effect.afterAverageJpy) },
      savingPerMonth: { usd: effect.savingPerMonthUsd, jpy: num(effect.savingPerMonthJpy) },
      savingPercent: effect.savingPercent,
      // Months not complete yet are shown without a figure.
      months: months.map((c) => ({
        month: c.month,
        usd: c.usd,
        jpy: num(c.jpy),
        phase: phaseOf(c.month) as 'before' | 'change' | 'after' | 'pending',
      })),
    },
  };
}

/** Staff: every CSM and the companies each serves this fiscal year (dedicated or shared). */
export async function csmWorkloads(ctx: AppContext, actor: Actor) {
  if (actor.kind === 'customer') throw forbidden();
  const fiscalYear = fiscalYearOf(tokyoDateOf(ctx.now()));
  const csms = await ctx.db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('kind', '=', 'staff')
    .where('role', '=', 'csm')
    .orderBy('name')
    .orderBy('email')
    .execute();
  const assigned = await ctx.db
    .selectFrom('membership_years as y')
    .innerJoin('companies as c', 'c.id', 'y.company_id')
    .select(['y.csm_user_id', 'c.id', 'c.code', 'c.name', 'y.rank'])
    .where('y.fiscal_year', '=', fiscalYear)
    .where('y.csm_user_id', 'is not', null)
    .orderBy('c.code')
    .execute();
  return {
    fiscalYear,
    csms: csms.map((u) => ({
      ...u,
      companies: assigned.filter((a) => a.csm_user_id === u.id).map((a) => ({ id: a.id, code: a.code, name: a.name, rank: a.rank })),
    })),
  };
}
