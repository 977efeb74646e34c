import type { AppContext, Caller } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { forbidden, invalid, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { isCalendarMonth, nextMonth } from '../calendar/rules/calendar-date.ts';
import { actorLabel, can } from '../identity/rules/roles.ts';
import { CONSUMPTION_TAX_RATE } from '../billing/rules/rate-customer-month.ts';
import { accountsOfMonth, monthFactsByAccount, monthFxRates, rateCompanyMonth, unassignedCost } from './company-month-rating.ts';
import { restatementAdjustments } from './restatement-adjustments.ts';
import type { RatedFact } from '../billing/rules/line-treatment.ts';
import { loadAccountAssignments } from '../accounts/account-store.ts';
import { companyOwnership } from '../accounts/rules/assignment-windows.ts';

/**
 * Customers whose facts, account names and invoice history are read together, in one query each:
 * per-customer round trips would dominate a run of thousands, a whole month at once would hold
 * every fact in memory.
 */
const COMPANIES_PER_BATCH = 100;

export type DraftSummary = { companyId: string; companyCode: string; invoiceId: string; lines: number; subtotalJpy: string; taxJpy: string; totalJpy: string };

export type InvoiceRunResult = {
  month: string;
  drafts: DraftSummary[];
  /** Customers whose invoice for the month is already finalized: never touched by a run. */
  finalized: string[];
  /** Customers with a contract but nothing billable this month. */
  nothingToBill: string[];
  /** Cost that belongs to no billed customer on its day, per account (USD). */
  unassignedUsd: Record<string, string>;
  warnings: string[];
};

/**
 * The month's invoice run: a draft for every billing-agency customer with something to bill,
 * rated from the cost facts with the policy in force for the month and the month's FX rates. A run
 * replaces earlier drafts and never touches a finalized invoice, so running it again is harmless.
 * A missing FX rate stops the whole run before anything is written, naming the dates needed.
 */
export async function runInvoiceDrafts(ctx: AppContext, caller: Caller, input: { month: string; companyCode?: string }): Promise<InvoiceRunResult> {
  if (!can(caller.actor, 'invoices.manage')) throw forbidden();
  const { month } = input;
  if (!isCalendarMonth(month)) throw invalid(`"${month}" is not a month (YYYY-MM)`);
  const monthStart = `${month}-01`;
  const monthEnd = `${nextMonth(month)}-01`; // exclusive

  const periods = await ctx.db.selectFrom('cost_periods').selectAll().where('billing_period', '=', month).execute();
  if (periods.length === 0) throw invalid(`No cost data has been ingested for ${month}: ingest the month's cost report first.`);
  const warnings = periods.filter((p) => !p.is_final).map((p) => `The cost data of payer ${p.payer_account_id} for ${month} is not final yet (AWS has not issued its invoice).`);

  const assignments = await loadAccountAssignments(ctx.db);
  const ownership = { assignments, companyOn: companyOwnership(assignments) };
  const companies = await billedCompanies(ctx.db, monthStart, monthEnd, input.companyCode);
  const fx = await monthFxRates(ctx.db, month);
  const unassigned = await unassignedCost(ctx.db, month, ownership.companyOn, new Set(companies.map((c) => c.id)));

  const result: InvoiceRunResult = { month, drafts: [], finalized: [], nothingToBill: [], unassignedUsd: Object.fromEntries([...unassigned].map(([k, v]) => [k, v.toFixed()])), warnings };
  const costVersions = periods.map((p) => ({ payerAccountId: p.payer_account_id, billingPeriod: month, version: p.version }));

  const everIssued = await companiesWithIssuedInvoices(ctx.db, month);
  let factsByAccount = new Map<string, RatedFact[]>();
  let names = new Map<string, string>();
  for (const [index, company] of companies.entries()) {
    if (index % COMPANIES_PER_BATCH === 0) {
      const batchAccounts = [...new Set(companies.slice(index, index + COMPANIES_PER_BATCH).flatMap((c) => accountsOfMonth(ownership, c.id, month)))];
      factsByAccount = await monthFactsByAccount(ctx.db, month, batchAccounts);
      names = await accountNames(ctx.db, batchAccounts);
    }
    // Only a customer invoiced before can have a restated month to adjust.
    const adjustments = everIssued.has(company.id) ? await restatementAdjustments(ctx.db, { companyId: company.id, beforeMonth: month, ownership }) : { lines: [], notes: [] };
    const { rating, policy, policyId, accounts } = await rateCompanyMonth(ctx.db, { companyId: company.id, month, ownership, fx, adjustments: adjustments.lines, factsByAccount });
    const invoiceWarnings = [...warnings, ...adjustments.notes];
    // Lines name the accounts the customer holds this month (an adjustment's older account stays unnamed).
    const held = new Set(accounts);
    const nameOf = (accountId: string) => (held.has(accountId) ? (names.get(accountId) ?? null) : null);

    await ctx.db.transaction().execute(async (tx) => {
      const existing = await tx
        .selectFrom('invoices')
        .select(['id', 'status'])
        .where('company_id', '=', company.id)
        .where('billing_month', '=', month)
        .where('kind', '=', 'invoice')
        .where('status', '<>', 'void')
        .forUpdate()
        .executeTakeFirst();
      if (existing && existing.status !== 'draft') {
        result.finalized.push(company.code);
        return;
      }
      if (existing) await tx.deleteFrom('invoices').where('id', '=', existing.id).execute();
      if (rating.lines.length === 0) {
        result.nothingToBill.push(company.code);
        if (existing) await recordAudit(tx, caller.actor, [{ action: 'invoice.draft_removed', entityType: 'invoice', entityId: existing.id, companyId: company.id, before: { month } }], caller.ip);
        return;
      }
      const { id } = await tx
        .insertInto('invoices')
        .values({
          company_id: company.id,
          billing_month: month,
          kind: 'invoice',
          status: 'draft',
          policy_id: policyId,
          subtotal_jpy: rating.subtotalJpy.toString(),
          tax_jpy: rating.taxJpy.toString(),
          total_jpy: rating.totalJpy.toString(),
          tax_rounding: policy.rounding.tax,
          billed_usd: rating.billedUsd.toFixed(),
          unblended_usd: rating.unblendedUsd.toFixed(),
          differences: JSON.stringify(Object.fromEntries(Object.entries(rating.differences).map(([k, v]) => [k, v.toFixed()]))),
          cost_versions: JSON.stringify(costVersions),
          warnings: JSON.stringify(invoiceWarnings),
          created_by: actorLabel(caller.actor),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('invoice_lines')
        .values(
          rating.lines.map((line, position) => ({
            invoice_id: id,
            position,
            section: line.section,
            account_id: line.accountId,
            account_name: line.accountId ? nameOf(line.accountId) : null,
            service_code: line.serviceCode,
            service_name: line.serviceName,
            description: line.description,
            base_usd: line.baseUsd,
            markup_percent: line.markupPercent,
            usd: line.usd,
            rate_usd_jpy: line.rate?.usdJpy ?? null,
            rate_date: line.rate?.rateDate ?? null,
            rate_requested_date: line.rate?.requestedDate ?? null,
            rate_source: line.rate?.source ?? null,
            jpy: line.jpy.toString(),
            tax_rate: CONSUMPTION_TAX_RATE,
            corrects_month: line.correctsMonth ?? null,
            source: line.source ? JSON.stringify({ billingPeriod: line.correctsMonth ?? month, ...line.source }) : null,
          })),
        )
        .execute();
      await recordAudit(
        tx,
        caller.actor,
        [
          {
            action: existing ? 'invoice.draft_replaced' : 'invoice.draft_created',
            entityType: 'invoice',
            entityId: id,
            companyId: company.id,
            ...(existing ? { before: { invoiceId: existing.id } } : {}),
            after: { month, lines: rating.lines.length, totalJpy: rating.totalJpy.toString() },
          },
        ],
        caller.ip,
      );
      result.drafts.push({
        companyId: company.id,
        companyCode: company.code,
        invoiceId: id,
        lines: rating.lines.length,
        subtotalJpy: rating.subtotalJpy.toString(),
        taxJpy: rating.taxJpy.toString(),
        totalJpy: rating.totalJpy.toString(),
      });
    });
  }
  return result;
}

/** Customers with an invoice issued for a month before this one. */
async function companiesWithIssuedInvoices(db: Queryable, month: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('invoices')
    .select('company_id')
    .distinct()
    .where('kind', '=', 'invoice')
    .where('status', 'in', ['finalized', 'sent'])
    .where('billing_month', '<', month)
    .execute();
  return new Set(rows.map((r) => r.company_id));
}

async function accountNames(db: Queryable, accounts: string[]): Promise<Map<string, string>> {
  if (accounts.length === 0) return new Map();
  const rows = await db.selectFrom('aws_accounts').select(['account_id', 'name']).where('account_id', 'in', accounts).execute();
  return new Map(rows.map((a) => [a.account_id, a.name]));
}

/** Billing-agency customers holding at least one account during the month (or the one asked for). */
async function billedCompanies(db: Queryable, monthStart: string, monthEnd: string, code?: string) {
  let query = db
    .selectFrom('companies')
    .innerJoin('account_assignments', 'account_assignments.company_id', 'companies.id')
    .select(['companies.id', 'companies.code'])
    .distinct()
    .where('companies.billing_agency', '=', true)
    .where('account_assignments.valid_from', '<', monthEnd)
    .where((eb) => eb.or([eb('account_assignments.valid_to', 'is', null), eb('account_assignments.valid_to', '>', monthStart)]));
  if (code !== undefined) {
    const exists = await db.selectFrom('companies').select('id').where('code', '=', code).executeTakeFirst();
    if (!exists) throw notFound(`Company ${code}`);
    query = query.where('companies.code', '=', code);
  }
  return (await query.orderBy('companies.code').execute()).map((c) => ({ id: c.id, code: c.code }));
}
