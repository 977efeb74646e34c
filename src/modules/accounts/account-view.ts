import { z } from 'zod';
import type { Queryable } from '../../platform/db/database.ts';
import { windowColumns } from './account-store.ts';
import { isUtcDate } from './rules/assignment-windows.ts';
import { ACCOUNT_ID_PATTERN } from './rules/account-rows.ts';

export const AccountId = z.string().regex(ACCOUNT_ID_PATTERN, 'an AWS account id is exactly 12 digits, leading zeros included');
export const UtcDate = z.string().refine(isUtcDate, 'a date written YYYY-MM-DD (UTC)');

export const AssignmentView = z.object({
  id: z.string().uuid(),
  companyId: z.string().uuid(),
  companyCode: z.string(),
  companyName: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});
export type AssignmentView = z.infer<typeof AssignmentView>;

export const AwsAccountView = z.object({
  accountId: z.string(),
  name: z.string(),
  rootEmail: z.string().nullable(),
  rootHeldByReseller: z.boolean(),
  /** Every ownership window, oldest first. */
  assignments: z.array(AssignmentView),
});
export type AwsAccountView = z.infer<typeof AwsAccountView>;

export const selectAssignmentView = (db: Queryable) =>
  db
    .selectFrom('account_assignments as a')
    .innerJoin('companies as c', 'c.id', 'a.company_id')
    .select(['a.id', 'a.account_id', 'a.company_id', 'c.code', 'c.name', ...windowColumns('a')]);

type AssignmentRow = Awaited<ReturnType<ReturnType<typeof selectAssignmentView>['executeTakeFirstOrThrow']>>;

export function toAssignmentView(row: AssignmentRow): AssignmentView {
  return {
    id: row.id,
    companyId: row.company_id,
    companyCode: row.code,
    companyName: row.name,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}

/** Accounts with their windows: the given ones, or those ever assigned to a company, or all. */
export async function loadAwsAccountViews(
  db: Queryable,
  filter: { accountIds?: string[]; companyId?: string } = {},
): Promise<AwsAccountView[]> {
  let accounts = db.selectFrom('aws_accounts').selectAll().orderBy('account_id');
  if (filter.accountIds) {
    if (filter.accountIds.length === 0) return [];
    accounts = accounts.where('account_id', 'in', filter.accountIds);
  }
  if (filter.companyId) {
    const companyId = filter.companyId;
    accounts = accounts.where('account_id', 'in', (eb) =>
      eb.selectFrom('account_assignments').select('account_id').where('company_id', '=', companyId),
    );
  }
  const rows = await accounts.execute();
  if (rows.length === 0) return [];
  const windows = await selectAssignmentView(db)
    .where(
      'a.account_id',
      'in',
      rows.map((r) => r.account_id),
    )
    .orderBy('a.valid_from')
    .execute();
  const windowsOf = new Map<string, AssignmentView[]>();
  for (const w of windows) windowsOf.set(w.account_id, [...(windowsOf.get(w.account_id) ?? []), toAssignmentView(w)]);
  return rows.map((row) => ({
    accountId: row.account_id,
    name: row.name,
    rootEmail: row.root_email,
    rootHeldByReseller: row.root_held_by_reseller,
    assignments: windowsOf.get(row.account_id) ?? [],
  }));
}

/** One account known to exist (the caller has just read or written it in this transaction). */
export async function loadAwsAccountView(db: Queryable, accountId: string): Promise<AwsAccountView> {
  return (await loadAwsAccountViews(db, { accountIds: [accountId] }))[0]!;
}
