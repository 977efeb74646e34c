import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import type { AppContext, Caller } from '../../platform/context.ts';
import type { AuditEntry } from '../audit/record-audit.ts';
import { recordAuditInSlices, type ImportCounts } from '../companies/import-companies.ts';
import { importRefused, readCsvTable } from '../companies/rules/csv-table.ts';
import {
  assertManagesAccounts,
  assignmentSnapshot,
  windowColumns,
  insertAssignment,
  insertAwsAccount,
  moveAssignment,
  rewriteAwsAccount,
} from './account-store.ts';
import { ACCOUNT_COLUMNS, planAccountImport, validateAccountRows } from './rules/account-rows.ts';
import { windowIntersection } from './rules/assignment-windows.ts';

const importAccountsAction = defineAction({
  name: 'aws_account.import',
  input: z.object({ csvText: z.string() }),
  authorize: (_tx, { actor }) => assertManagesAccounts(actor),
  run: async (tx, caller, { csvText }, ctx) => {
    const table = readCsvTable(csvText, ACCOUNT_COLUMNS);
    const codes = [...new Set(table.rows.map((r) => r.cells.company_code ?? '').filter(Boolean))];
    const companies = codes.length ? await tx.selectFrom('companies').select(['id', 'code']).where('code', 'in', codes).execute() : [];
    const companyIdOf = new Map(companies.map((c) => [c.code, c.id]));
    const { rows, errors } = validateAccountRows(table, new Set(companyIdOf.keys()));

    // Locked before reading their windows, so the plan still holds when it is written.
    const accountIds = [...new Set(rows.map((r) => r.accountId))];
    const storedAccounts = accountIds.length
      ? await tx.selectFrom('aws_accounts').selectAll().where('account_id', 'in', accountIds).orderBy('account_id').forUpdate().execute()
      : [];
    const storedAssignments = accountIds.length
      ? await tx
          .selectFrom('account_assignments as a')
          .innerJoin('companies as c', 'c.id', 'a.company_id')
          .select(['a.id', 'a.account_id', 'a.company_id', 'a.created_at', 'c.code as company_code', ...windowColumns('a')])
          .where('a.account_id', 'in', accountIds)
          .execute()
      : [];
    // Planned even when some rows are bad, so that every problem of the file is reported at once.
    const { plan, errors: planErrors } = planAccountImport(rows, {
      accounts: storedAccounts.map((a) => ({ accountId: a.account_id, name: a.name, rootEmail: a.root_email })),
      assignments: storedAssignments.map((a) => ({
        id: a.id,
        accountId: a.account_id,
        companyCode: a.company_code,
        validFrom: a.valid_from,
        validTo: a.valid_to,
      })),
    });
    const allErrors = [...table.errors, ...errors, ...planErrors];
    if (allErrors.length > 0) throw importRefused(allErrors);

    const audit: AuditEntry[] = [];
    for (const account of plan.createAccounts) audit.push((await insertAwsAccount(tx, account)).audit);
    const storedAccountById = new Map(storedAccounts.map((a) => [a.account_id, a]));
    for (const { before, after } of plan.updateAccounts) {
      const row = storedAccountById.get(before.accountId)!;
      audit.push((await rewriteAwsAccount(tx, row, { ...after, rootHeldByReseller: row.root_held_by_reseller }, ctx.now())).audit);
    }
    // The trigger checks each row as it is written. Every changed window first shrinks to the part
    // it keeps, then takes its new dates, then new windows go in: no step overlaps, since the end
    // state does not (checked above).
    const storedAssignmentById = new Map(storedAssignments.map((a) => [a.id, a]));
    const shrunk = [];
    for (const { before, window } of plan.updateAssignments) {
      const original = storedAssignmentById.get(before.id)!;
      shrunk.push({ original, window, row: (await moveAssignment(tx, original, windowIntersection(before, window))).row });
    }
    for (const { original, window, row } of shrunk) {
      const moved = await moveAssignment(tx, row, window);
      audit.push({ ...moved.audit, before: assignmentSnapshot(original) });
    }
    for (const { accountId, companyCode, window } of plan.createAssignments) {
      audit.push((await insertAssignment(tx, accountId, companyIdOf.get(companyCode)!, window)).audit);
    }
    await recordAuditInSlices(tx, caller, audit);
    // Each created or updated account and window has its own audit row above.
    return { result: plan.counts, audit: [] };
  },
});

/**
 * Imports the AWS accounts onboarding CSV (columns in ACCOUNT_COLUMNS): accounts, and which company
 * owns each over which window. All rows are checked first, also against the stored windows, and
 * every problem reported; any problem and nothing is written. Re-importing the same file changes
 * nothing. Counts are per data row. Used by the CLI.
 */
export function importAccounts(ctx: AppContext, caller: Caller, csvText: string): Promise<ImportCounts> {
  return importAccountsAction(ctx, caller, { csvText });
}
