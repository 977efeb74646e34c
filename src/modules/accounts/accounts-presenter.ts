import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { can, type Actor } from '../identity/rules/roles.ts';
import { windowColumns } from './account-store.ts';
import { loadAwsAccountViews } from './account-view.ts';
import { utcDateOf, windowContains } from './rules/assignment-windows.ts';

/** The registry for staff: every account, or those ever assigned to one company, with all windows. */
export async function listAwsAccounts(ctx: AppContext, actor: Actor, filter: { companyId?: string }) {
  // Without a company, `companies.read` holds for staff only.
  if (!can(actor, 'companies.read')) throw forbidden();
  return loadAwsAccountViews(ctx.db, filter);
}

export const CompanyAccountView = z.object({
  accountId: z.string(),
  name: z.string(),
  rootEmail: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  /** The window contains today (UTC). */
  current: z.boolean(),
});

/**
 * A company's own view of its accounts: one entry per window it owned an account, past ones
 * included. Staff, or the company's users; another tenant gets 404.
 */
export async function listCompanyAccounts(ctx: AppContext, actor: Actor, companyId: string) {
  if (!can(actor, 'companies.read', companyId)) throw actor.kind === 'customer' ? notFound('Company') : forbidden();
  const company = await ctx.db.selectFrom('companies').select('id').where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound('Company');
  const today = utcDateOf(ctx.now());
  const rows = await ctx.db
    .selectFrom('account_assignments as a')
    .innerJoin('aws_accounts as acc', 'acc.account_id', 'a.account_id')
    .select(['a.account_id', 'acc.name', 'acc.root_email', ...windowColumns('a')])
    .where('a.company_id', '=', companyId)
    .orderBy('a.account_id')
    .orderBy('a.valid_from')
    .execute();
  return rows.map((r) => ({
    accountId: r.account_id,
    name: r.name,
    rootEmail: r.root_email,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    current: windowContains({ validFrom: r.valid_from, validTo: r.valid_to }, today),
  }));
}
