import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';
import { conflict } from '../../platform/errors.ts';
import type { TicketEntryKind } from './tables.ts';

/**
 * Takes the company's balance row lock (creating the row at 0 the first time). Every ticket
 * movement of a company goes through this lock, so concurrent spends queue up one after another.
 */
export async function lockTicketBalance(tx: Tx, companyId: string): Promise<number> {
  await tx
    .insertInto('ticket_balances')
    .values({ company_id: companyId })
    .onConflict((oc) => oc.column('company_id').doNothing())
    .execute();
  const row = await tx
    .selectFrom('ticket_balances')
    .select('balance')
    .where('company_id', '=', companyId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.balance;
}

export type TicketEntry = {
  companyId: string;
  fiscalYear: number;
  kind: TicketEntryKind;
  amount: number;
  applicationId?: string | null;
  reason?: string | null;
  /** Business identity of the movement (e.g. `grant:<company>:2026`): appended at most once. */
  idempotencyKey?: string | null;
  actor: string;
  at: Date;
};

/**
 * Appends one ledger entry and moves the balance, under the balance row lock. Refuses (409) a
 * movement that would make the balance negative; the CHECK on ticket_balances refuses it again
 * should any code path skip this. Returns the new balance, or null when the key was already used.
 */
export async function appendTicketEntry(tx: Tx, entry: TicketEntry): Promise<number | null> {
  const balance = await lockTicketBalance(tx, entry.companyId);
  if (entry.idempotencyKey) {
    const seen = await tx.selectFrom('ticket_ledger').select('id').where('idempotency_key', '=', entry.idempotencyKey).executeTakeFirst();
    if (seen) return null;
  }
  const after = balance + entry.amount;
  if (after < 0) throw conflict('not_enough_tickets', `Not enough tickets: ${balance} left, ${-entry.amount} needed.`);
  await tx.updateTable('ticket_balances').set({ balance: after, updated_at: entry.at }).where('company_id', '=', entry.companyId).execute();
  await tx
    .insertInto('ticket_ledger')
    .values({
      company_id: entry.companyId,
      fiscal_year: entry.fiscalYear,
      kind: entry.kind,
      amount: entry.amount,
      balance_after: after,
      application_id: entry.applicationId ?? null,
      reason: entry.reason ?? null,
      idempotency_key: entry.idempotencyKey ?? null,
      actor: entry.actor,
      created_at: entry.at,
    })
    .execute();
  return after;
}

/** The ledger total of one application's spends and refunds (negative while tickets are held). */
export async function applicationTicketNet(tx: Tx, applicationId: string): Promise<number> {
  const row = await tx
    .selectFrom('ticket_ledger')
    .select(sql<string>`coalesce(sum(amount), 0)::text`.as('net'))
    .where('application_id', '=', applicationId)
    .executeTakeFirstOrThrow();
  return Number(row.net);
}
