import type { AppContext, Caller } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { conflict, DomainError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { isCalendarMonth, tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { can } from '../identity/rules/roles.ts';
import { invoiceDocumentOf, loadInvoiceLines } from './invoice-document-of.ts';
import { loadIssuer } from './issuer-settings-presenter.ts';
import { invoiceDueDate } from './rules/invoice-due-date.ts';
import { drawDocumentNumber, storeDocumentPdf } from './issue-document.ts';

export type FinalizeOutcome =
  | { companyCode: string; status: 'finalized'; invoiceId: string; number: string; totalJpy: string; pdfSha256: string }
  | { companyCode: string; status: 'refused'; invoiceId: string; reason: string };

export type FinalizeOptions = {
  month: string;
  companyCode?: string;
  /** Finalize on cost data AWS has not finalized yet (normally refused). */
  allowProvisional?: boolean;
};

/**
 * Finalizes the month's drafts: each one, in its own transaction, gets the next number of its
 * issuer sequence (drawn under the sequence row's lock, so numbers are unique and gapless however
 * many finalize at once, and a failure gives its number back), its PDF rendered and stored with
 * the SHA-256, and becomes immutable (the database refuses changes from then on). The month's
 * cost data is locked: a later restatement is recorded as differences, never applied.
 */
export async function finalizeInvoices(ctx: AppContext, caller: Caller, options: FinalizeOptions): Promise<FinalizeOutcome[]> {
  if (!can(caller.actor, 'invoices.manage')) throw forbidden();
  if (!isCalendarMonth(options.month)) throw invalid(`"${options.month}" is not a month (YYYY-MM)`);
  let query = ctx.db
    .selectFrom('invoices')
    .innerJoin('companies', 'companies.id', 'invoices.company_id')
    .select(['invoices.id', 'companies.code'])
    .where('invoices.billing_month', '=', options.month)
    .where('invoices.status', '=', 'draft')
    .where('invoices.kind', '=', 'invoice');
  if (options.companyCode !== undefined) query = query.where('companies.code', '=', options.companyCode);
  const drafts = await query.orderBy('companies.code').execute();
  if (drafts.length === 0) throw notFound(`A draft invoice for ${options.month}${options.companyCode ? ` of ${options.companyCode}` : ''}`);

  const outcomes: FinalizeOutcome[] = [];
  for (const draft of drafts) {
    try {
      outcomes.push(await ctx.db.transaction().execute((tx) => finalizeOne(tx, ctx, caller, draft.id, options)));
    } catch (error) {
      // A business refusal (stale draft, costs not final) stops this invoice only; anything else stops the run.
      if (!(error instanceof DomainError)) throw error;
      outcomes.push({ companyCode: draft.code, status: 'refused', invoiceId: draft.id, reason: error.message });
    }
  }
  return outcomes;
}

async function finalizeOne(tx: Tx, ctx: AppContext, caller: Caller, invoiceId: string, options: FinalizeOptions): Promise<FinalizeOutcome> {
  const invoice = await tx.selectFrom('invoices').selectAll().where('id', '=', invoiceId).forUpdate().executeTakeFirstOrThrow();
  const company = await tx.selectFrom('companies').select(['code', 'name', 'invoice_addressee', 'postal_address']).where('id', '=', invoice.company_id).executeTakeFirstOrThrow();
  if (invoice.status !== 'draft') throw conflict('invoice_not_draft', `The invoice of ${company.code} for ${invoice.billing_month} is already ${invoice.status}.`);
  await assertDraftIsCurrent(tx, invoice.billing_month, invoice.cost_versions, options.allowProvisional === true);

  const { issuer, numbering } = await loadIssuer(tx);
  const issueDate = tokyoDateOf(ctx.now());
  const context = { issueDate, billingMonth: invoice.billing_month };
  const { number, sequenceKey, sequence } = await drawDocumentNumber(tx, 'invoice', numbering, context);
  const dueDate = invoiceDueDate(issueDate);
  const lines = await loadInvoiceLines(tx, invoice.id);
  const sha256 = await storeDocumentPdf(tx, invoice.id, invoiceDocumentOf({ ...invoice, number, issueDate, dueDate }, lines, company, issuer));
  const finalizedAt = ctx.now();
  await tx
    .updateTable('invoices')
    .set({ status: 'finalized', number, sequence_key: sequenceKey, sequence_number: sequence, issue_date: issueDate, due_date: dueDate, pdf_sha256: sha256, finalized_at: finalizedAt })
    .where('id', '=', invoice.id)
    .execute();
  // From now on a restatement of this month is recorded as differences for the next invoice.
  for (const v of invoice.cost_versions) {
    await tx.updateTable('cost_periods').set({ locked_at: finalizedAt }).where('payer_account_id', '=', v.payerAccountId).where('billing_period', '=', v.billingPeriod).where('locked_at', 'is', null).execute();
  }
  await recordAudit(
    tx,
    caller.actor,
    [{ action: 'invoice.finalized', entityType: 'invoice', entityId: invoice.id, companyId: invoice.company_id, before: { status: 'draft' }, after: { status: 'finalized', number, totalJpy: String(invoice.total_jpy), pdfSha256: sha256, dueDate } }],
    caller.ip,
  );
  return { companyCode: company.code, status: 'finalized', invoiceId: invoice.id, number, totalJpy: String(invoice.total_jpy), pdfSha256: sha256 };
}

/** A draft computed from cost data that has since been replaced, or that AWS has not finalized, is not issued. */
async function assertDraftIsCurrent(tx: Tx, month: string, versions: { payerAccountId: string; billingPeriod: string; version: number }[], allowProvisional: boolean) {
  const periods = await tx.selectFrom('cost_periods').select(['payer_account_id', 'version', 'is_final']).where('billing_period', '=', month).execute();
  const current = new Map(periods.map((p) => [p.payer_account_id, p]));
  const stale = periods.length !== versions.length || versions.some((v) => current.get(v.payerAccountId)?.version !== v.version);
  if (stale) throw conflict('draft_outdated', `The cost data of ${month} changed after this draft was made: run the drafts again before finalizing.`);
  if (!allowProvisional && periods.some((p) => !p.is_final)) {
    throw conflict('costs_not_final', `AWS has not finalized ${month} yet (no invoice id on its lines): finalize once the final cost report is ingested, or explicitly allow provisional data.`);
  }
}
