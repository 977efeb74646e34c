import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import type { AppContext, Caller } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { forbidden } from '../../platform/errors.ts';
import { recordAudit, type AuditEntry } from '../audit/record-audit.ts';
import { can } from '../identity/rules/roles.ts';
import { insertCompany, rewriteCompany } from './company-store.ts';
import { fieldsOf } from './company-view.ts';
import { COMPANY_COLUMNS, planCompanyRow, validateCompanyRows } from './rules/company-rows.ts';
import { importRefused, readCsvTable } from './rules/csv-table.ts';

export type ImportCounts = { created: number; updated: number; unchanged: number };

/** Audit rows go in slices: one statement per slice stays far below PostgreSQL's parameter limit. */
export async function recordAuditInSlices(tx: Tx, caller: Caller, entries: AuditEntry[]) {
  for (let i = 0; i < entries.length; i += 500) await recordAudit(tx, caller.actor, entries.slice(i, i + 500), caller.ip);
}

const importCompaniesAction = defineAction({
  name: 'company.import',
  input: z.object({ csvText: z.string() }),
  authorize: (_tx, { actor }) => {
    if (!can(actor, 'companies.manage')) throw forbidden();
  },
  run: async (tx, caller, { csvText }, ctx) => {
    const table = readCsvTable(csvText, COMPANY_COLUMNS);
    const { rows, errors } = validateCompanyRows(table);
    if (table.errors.length + errors.length > 0) throw importRefused([...table.errors, ...errors]);

    const codes = rows.map((r) => r.code);
    const stored = codes.length ? await tx.selectFrom('companies').selectAll().where('code', 'in', codes).forUpdate().execute() : [];
    const byCode = new Map(stored.map((row) => [row.code, row]));
    const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
    const audit: AuditEntry[] = [];
    for (const row of rows) {
      const before = byCode.get(row.code);
      const plan = planCompanyRow(before && fieldsOf(before), row);
      if (plan.kind === 'create') audit.push((await insertCompany(tx, plan.fields)).audit);
      if (plan.kind === 'update') audit.push((await rewriteCompany(tx, before!, plan.fields, ctx.now())).audit);
      counts[plan.kind === 'create' ? 'created' : plan.kind === 'update' ? 'updated' : 'unchanged'] += 1;
    }
    await recordAuditInSlices(tx, caller, audit);
    // Each created or updated company has its own audit row above; the import adds none of its own.
    return { result: counts, audit: [] };
  },
});

/**
 * Imports the companies onboarding CSV (columns in COMPANY_COLUMNS), matched by code. All rows are
 * checked first and every problem reported; any problem and nothing is written. Re-importing the
 * same file changes nothing. Used by the CLI.
 */
export function importCompanies(ctx: AppContext, caller: Caller, csvText: string): Promise<ImportCounts> {
  return importCompaniesAction(ctx, caller, { csvText });
}
