import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import { tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { rankOf } from './company-rank.ts';
import { assertMembershipStaff, assertMembershipVisible } from './membership-access.ts';
import { membershipAccounts } from './membership-accounts.ts';
import { eligibleCompanyIds, loadRankThresholds } from './membership-store.ts';
import { APPLICATION_PROBLEMS, APPLICATION_STATUSES, applicationProblem, customerMayCancel } from './rules/applications.ts';
import { fiscalYearOf, fiscalYearRange, MEMBERSHIP_RANKS } from './rules/rank.ts';
import { grantDateOf, ticketExpiryDate } from './rules/tickets.ts';
import { trainingQuota } from './rules/training.ts';
import type { OptionServicesTable, TrainingMenuTable } from './tables.ts';

const Rank = z.enum(MEMBERSHIP_RANKS);
const Status = z.enum(APPLICATION_STATUSES);

export const TicketEntryView = z.object({
  id: z.string(),
  at: z.string(),
  fiscalYear: z.number(),
  kind: z.enum(['grant', 'spend', 'refund', 'expire', 'adjust']),
  amount: z.number(),
  balanceAfter: z.number(),
  reason: z.string().nullable(),
  applicationId: z.string().nullable(),
});
export const ServiceView = z.object({
  code: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  category: z.enum(['cost', 'security', 'training']),
  ticketCost: z.number(),
  costFromTrainingMenu: z.boolean(),
  minRank: Rank,
  perAccount: z.boolean(),
  cancellable: z.boolean(),
  yearlyCapacity: z.number().nullable(),
  capacityUsed: z.number(),
  leadBusinessDays: z.number(),
  offeredUntil: z.string().nullable(),
  active: z.boolean(),
  /** For a company: why it cannot apply now (null = it can, tickets permitting). */
  problem: z.enum(APPLICATION_PROBLEMS).nullable(),
});
export const TrainingMenuView = z.object({
  code: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  format: z.enum(['lecture', 'hands-on']),
  hours: z.string(),
  ticketCost: z.number(),
  active: z.boolean(),
});
export const TrainingRequestView = z.object({
  id: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  trainingCode: z.string(),
  trainingName: z.string(),
  preferredDates: z.array(z.string()),
  status: z.enum(['requested', 'scheduled', 'done', 'cancelled']),
  scheduledOn: z.string().nullable(),
  note: z.string(),
  requestedAt: z.string(),
});
export const ApplicationSummary = z.object({
  id: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  serviceCode: z.string(),
  serviceNameJa: z.string(),
  serviceNameEn: z.string(),
  trainingCode: z.string().nullable(),
  awsAccountId: z.string().nullable(),
  tickets: z.number(),
  status: Status,
  earliestStart: z.string(),
  appliedAt: z.string(),
  updatedAt: z.string(),
  cancellable: z.boolean(),
});
export const MembershipView = z.object({
  companyId: z.string(),
  companyName: z.string(),
  today: z.string(),
  fiscalYear: z.number(),
  validFrom: z.string(),
  validTo: z.string(),
  rank: Rank,
  /** false until the April 1 job (or a first ticket movement) has opened the year. */
  yearOpened: z.boolean(),
  overridden: z.boolean(),
  balance: z.number(),
  ticketsExpireOn: z.string(),
  ledger: z.array(TicketEntryView),
  accounts: z.array(z.object({ accountId: z.string(), name: z.string() })),
  csm: z.object({ name: z.string(), email: z.string() }).nullable(),
  applications: z.array(ApplicationSummary),
  services: z.array(ServiceView),
  trainingMenu: z.array(TrainingMenuView),
  training: z.object({
    quota: z.number(),
    used: z.number(),
    left: z.number(),
    offerTicketedOption: z.boolean(),
    requests: z.array(TrainingRequestView),
  }),
});
export type MembershipView = z.infer<typeof MembershipView>;

export const AttachmentView = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  isReport: z.boolean(),
});
export const MessageView = z.object({
  id: z.string(),
  side: z.enum(['customer', 'staff', 'system']),
  authorName: z.string().nullable(),
  body: z.string(),
  statusTo: Status.nullable(),
  at: z.string(),
  attachments: z.array(AttachmentView),
});
export const ApplicationDetail = ApplicationSummary.extend({
  note: z.string(),
  closedReason: z.string().nullable(),
  messages: z.array(MessageView),
  ticketLedger: z.array(TicketEntryView),
});

const iso = (d: Date) => d.toISOString();

async function applicationRows(db: Queryable, where: { companyId?: string; applicationId?: string }) {
  let q = db
    .selectFrom('membership_applications as a')
    .innerJoin('option_services as s', 's.code', 'a.service_code')
    .innerJoin('companies as c', 'c.id', 'a.company_id')
    .select([
      'a.id',
      'a.company_id',
      'c.name as company_name',
      'a.service_code',
      's.name_ja',
      's.name_en',
      's.cancellable',
      'a.training_code',
      'a.aws_account_id',
      'a.tickets',
      'a.status',
      'a.earliest_start',
      'a.applied_at',
      'a.updated_at',
      'a.note',
      'a.closed_reason',
    ])
    .orderBy('a.applied_at', 'desc');
  if (where.companyId) q = q.where('a.company_id', '=', where.companyId);
  if (where.applicationId) q = q.where('a.id', '=', where.applicationId);
  return q.execute();
}

function summary(r: Awaited<ReturnType<typeof applicationRows>>[number]): z.infer<typeof ApplicationSummary> {
  return {
    id: r.id,
    companyId: r.company_id,
    companyName: r.company_name,
    serviceCode: r.service_code,
    serviceNameJa: r.name_ja,
    serviceNameEn: r.name_en,
    trainingCode: r.training_code,
    awsAccountId: r.aws_account_id,
    tickets: r.tickets,
    status: r.status,
    earliestStart: r.earliest_start,
    appliedAt: iso(r.applied_at),
    updatedAt: iso(r.updated_at),
    cancellable: customerMayCancel(r.status, r.cancellable),
  };
}

async function ledgerOf(db: Queryable, where: { companyId?: string; applicationId?: string }) {
  let q = db.selectFrom('ticket_ledger').selectAll().orderBy('id', 'desc');
  if (where.companyId) q = q.where('company_id', '=', where.companyId);
  if (where.applicationId) q = q.where('application_id', '=', where.applicationId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: String(r.id),
    at: iso(r.created_at),
    fiscalYear: r.fiscal_year,
    kind: r.kind,
    amount: r.amount,
    balanceAfter: r.balance_after,
    reason: r.reason,
    applicationId: r.application_id,
  }));
}

async function capacityUsedByService(db: Queryable, fiscalYear: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('membership_applications')
    .select(['service_code', sql<string>`count(*)::text`.as('n')])
    .where('fiscal_year', '=', fiscalYear)
    .where('status', 'not in', ['rejected', 'cancelled'])
    .groupBy('service_code')
    .execute();
  return new Map(rows.map((r) => [r.service_code, Number(r.n)]));
}

async function trainingRequests(db: Queryable, where: { companyId?: string }) {
  let q = db
    .selectFrom('training_requests as t')
    .innerJoin('training_menu as m', 'm.code', 't.training_code')
    .innerJoin('companies as c', 'c.id', 't.company_id')
    .select([
      't.id',
      't.company_id',
      'c.name as company_name',
      't.training_code',
      'm.name_ja',
      't.preferred_dates',
      't.status',
      't.scheduled_on',
      't.note',
      't.requested_at',
      't.fiscal_year',
    ])
    .orderBy('t.requested_at', 'desc');
  if (where.companyId) q = q.where('t.company_id', '=', where.companyId);
  const rows = await q.execute();
  return rows.map((r) => ({
    fiscalYear: r.fiscal_year,
    view: {
      id: r.id,
      companyId: r.company_id,
      companyName: r.company_name,
      trainingCode: r.training_code,
      trainingName: r.name_ja,
      preferredDates: r.preferred_dates.map(String),
      status: r.status,
      scheduledOn: r.scheduled_on,
      note: r.note,
      requestedAt: iso(r.requested_at),
    },
  }));
}

/** A company's membership page (seed 004 §3.4.3): rank and validity, tickets, accounts, CSM, services, training. */
export async function companyMembership(ctx: AppContext, actor: Actor, companyId: string): Promise<MembershipView> {
  const db = ctx.db;
  await assertMembershipVisible(db, actor, companyId);
  const today = tokyoDateOf(ctx.now());
  const fiscalYear = fiscalYearOf(today);
  const company = await db.selectFrom('companies').select('name').where('id', '=', companyId).executeTakeFirstOrThrow();
  const year = await db
    .selectFrom('membership_years')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('fiscal_year', '=', fiscalYear)
    .executeTakeFirst();
  const rank = year?.rank ?? (await rankOf(db, companyId, today))!;
  const balanceRow = await db.selectFrom('ticket_balances').select('balance').where('company_id', '=', companyId).executeTakeFirst();
  // Before the year is opened every ticket left belongs to an earlier year and has expired.
  const balance = year ? (balanceRow?.balance ?? 0) : 0;
  const csm = year?.csm_user_id
    ? await db.selectFrom('users').select(['name', 'email']).where('id', '=', year.csm_user_id).executeTakeFirst()
    : undefined;
  const accounts = await membershipAccounts(db, companyId, today);
  const used = await capacityUsedByService(db, fiscalYear);
  // Withdrawn services and retired trainings are not shown to customers.
  const services = await db.selectFrom('option_services').selectAll().where('active', '=', true).orderBy('sort_order').execute();
  const menu = await db.selectFrom('training_menu').selectAll().where('active', '=', true).orderBy('sort_order').execute();
  const requests = await trainingRequests(db, { companyId });
  const usedTraining = requests.filter((r) => r.fiscalYear === fiscalYear && r.view.status !== 'cancelled').length;
  const range = fiscalYearRange(fiscalYear);
  return {
    companyId,
    companyName: company.name,
    today,
    fiscalYear,
    validFrom: range.from,
    validTo: range.to,
    rank,
    yearOpened: Boolean(year),
    overridden: Boolean(year?.override_reason),
    balance,
    ticketsExpireOn: ticketExpiryDate(grantDateOf(fiscalYear)),
    ledger: await ledgerOf(db, { companyId }),
    accounts,
    csm: csm ? { name: csm.name, email: csm.email } : null,
    applications: (await applicationRows(db, { companyId })).map(summary),
    services: services.map((s) =>
      serviceView(
        s,
        used,
        applicationProblem({
          service: {
            active: s.active,
            minRank: s.min_rank,
            perAccount: false,
            yearlyCapacity: s.yearly_capacity,
            offeredUntil: s.offered_until,
          },
          rank,
          today,
          accountId: null,
          companyAccounts: [],
          capacityUsed: used.get(s.code) ?? 0,
        }),
      ),
    ),
    trainingMenu: menu.map(trainingMenuView),
    training: { ...trainingQuota(rank, usedTraining), requests: requests.map((r) => r.view) },
  };
}

/** One application with its thread (attachments as metadata) and its ticket movements. */
export async function applicationDetail(ctx: AppContext, actor: Actor, applicationId: string): Promise<z.infer<typeof ApplicationDetail>> {
  const [row] = await applicationRows(ctx.db, { applicationId });
  if (!row) throw notFound('Application');
  await assertMembershipVisible(ctx.db, actor, row.company_id).catch(() => {
    throw notFound('Application');
  });
  if (actor.kind === 'staff' && actor.role === 'billing') throw notFound('Application');
  const messages = await ctx.db
    .selectFrom('membership_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.author_side', 'u.name as author_name', 'm.body', 'm.status_to', 'm.created_at'])
    .where('m.application_id', '=', applicationId)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  const attachments = await ctx.db
    .selectFrom('membership_attachments')
    .select(['id', 'message_id', 'file_name', 'content_type', 'size_bytes', 'is_report'])
    .where('application_id', '=', applicationId)
    .orderBy('created_at')
    .execute();
  return {
    ...summary(row),
    note: row.note,
    closedReason: row.closed_reason,
    messages: messages.map((m) => ({
      id: m.id,
      side: m.author_side,
      authorName: m.author_name,
      body: m.body,
      statusTo: m.status_to,
      at: iso(m.created_at),
      attachments: attachments
        .filter((a) => a.message_id === m.id)
        .map((a) => ({ id: a.id, fileName: a.file_name, contentType: a.content_type, sizeBytes: a.size_bytes, isReport: a.is_report })),
    })),
    ticketLedger: await ledgerOf(ctx.db, { applicationId }),
  };
}

/** An attachment's bytes, for a user who may see its application. */
export async function applicationAttachment(ctx: AppContext, actor: Actor, applicationId: string, attachmentId: string) {
  await applicationDetail(ctx, actor, applicationId);
  const row = await ctx.db
    .selectFrom('membership_attachments')
    .select(['file_name', 'content_type', 'data'])
    .where('id', '=', attachmentId)
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
  if (!row) throw notFound('Attachment');
  return { fileName: row.file_name, contentType: row.content_type, data: Buffer.from(row.data) };
}

export const StaffOverview = z.object({
  fiscalYear: z.number(),
  thresholds: z.object({ PLATINUM: z.number(), GOLD: z.number(), SILVER: z.number(), BRONZE: z.number() }),
  byRank: z.record(Rank, z.number()),
  ticketsOutstanding: z.number(),
  applicationsByStatus: z.record(Status, z.number()),
  companies: z.array(
    z.object({
      companyId: z.string(),
      code: z.string(),
      name: z.string(),
      rank: Rank,
      yearOpened: z.boolean(),
      overrideReason: z.string().nullable(),
      basisTotalJpy: z.string().nullable(),
      balance: z.number(),
      csmName: z.string().nullable(),
    }),
  ),
  applications: z.array(ApplicationSummary),
  trainingRequests: z.array(TrainingRequestView),
  services: z.array(ServiceView),
  /** The whole training menu, retired items included. */
  trainingMenu: z.array(TrainingMenuView),
});

/** The staff console's membership overview: companies by rank, tickets outstanding, the queues. */
export async function staffMembershipOverview(ctx: AppContext, actor: Actor): Promise<z.infer<typeof StaffOverview>> {
  assertMembershipStaff(actor);
  const db = ctx.db;
  const today = tokyoDateOf(ctx.now());
  const fiscalYear = fiscalYearOf(today);
  const ids = await eligibleCompanyIds(db);
  const companies = [];
  const byRank = Object.fromEntries(MEMBERSHIP_RANKS.map((r) => [r, 0])) as Record<(typeof MEMBERSHIP_RANKS)[number], number>;
  let outstanding = 0;
  for (const id of ids) {
    const c = await db.selectFrom('companies').select(['code', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
    const year = await db
      .selectFrom('membership_years as y')
      .leftJoin('users as u', 'u.id', 'y.csm_user_id')
      .select(['y.rank', 'y.override_reason', 'y.basis_total_jpy', 'u.name as csm_name'])
      .where('y.company_id', '=', id)
      .where('y.fiscal_year', '=', fiscalYear)
      .executeTakeFirst();
    const rank = year?.rank ?? (await rankOf(db, id, today))!;
    const bal = year
      ? ((await db.selectFrom('ticket_balances').select('balance').where('company_id', '=', id).executeTakeFirst())?.balance ?? 0)
      : 0;
    byRank[rank]++;
    outstanding += bal;
    companies.push({
      companyId: id,
      code: c.code,
      name: c.name,
      rank,
      yearOpened: Boolean(year),
      overrideReason: year?.override_reason ?? null,
      basisTotalJpy: year?.basis_total_jpy ?? null,
      balance: bal,
      csmName: year?.csm_name ?? null,
    });
  }
  const apps = (await applicationRows(db, {})).map(summary);
  const byStatus = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Record<(typeof APPLICATION_STATUSES)[number], number>;
  for (const a of apps) byStatus[a.status]++;
  const used = await capacityUsedByService(db, fiscalYear);
  const services = await db.selectFrom('option_services').selectAll().orderBy('sort_order').execute();
  return {
    fiscalYear,
    thresholds: await loadRankThresholds(db),
    byRank,
    ticketsOutstanding: outstanding,
    applicationsByStatus: byStatus,
    companies,
    applications: apps,
    trainingRequests: (await trainingRequests(db, {})).map((r) => r.view),
    services: services.map((s) => serviceView(s, used, null)),
    trainingMenu: (await db.selectFrom('training_menu').selectAll().orderBy('sort_order').orderBy('code').execute()).map(trainingMenuView),
  };
}

/** A catalog entry as both the company page and the staff console show it; `problem` says why this company cannot apply. */
function serviceView(
  s: Selectable<OptionServicesTable>,
  used: Map<string, number>,
  problem: z.infer<typeof ServiceView>['problem'],
): z.infer<typeof ServiceView> {
  return {
    code: s.code,
    nameJa: s.name_ja,
    nameEn: s.name_en,
    category: s.category,
    ticketCost: s.ticket_cost,
    costFromTrainingMenu: s.cost_from_training_menu,
    minRank: s.min_rank,
    perAccount: s.per_account,
    cancellable: s.cancellable,
    yearlyCapacity: s.yearly_capacity,
    capacityUsed: used.get(s.code) ?? 0,
    leadBusinessDays: s.lead_business_days,
    offeredUntil: s.offered_until,
    active: s.active,
    problem,
  };
}

function trainingMenuView(m: Selectable<TrainingMenuTable>): z.infer<typeof TrainingMenuView> {
  return {
    code: m.code,
    nameJa: m.name_ja,
    nameEn: m.name_en,
    format: m.format,
    hours: m.hours,
    ticketCost: m.ticket_cost,
    active: m.active,
  };
}
