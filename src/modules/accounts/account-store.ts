import { sql, type Selectable } from 'kysely';
import type { AuditEntry } from '../audit/record-audit.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import { can, type Actor } from '../identity/rules/roles.ts';
import { describeWindow, type AccountAssignment, type DateWindow } from './rules/assignment-windows.ts';
import type { AccountAssignmentsTable, AwsAccountsTable } from './tables.ts';

/** Reads and writes shared by the account actions and the CSV import. */

/**
 * A window's dates, read as 'YYYY-MM-DD' text in SQL: a calendar date must never pass through a JS
 * Date (time-zone drift), and the embedded engine's driver returns Dates for DATE columns today.
 */
export function windowColumns(table: 'account_assignments' | 'a') {
  return [
    sql<string>`${sql.ref(`${table}.valid_from`)}::text`.as('valid_from'),
    sql<string | null>`${sql.ref(`${table}.valid_to`)}::text`.as('valid_to'),
  ] as const;
}

const assignmentColumns = ['id', 'account_id', 'company_id', 'created_at', ...windowColumns('account_assignments')] as const;

export function assertManagesAccounts(actor: Actor) {
  if (!can(actor, 'accounts.manage')) throw forbidden();
}

/** The account row, locked: its windows change one writer at a time. */
export async function lockAccount(tx: Tx, accountId: string) {
  const account = await tx.selectFrom('aws_accounts').selectAll().where('account_id', '=', accountId).forUpdate().executeTakeFirst();
  if (!account) throw notFound(`AWS account ${accountId}`);
  return account;
}

/** A window of that account (the id of another account's window is not found). */
export async function loadAssignment(tx: Tx, accountId: string, assignmentId: string) {
  const row = await tx
    .selectFrom('account_assignments')
    .select(assignmentColumns)
    .where('id', '=', assignmentId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw notFound('Assignment');
  return row;
}

export async function assertCompanyExists(tx: Tx, companyId: string) {
  const company = await tx.selectFrom('companies').select('id').where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound('Company');
}

function isWindowOverlap(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '23P01' || (typeof message === 'string' && message.includes('already belongs to a company between'));
}

/**
 * Runs a write of a window, turning the database's refusal of overlapping windows (the trigger of
 * migration 0003, SQLSTATE 23P01) into a 409 a person can act on.
 */
export async function refusingOverlap<T>(accountId: string, window: DateWindow, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isWindowOverlap(error)) throw error;
    throw conflict(
      'window_overlap',
      `AWS account ${accountId} already belongs to a company during part of ${describeWindow(window)}; the ownership windows of one account may not overlap.`,
    );
  }
}

export const accountSnapshot = (row: Selectable<AwsAccountsTable>) => ({
  accountId: row.account_id,
  name: row.name,
  rootEmail: row.root_email,
  rootHeldByReseller: row.root_held_by_reseller,
});

export const assignmentSnapshot = (row: Selectable<AccountAssignmentsTable>) => ({
  accountId: row.account_id,
  companyId: row.company_id,
  validFrom: row.valid_from,
  validTo: row.valid_to,
});

export async function insertAwsAccount(
  tx: Tx,
  account: { accountId: string; name: string; rootEmail: string | null; rootHeldByReseller?: boolean },
) {
  const row = await tx
    .insertInto('aws_accounts')
    .values({
      account_id: account.accountId,
      name: account.name,
      root_email: account.rootEmail,
      root_held_by_reseller: account.rootHeldByReseller ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const audit: AuditEntry = {
    action: 'aws_account.create',
    entityType: 'aws_account',
    entityId: row.account_id,
    after: accountSnapshot(row),
  };
  return { row, audit };
}

export async function rewriteAwsAccount(
  tx: Tx,
  before: Selectable<AwsAccountsTable>,
  changes: { name: string; rootEmail: string | null; rootHeldByReseller: boolean },
  now: Date,
) {
  const row = await tx
    .updateTable('aws_accounts')
    .set({ name: changes.name, root_email: changes.rootEmail, root_held_by_reseller: changes.rootHeldByReseller, updated_at: now })
    .where('account_id', '=', before.account_id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const audit: AuditEntry = {
    action: 'aws_account.update',
    entityType: 'aws_account',
    entityId: row.account_id,
    before: accountSnapshot(before),
    after: accountSnapshot(row),
  };
  return { row, audit };
}

export async function insertAssignment(tx: Tx, accountId: string, companyId: string, window: DateWindow) {
  const row = await refusingOverlap(accountId, window, () =>
    tx
      .insertInto('account_assignments')
      .values({ account_id: accountId, company_id: companyId, valid_from: window.validFrom, valid_to: window.validTo })
      .returning(assignmentColumns)
      .executeTakeFirstOrThrow(),
  );
  const audit: AuditEntry = {
    action: 'account_assignment.create',
    entityType: 'account_assignment',
    entityId: row.id,
    companyId,
    after: assignmentSnapshot(row),
  };
  return { row, audit };
}

/** Changes the dates of a window. */
export async function moveAssignment(tx: Tx, before: Selectable<AccountAssignmentsTable>, window: DateWindow) {
  const row = await refusingOverlap(before.account_id, window, () =>
    tx
      .updateTable('account_assignments')
      .set({ valid_from: window.validFrom, valid_to: window.validTo })
      .where('id', '=', before.id)
      .returning(assignmentColumns)
      .executeTakeFirstOrThrow(),
  );
  const audit: AuditEntry = {
    action: 'account_assignment.update',
    entityType: 'account_assignment',
    entityId: row.id,
    companyId: row.company_id,
    before: assignmentSnapshot(before),
    after: assignmentSnapshot(row),
  };
  return { row, audit };
}

/** Every account window of every company: who held which account on any day. */
export async function loadAccountAssignments(db: Queryable): Promise<AccountAssignment[]> {
  const rows = await db.selectFrom('account_assignments').select(['account_id', 'company_id', ...windowColumns('account_assignments')]).execute();
  return rows.map((r) => ({ accountId: r.account_id, companyId: r.company_id, validFrom: r.valid_from, validTo: r.valid_to }));
}
