import type { Tx } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import { assertMembershipVisible } from './membership-access.ts';
import type { ApplicationStatus } from './tables.ts';
import { applicationTicketNet, appendTicketEntry } from './ticket-ledger.ts';

/** Loads an application under a row lock, after checking the actor may see its company. */
export async function lockApplication(tx: Tx, actor: Actor, applicationId: string) {
  const row = await tx
    .selectFrom('membership_applications as a')
    .innerJoin('option_services as s', 's.code', 'a.service_code')
    .select([
      'a.id',
      'a.company_id',
      'a.status',
      'a.tickets',
      'a.fiscal_year',
      'a.service_code',
      's.name_ja as service_name',
      's.cancellable',
    ])
    .where('a.id', '=', applicationId)
    .executeTakeFirst();
  if (!row) throw notFound('Application');
  await assertMembershipVisible(tx, actor, row.company_id).catch(() => {
    throw notFound('Application');
  });
  await tx.selectFrom('membership_applications').select('id').where('id', '=', applicationId).forUpdate().execute();
  return row;
}

/** Gives back what the application still holds (idempotent by key `refund:<application>`). */
export async function refundApplication(
  tx: Tx,
  actor: Actor,
  app: { id: string; company_id: string; fiscal_year: number },
  reason: string,
  at: Date,
) {
  const held = -(await applicationTicketNet(tx, app.id));
  if (held <= 0) return 0;
  await appendTicketEntry(tx, {
    companyId: app.company_id,
    fiscalYear: app.fiscal_year,
    kind: 'refund',
    amount: held,
    applicationId: app.id,
    reason,
    idempotencyKey: `refund:${app.id}`,
    actor: actorLabel(actor),
    at,
  });
  return held;
}

export const STATUS_LABELS_JA: Record<ApplicationStatus, string> = {
  applied: '申込済み',
  scheduling: '日程調整中',
  in_progress: '実施中',
  reported: '報告済み',
  done: '完了',
  rejected: '却下',
  cancelled: 'キャンセル',
};
