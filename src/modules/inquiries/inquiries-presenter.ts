import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { eligibleCompany, maySeeCompany } from './inquiry-access.ts';
import { INQUIRY_CATEGORIES, responseTimes } from './rules/inquiry-rules.ts';

export const InquirySummary = z.object({
  id: z.string(),
  companyId: z.string(),
  companyCode: z.string(),
  companyName: z.string(),
  subject: z.string(),
  category: z.enum(INQUIRY_CATEGORIES),
  status: z.enum(['open', 'closed']),
  openedBy: z.string(),
  openedAt: z.date(),
  lastMessageAt: z.date(),
  closedAt: z.date().nullable(),
  /** Staff are to answer (a customer message is unanswered). */
  awaitingStaff: z.boolean(),
  waitingSince: z.date().nullable(),
  /** Service-hour minutes (weekdays 10:00–19:00 JST, holidays excluded). */
  waitingMinutes: z.number().int().nullable(),
  firstResponseMinutes: z.number().int().nullable(),
  resolutionMinutes: z.number().int().nullable(),
  messageCount: z.number().int(),
});
export type InquirySummary = z.infer<typeof InquirySummary>;

export const InquiryMessageView = z.object({
  id: z.string(),
  authorKind: z.enum(['customer', 'staff']),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.date(),
});

export const InquiryDetail = InquirySummary.extend({ closedBy: z.string().nullable(), messages: z.array(InquiryMessageView) });
export type InquiryDetail = z.infer<typeof InquiryDetail>;

export const InquiryList = z.object({ inquiries: z.array(InquirySummary) });
export const InquiryQueue = z.object({
  inquiries: z.array(InquirySummary),
  /** Over the listed inquiries that have one; null when none has. */
  averageFirstResponseMinutes: z.number().int().nullable(),
  averageResolutionMinutes: z.number().int().nullable(),
});

/** A company's inquiries (its users, or staff), newest activity first. */
export async function companyInquiries(ctx: AppContext, actor: Actor, companyId: string) {
  if (!maySeeCompany(actor, companyId)) throw notFound('Company');
  await eligibleCompany(ctx.db, companyId);
  return { inquiries: await summaries(ctx.db, ctx.now(), { companyId }) };
}

/**
 * The staff queue: every open inquiry, those waiting for staff first and longest waiting first, then
 * the closed ones (newest activity first) with their response times.
 */
export async function inquiryQueue(ctx: AppContext, actor: Actor) {
  if (actor.kind === 'customer') throw forbidden();
  const now = ctx.now();
  const all = await summaries(ctx.db, now, {});
  const open = all
    .filter((i) => i.status === 'open')
    .sort(
      (a, b) =>
        Number(b.awaitingStaff) - Number(a.awaitingStaff) ||
        (b.waitingMinutes ?? 0) - (a.waitingMinutes ?? 0) ||
        a.openedAt.getTime() - b.openedAt.getTime(),
    );
  const closed = all.filter((i) => i.status === 'closed');
  const average = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length === 0 ? null : Math.round(known.reduce((s, v) => s + v, 0) / known.length);
  };
  return {
    inquiries: [...open, ...closed],
    averageFirstResponseMinutes: average(all.map((i) => i.firstResponseMinutes)),
    averageResolutionMinutes: average(all.map((i) => i.resolutionMinutes)),
  };
}

/** One inquiry with its thread, for its company's users or staff. */
export async function inquiryDetail(ctx: AppContext, actor: Actor, inquiryId: string): Promise<InquiryDetail> {
  const found = await ctx.db.selectFrom('inquiries').select('company_id').where('id', '=', inquiryId).executeTakeFirst();
  if (!found || !maySeeCompany(actor, found.company_id)) throw notFound('Inquiry');
  await eligibleCompany(ctx.db, found.company_id);
  return loadInquiry(ctx.db, inquiryId, ctx.now());
}

/** Without access checks: for services that have already checked. */
export async function loadInquiry(db: Queryable, inquiryId: string, now: Date): Promise<InquiryDetail> {
  const [summary] = await summaries(db, now, { inquiryId });
  if (!summary) throw notFound('Inquiry');
  const row = await db.selectFrom('inquiries').select('closed_by').where('id', '=', inquiryId).executeTakeFirstOrThrow();
  const messages = await db
    .selectFrom('inquiry_messages')
    .select(['id', 'author_kind', 'author_name', 'body', 'created_at'])
    .where('inquiry_id', '=', inquiryId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return {
    ...summary,
    closedBy: row.closed_by,
    messages: messages.map((m) => ({
      id: m.id,
      authorKind: m.author_kind,
      authorName: m.author_name,
      body: m.body,
      createdAt: m.created_at,
    })),
  };
}

async function summaries(db: Queryable, now: Date, filter: { companyId?: string; inquiryId?: string }): Promise<InquirySummary[]> {
  let query = db
    .selectFrom('inquiries as i')
    .innerJoin('companies as c', 'c.id', 'i.company_id')
    .selectAll('i')
    .select(['c.code', 'c.name'])
    .select((eb) =>
      eb
        .selectFrom('inquiry_messages as m')
        .whereRef('m.inquiry_id', '=', 'i.id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('message_count'),
    )
    .orderBy('i.last_message_at', 'desc')
    .orderBy('i.id');
  if (filter.companyId) query = query.where('i.company_id', '=', filter.companyId);
  if (filter.inquiryId) query = query.where('i.id', '=', filter.inquiryId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    companyId: r.company_id,
    companyCode: r.code,
    companyName: r.name,
    subject: r.subject,
    category: r.category,
    status: r.status,
    openedBy: r.opened_by,
    openedAt: r.opened_at,
    lastMessageAt: r.last_message_at,
    closedAt: r.closed_at,
    awaitingStaff: r.status === 'open' && r.waiting_since !== null,
    waitingSince: r.waiting_since,
    ...responseTimes(
      { openedAt: r.opened_at, waitingSince: r.waiting_since, firstResponseAt: r.first_response_at, closedAt: r.closed_at },
      now,
    ),
    messageCount: Number(r.message_count ?? 0),
  }));
}
