import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { can, type Actor } from '../identity/rules/roles.ts';
import { PREPAID_PURCHASE_TYPES } from './rules/match-prepaid-purchase.ts';

export const PrepaidNoticeView = z.object({
  id: z.string(),
  companyId: z.string(),
  companyCode: z.string(),
  companyName: z.string(),
  purchaseType: z.enum(PREPAID_PURCHASE_TYPES),
  /** Decimal string. */
  expectedUsd: z.string(),
  expectedDate: z.string(),
  note: z.string().nullable(),
  filedBy: z.string(),
  filedAt: z.date(),
  status: z.enum(['filed', 'acknowledged', 'withdrawn']),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.date().nullable(),
});
export type PrepaidNoticeView = z.infer<typeof PrepaidNoticeView>;

/** A large prepaid purchase and what the check made of it: covered by a notice, or an alert. */
export const PrepaidPurchaseView = z.object({
  id: z.string(),
  companyId: z.string().nullable(),
  companyCode: z.string().nullable(),
  payerAccountId: z.string(),
  usageAccountId: z.string(),
  purchaseDate: z.string(),
  serviceCode: z.string(),
  serviceName: z.string(),
  purchaseType: z.enum(PREPAID_PURCHASE_TYPES),
  amountUsd: z.string(),
  /** Integer yen at the purchase date's rate; null when no rate was published for it. */
  amountJpy: z.number().int().nullable(),
  usdJpy: z.string().nullable(),
  rateDate: z.string().nullable(),
  noticeId: z.string().nullable(),
  status: z.enum(['matched', 'open', 'resolved']),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.date().nullable(),
  resolutionNote: z.string().nullable(),
  createdAt: z.date(),
});
export type PrepaidPurchaseView = z.infer<typeof PrepaidPurchaseView>;

export const PrepaidOverview = z.object({ notices: z.array(PrepaidNoticeView), purchases: z.array(PrepaidPurchaseView) });
export type PrepaidOverview = z.infer<typeof PrepaidOverview>;

/** A company's notices and large purchases, newest first: its own users, or staff. */
export async function companyPrepaidOverview(ctx: AppContext, actor: Actor, companyId: string): Promise<PrepaidOverview> {
  if (!can(actor, 'prepaid.read', companyId)) throw notFound('Company');
  const company = await ctx.db.selectFrom('companies').select('id').where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound('Company');
  const view = await prepaidOverview(ctx.db, companyId);
  // Who in the reseller handled what is staff business.
  if (actor.kind !== 'customer') return view;
  return {
    notices: view.notices.map((n) => ({ ...n, acknowledgedBy: null })),
    purchases: view.purchases.map((p) => ({ ...p, resolvedBy: null })),
  };
}

/** Every company's notices and large purchases (the staff console). */
export async function allPrepaidOverview(ctx: AppContext, actor: Actor): Promise<PrepaidOverview> {
  if (actor.kind === 'customer' || !can(actor, 'prepaid.read')) throw forbidden();
  return prepaidOverview(ctx.db, null);
}

export async function prepaidOverview(db: Queryable, companyId: string | null): Promise<PrepaidOverview> {
  let notices = db
    .selectFrom('prepaid_notices as n')
    .innerJoin('companies as c', 'c.id', 'n.company_id')
    .selectAll('n')
    .select(['c.code', 'c.name'])
    .orderBy('n.filed_at', 'desc')
    .orderBy('n.id');
  let purchases = db
    .selectFrom('prepaid_purchases as p')
    .leftJoin('companies as c', 'c.id', 'p.company_id')
    .selectAll('p')
    .select('c.code')
    .orderBy('p.purchase_date', 'desc')
    .orderBy('p.id');
  if (companyId) {
    notices = notices.where('n.company_id', '=', companyId);
    purchases = purchases.where('p.company_id', '=', companyId);
  }
  return {
    notices: (await notices.execute()).map(noticeView),
    purchases: (await purchases.execute()).map((r) => ({
      id: r.id,
      companyId: r.company_id,
      companyCode: r.code,
      payerAccountId: r.payer_account_id,
      usageAccountId: r.usage_account_id,
      purchaseDate: r.purchase_date,
      serviceCode: r.service_code,
      serviceName: r.service_name,
      purchaseType: r.purchase_type,
      amountUsd: r.amount_usd,
      amountJpy: r.amount_jpy === null ? null : Number(r.amount_jpy),
      usdJpy: r.usd_jpy,
      rateDate: r.rate_date,
      noticeId: r.notice_id,
      status: r.alert_status,
      resolvedBy: r.resolved_by,
      resolvedAt: r.resolved_at,
      resolutionNote: r.resolution_note,
      createdAt: r.created_at,
    })),
  };
}

/** One notice, without any access check: for services that have already checked. */
export async function prepaidNotice(db: Queryable, noticeId: string): Promise<PrepaidNoticeView> {
  const row = await db
    .selectFrom('prepaid_notices as n')
    .innerJoin('companies as c', 'c.id', 'n.company_id')
    .selectAll('n')
    .select(['c.code', 'c.name'])
    .where('n.id', '=', noticeId)
    .executeTakeFirst();
  if (!row) throw notFound('Notice');
  return noticeView(row);
}

type NoticeRow = {
  id: string;
  company_id: string;
  code: string;
  name: string;
  purchase_type: PrepaidNoticeView['purchaseType'];
  expected_usd: string;
  expected_date: string;
  note: string | null;
  filed_by: string;
  filed_at: Date;
  status: PrepaidNoticeView['status'];
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
};

function noticeView(r: NoticeRow): PrepaidNoticeView {
  return {
    id: r.id,
    companyId: r.company_id,
    companyCode: r.code,
    companyName: r.name,
    purchaseType: r.purchase_type,
    expectedUsd: r.expected_usd,
    expectedDate: r.expected_date,
    note: r.note,
    filedBy: r.filed_by,
    filedAt: r.filed_at,
    status: r.status,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at,
  };
}
