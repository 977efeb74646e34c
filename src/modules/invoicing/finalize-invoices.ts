import type { Selectable } from 'kysely';
import type { AppContext, Caller } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { conflict, DomainError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { recordAudit, type AuditEntry } from '../audit/record-audit.ts';
import { isCalendarMonth, tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import type { CostPeriodsTable } from '../costs/tables.ts';
import { can } from '../identity/rules/roles.ts';
import { customerOf, invoiceDocumentOf, loadLinesOfInvoices } from './invoice-document-of.ts';
import { loadIssuer } from './issuer-settings-presenter.ts';
import { invoiceDueDate } from './rules/invoice-due-date.ts';
import { drawDocumentNumbers, storeDocumentPdf } from './issue-document.ts';
import type { InvoicesTable } from './tables.ts';

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
 * Drafts finalized per transaction. A run's time goes to its round trips to the database as much
 * as to rendering: in a batch the drafts are locked, checked, numbered, read and audited by one
 * statement each, and the sequence row is locked once. Small enough that a concurrent finalizer
 * waits for a few renders at most.
 */
const FINALIZE_BATCH = 10;

/**
 * Finalizes the month's drafts, in company order, in transactions of up to FINALIZE_BATCH drafts:
 * each draft gets the next number of its issuer sequence (drawn under the sequence row's lock, so
 * numbers are unique and gapless however many finalize at once, and a failure gives the batch's
 * numbers back), its PDF rendered and stored with the SHA-256, and becomes immutable (the database
 * refuses changes from then on). A draft is refused on its own (already issued, stale, costs not
 * final) before any number is drawn; any other error rolls its batch back and stops the run, so
 * an invoice is never finalized without its PDF. The month's cost data is locked: a later
 * restatement is recorded as differences, never applied.
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
  for (let i = 0; i < drafts.length; i += FINALIZE_BATCH) {
    const batch = drafts.slice(i, i + FINALIZE_BATCH);
    outcomes.push(...(await ctx.db.transaction().execute((tx) => finalizeBatch(tx, ctx, caller, batch, options))));
  }
  return outcomes;
}

async function finalizeBatch(
  tx: Tx,
  ctx: AppContext,
  caller: Caller,
  drafts: { id: string; code: string }[],
  options: FinalizeOptions,
): Promise<FinalizeOutcome[]> {
  const rows = await tx
    .selectFrom('invoices')
    .innerJoin('companies', 'companies.id', 'invoices.company_id')
    .selectAll('invoices')
    .select(['companies.code', 'companies.name', 'companies.invoice_addressee', 'companies.postal_address', 'companies.corporate_number'])
    .where(
      'invoices.id',
      'in',
      drafts.map((d) => d.id),
    )
    // Locked in one order by every finalizer, so two runs over the same drafts cannot deadlock.
    .orderBy('invoices.id')
    .forUpdate('invoices')
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const periods = await tx.selectFrom('cost_periods').selectAll().where('billing_period', '=', options.month).execute();

  const outcomes = new Map<string, FinalizeOutcome>();
  const refuse = (draft: { id: string; code: string }, error: unknown) => {
    // A business refusal stops that invoice only; anything else stops the run.
    if (!(error instanceof DomainError)) throw error;
    outcomes.set(draft.id, { companyCode: draft.code, status: 'refused', invoiceId: draft.id, reason: error.message });
  };
  const accepted = [];
  for (const draft of drafts) {
    const invoice = byId.get(draft.id);
    try {
      if (!invoice)
        throw conflict('draft_outdated', `The draft of ${draft.code} for ${options.month} was replaced by a newer run: finalize again.`);
      assertFinalizable(invoice, periods, options.allowProvisional === true);
      accepted.push(invoice);
    } catch (error) {
      refuse(draft, error);
    }
  }
  if (accepted.length > 0) {
    let issuing: Awaited<ReturnType<typeof loadIssuer>> | null = null;
    try {
      issuing = await loadIssuer(tx);
    } catch (error) {
      // Without issuer settings (not configured yet) nothing can be issued.
      for (const invoice of accepted) refuse(invoice, error);
    }
    if (issuing)
      for (const outcome of await finalizeAccepted(tx, ctx, caller, accepted, periods, issuing)) outcomes.set(outcome.invoiceId, outcome);
  }
  return drafts.map((d) => outcomes.get(d.id)!);
}

type LockedDraft = Selectable<InvoicesTable> & {
  code: string;
  name: string;
  invoice_addressee: string | null;
  postal_address: string | null;
  corporate_number: string | null;
};

async function finalizeAccepted(
  tx: Tx,
  ctx: AppContext,
  caller: Caller,
  drafts: LockedDraft[],
  periods: Selectable<CostPeriodsTable>[],
  { issuer, numbering }: Awaited<ReturnType<typeof loadIssuer>>,
): Promise<FinalizeOutcome[]> {
  const issueDate = tokyoDateOf(ctx.now());
  const dueDate = invoiceDueDate(issueDate);
  // Every draft of a run is of the same month, so they share one sequence and one range of it.
  const drawn = await drawDocumentNumbers(tx, 'invoice', numbering, { issueDate, billingMonth: drafts[0]!.billing_month }, drafts.length);
  const lines = await loadLinesOfInvoices(
    tx,
    drafts.map((d) => d.id),
  );
  const finalizedAt = ctx.now();
  const outcomes: FinalizeOutcome[] = [];
  const audits: AuditEntry[] = [];
  for (const [i, invoice] of drafts.entries()) {
    const { number, sequenceKey, sequence } = drawn[i]!;
    const customer = customerOf(invoice);
    const sha256 = await storeDocumentPdf(
      tx,
      invoice.id,
      invoiceDocumentOf({ ...invoice, number, issueDate, dueDate }, lines.get(invoice.id)!, customer, issuer),
    );
    await tx
      .updateTable('invoices')
      .set({
        status: 'finalized',
        number,
        sequence_key: sequenceKey,
        sequence_number: sequence,
        issue_date: issueDate,
        due_date: dueDate,
        pdf_sha256: sha256,
        customer: JSON.stringify(customer),
        issuer: JSON.stringify(issuer),
        finalized_at: finalizedAt,
      })
      .where('id', '=', invoice.id)
      .execute();
    outcomes.push({
      companyCode: invoice.code,
      status: 'finalized',
      invoiceId: invoice.id,
      number,
      totalJpy: String(invoice.total_jpy),
      pdfSha256: sha256,
    });
    audits.push({
      action: 'invoice.finalized',
      entityType: 'invoice',
      entityId: invoice.id,
      companyId: invoice.company_id,
      before: { status: 'draft' },
      after: { status: 'finalized', number, totalJpy: String(invoice.total_jpy), pdfSha256: sha256, dueDate },
    });
  }
  // From now on a restatement of this month is recorded as differences for the next invoice.
  // A draft's periods are exactly its month's (assertFinalizable), so once locked there is nothing left to lock.
  if (periods.some((p) => p.locked_at === null)) {
    await tx
      .updateTable('cost_periods')
      .set({ locked_at: finalizedAt })
      .where('billing_period', '=', drafts[0]!.billing_month)
      .where('locked_at', 'is', null)
      .execute();
  }
  await recordAudit(tx, caller.actor, audits, caller.ip);
  return outcomes;
}

/**
 * Refuses a draft that is no longer a draft, was computed from cost data that has since been
 * replaced, or from data AWS has not finalized.
 */
function assertFinalizable(invoice: LockedDraft, periods: Selectable<CostPeriodsTable>[], allowProvisional: boolean) {
  const month = invoice.billing_month;
  if (invoice.status !== 'draft')
    throw conflict('invoice_not_draft', `The invoice of ${invoice.code} for ${month} is already ${invoice.status}.`);
  const current = new Map(periods.map((p) => [p.payer_account_id, p]));
  const versions = invoice.cost_versions;
  const stale =
    periods.length !== versions.length ||
    versions.some((v) => v.billingPeriod !== month || current.get(v.payerAccountId)?.version !== v.version);
  if (stale)
    throw conflict(
      'draft_outdated',
      `The cost data of ${month} changed after this draft was made: run the drafts again before finalizing.`,
    );
  if (!allowProvisional && periods.some((p) => !p.is_final)) {
    throw conflict(
      'costs_not_final',
      `AWS has not finalized ${month} yet (no invoice id on its lines): finalize once the final cost report is ingested, or explicitly allow provisional data.`,
    );
  }
}
