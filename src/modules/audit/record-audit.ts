import type { Tx } from '../../platform/db/database.ts';
import { actorLabel, actorUserId, type Actor } from '../identity/rules/roles.ts';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string;
  /** The tenant the change concerns; lets a company's own history be shown to it later. */
  companyId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

/** Writes audit rows inside the caller's transaction: the change and its record commit together. */
export async function recordAudit(tx: Tx, actor: Actor, entries: AuditEntry[], ip?: string | null) {
  if (entries.length === 0) return;
  await tx
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        actor_user_id: actorUserId(actor),
        actor_label: actorLabel(actor),
        company_id: e.companyId ?? null,
        action: e.action,
        entity_type: e.entityType,
        entity_id: e.entityId,
        before: e.before ? JSON.stringify(redact(e.before)) : null,
        after: e.after ? JSON.stringify(redact(e.after)) : null,
        ip: ip ?? null,
      })),
    )
    .execute();
}

const SECRET_FIELDS = new Set(['password_hash', 'mfa_secret', 'mfa_pending_secret', 'password', 'code_hash']);

// Secrets never reach the audit log, not even hashed.
function redact(row: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !SECRET_FIELDS.has(k)));
}
