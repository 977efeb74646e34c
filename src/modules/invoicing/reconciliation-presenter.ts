import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { forbidden, invalid } from '../../platform/errors.ts';
import { loadAccountAssignments } from '../accounts/account-store.ts';
import { companyOwnership } from '../accounts/rules/assignment-windows.ts';
import { isCalendarMonth } from '../calendar/rules/calendar-date.ts';
import { can, type Actor } from '../identity/rules/roles.ts';
import { unassignedCost } from './company-month-rating.ts';

const BUCKETS = ['credit', 'reseller-discount', 'aws-tax', 'commitment-isolation', 're-rated-at-list'] as const;

export type Reconciliation = {
  month: string;
  /** AWS's amount for the month per payer, all line types (USD). */
  awsTotalByPayer: Record<string, string>;
  aws_total_usd: string;
  /** What the month's invoices bill, USD before markup. */
  billed_usd: string;
  /** AWS's amount not billed, by reason (negative: billed above AWS's amount, e.g. free tier at list). */
  excluded_usd: Record<(typeof BUCKETS)[number], string>;
  /** Cost of accounts no invoiced customer held on the day. */
  unassigned_usd: string;
  unassignedByAccount: Record<string, string>;
  /** aws_total − billed − excluded − unassigned: zero when every cent is accounted for. */
  residue_usd: string;
  customers: { company_code: string; status: string; billed_usd: string; unblended_usd: string; subtotal_jpy: string }[];
};

/**
 * The month's reconciliation (issue 4 item 10): AWS's total = billed + excluded (by reason) +
 * unassigned, to the cent, over the month's live invoices (drafts included, void excluded). The
 * residue is shown, never hidden: a customer without an invoice this month shows up here.
 */
export async function reconcileMonth(ctx: AppContext, actor: Actor, month: string): Promise<Reconciliation> {
  if (!can(actor, 'invoices.manage')) throw forbidden();
  if (!isCalendarMonth(month)) throw invalid(`"${month}" is not a month (YYYY-MM)`);
  const payers = await ctx.db
    .selectFrom('cost_facts')
    .select(['payer_account_id', sql<string>`sum(unblended_usd)`.as('usd')])
    .where('billing_period', '=', month)
    .groupBy('payer_account_id')
    .execute();
  const invoices = await ctx.db
    .selectFrom('invoices')
    .innerJoin('companies', 'companies.id', 'invoices.company_id')
    .select(['invoices.company_id', 'companies.code', 'invoices.status', 'invoices.billed_usd', 'invoices.unblended_usd', 'invoices.subtotal_jpy', 'invoices.differences'])
    .where('invoices.billing_month', '=', month)
    .where('invoices.kind', '=', 'invoice')
    .where('invoices.status', '<>', 'void')
    .orderBy('companies.code')
    .execute();

  const companyOn = companyOwnership(await loadAccountAssignments(ctx.db));
  const unassigned = await unassignedCost(ctx.db, month, companyOn, new Set(invoices.map((i) => i.company_id)));

  const awsTotal = payers.reduce((sum, p) => sum.plus(p.usd), new Decimal(0));
  const billed = invoices.reduce((sum, i) => sum.plus(i.billed_usd), new Decimal(0));
  const excluded = Object.fromEntries(BUCKETS.map((b) => [b, invoices.reduce((sum, i) => sum.plus(i.differences[b] ?? '0'), new Decimal(0))])) as Record<(typeof BUCKETS)[number], Decimal>;
  const unassignedTotal = [...unassigned.values()].reduce((a, b) => a.plus(b), new Decimal(0));
  const residue = Object.values(excluded).reduce((rest, e) => rest.minus(e), awsTotal.minus(billed)).minus(unassignedTotal);
  return {
    month,
    awsTotalByPayer: Object.fromEntries(payers.map((p) => [p.payer_account_id, new Decimal(p.usd).toFixed()])),
    aws_total_usd: awsTotal.toFixed(),
    billed_usd: billed.toFixed(),
    excluded_usd: Object.fromEntries(Object.entries(excluded).map(([k, v]) => [k, v.toFixed()])) as Reconciliation['excluded_usd'],
    unassigned_usd: unassignedTotal.toFixed(),
    unassignedByAccount: Object.fromEntries([...unassigned].map(([k, v]) => [k, v.toFixed()])),
    residue_usd: residue.toFixed(),
    customers: invoices.map((i) => ({ company_code: i.code, status: i.status, billed_usd: new Decimal(i.billed_usd).toFixed(), unblended_usd: new Decimal(i.unblended_usd).toFixed(), subtotal_jpy: String(i.subtotal_jpy) })),
  };
}
