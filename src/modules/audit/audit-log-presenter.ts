import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { forbidden } from '../../platform/errors.ts';
import { can, type Actor } from '../identity/rules/roles.ts';

export const AuditLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset pagination: entries older than this id. */
  before: z.string().regex(/^\d+$/).optional(),
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  companyId: z.string().uuid().optional(),
});

export const AuditEntryView = z.object({
  id: z.string(),
  at: z.date(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  companyId: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
});

/** The audit log, newest first, for admins. */
export async function listAuditLog(ctx: AppContext, actor: Actor, query: z.output<typeof AuditLogQuery>) {
  if (!can(actor, 'audit.read')) throw forbidden();
  let q = ctx.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(query.limit + 1);
  if (query.before) q = q.where('id', '<', query.before);
  if (query.entityType) q = q.where('entity_type', '=', query.entityType);
  if (query.entityId) q = q.where('entity_id', '=', query.entityId);
  if (query.companyId) q = q.where('company_id', '=', query.companyId);
  const rows = await q.execute();
  const page = rows.slice(0, query.limit);
  return {
    entries: page.map((r) => ({
      id: String(r.id),
      at: r.at,
      actorLabel: r.actor_label,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      companyId: r.company_id,
      before: r.before,
      after: r.after,
      ip: r.ip,
    })),
    nextBefore: rows.length > query.limit ? String(page.at(-1)!.id) : null,
  };
}
