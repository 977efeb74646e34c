import type { AuditEntry } from '../audit/record-audit.ts';
import type { Tx } from '../../platform/db/database.ts';
import { conflict } from '../../platform/errors.ts';
import { columnsOf, fieldsOf, type CompanyRecord } from './company-view.ts';
import type { CompanyFields } from './rules/company-fields.ts';

/** Writes shared by the company actions and the CSV import, so both store and audit alike. */

export async function assertCodeFree(tx: Tx, code: string, exceptId?: string) {
  let query = tx.selectFrom('companies').select('id').where('code', '=', code);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw conflict('code_taken', `A company with the code ${code} already exists.`);
}

export async function insertCompany(tx: Tx, fields: CompanyFields): Promise<{ row: CompanyRecord; audit: AuditEntry }> {
  const row = await tx.insertInto('companies').values(columnsOf(fields)).returningAll().executeTakeFirstOrThrow();
  return { row, audit: { action: 'company.create', entityType: 'company', entityId: row.id, companyId: row.id, after: fieldsOf(row) } };
}

export async function rewriteCompany(
  tx: Tx,
  before: CompanyRecord,
  fields: CompanyFields,
  now: Date,
): Promise<{ row: CompanyRecord; audit: AuditEntry }> {
  const row = await tx
    .updateTable('companies')
    .set({ ...columnsOf(fields), updated_at: now })
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return {
    row,
    audit: {
      action: 'company.update',
      entityType: 'company',
      entityId: row.id,
      companyId: row.id,
      before: fieldsOf(before),
      after: fieldsOf(row),
    },
  };
}
