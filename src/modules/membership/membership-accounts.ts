import type { Queryable } from '../../platform/db/database.ts';

/**
 * The company's AWS accounts the membership covers on a date: assigned to it then, and whose root
 * user the reseller holds (seed 004 §1.3 excludes the others).
 */
export async function membershipAccounts(db: Queryable, companyId: string, on: string): Promise<{ accountId: string; name: string }[]> {
  const rows = await db
    .selectFrom('account_assignments as aa')
    .innerJoin('aws_accounts as a', 'a.account_id', 'aa.account_id')
    .select(['a.account_id', 'a.name'])
    .where('aa.company_id', '=', companyId)
    .where('aa.valid_from', '<=', on)
    .where((eb) => eb.or([eb('aa.valid_to', 'is', null), eb('aa.valid_to', '>', on)]))
    .where('a.root_held_by_reseller', '=', true)
    .orderBy('a.account_id')
    .execute();
  return rows.map((r) => ({ accountId: r.account_id, name: r.name }));
}
