import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { utcDateOf } from '../accounts/rules/assignment-windows.ts';
import { can, type Actor } from '../identity/rules/roles.ts';
import { fieldsOf, toCompanyView } from './company-view.ts';
import { isMembershipEligible } from './rules/membership-eligibility.ts';

export const CompanySummary = z.object({
  id: z.string().uuid(),
  code: z.string(),
  name: z.string(),
  nameKana: z.string(),
  billingAgency: z.boolean(),
  billingEmail: z.string().nullable(),
  /** AWS accounts assigned to the company today (UTC). */
  accountCount: z.number().int(),
  userCount: z.number().int(),
  membershipEligible: z.boolean(),
});

/** Every company, for the staff console. */
export async function listCompanies(ctx: AppContext, actor: Actor) {
  // Without a company, `companies.read` holds for staff only: customers never list tenants.
  if (!can(actor, 'companies.read')) throw forbidden();
  const today = utcDateOf(ctx.now());
  const rows = await ctx.db
    .selectFrom('companies')
    .selectAll('companies')
    .select((eb) => [
      eb
        .selectFrom('account_assignments as a')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('a.company_id', '=', 'companies.id')
        .where('a.valid_from', '<=', today)
        .where((e) => e.or([e('a.valid_to', 'is', null), e('a.valid_to', '>', today)]))
        .as('account_count'),
      eb
        .selectFrom('users as u')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('u.company_id', '=', 'companies.id')
        .as('user_count'),
    ])
    .orderBy('code')
    .execute();
  return rows.map((row) => {
    const fields = fieldsOf(row);
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      nameKana: row.name_kana,
      billingAgency: row.billing_agency,
      billingEmail: row.billing_email,
      accountCount: Number(row.account_count ?? 0),
      userCount: Number(row.user_count ?? 0),
      membershipEligible: isMembershipEligible(fields),
    };
  });
}

/** One company: staff, or the company's own users; anyone else learns nothing (404). */
export async function getCompany(ctx: AppContext, actor: Actor, companyId: string) {
  if (!can(actor, 'companies.read', companyId)) throw actor.kind === 'customer' ? notFound('Company') : forbidden();
  const row = await ctx.db.selectFrom('companies').selectAll().where('id', '=', companyId).executeTakeFirst();
  if (!row) throw notFound('Company');
  return toCompanyView(row);
}
