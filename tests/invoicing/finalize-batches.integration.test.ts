import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignAccount } from '../../src/modules/accounts/assign-account.ts';
import { registerAwsAccount } from '../../src/modules/accounts/register-aws-account.ts';
import { tokyoDateOf } from '../../src/modules/calendar/rules/calendar-date.ts';
import { createCompany } from '../../src/modules/companies/create-company.ts';
import { seedDemoIssuer } from '../../src/modules/invoicing/demo-issuer.ts';
import { renderInvoicePdf } from '../../src/modules/invoicing/document/render-invoice-pdf.ts';
import { finalizeInvoices } from '../../src/modules/invoicing/finalize-invoices.ts';
import { invoiceDocumentByNumber } from '../../src/modules/invoicing/invoice-document-of.ts';
import { runInvoiceDrafts, type InvoiceRunResult } from '../../src/modules/invoicing/run-invoice-drafts.ts';
import type { AppContext, Caller } from '../../src/platform/context.ts';
import { costFact, storeCostFacts } from '../support/cost-facts.ts';
import { createTestContext } from '../support/test-context.ts';

/**
 * A finalize run of several batches (10 drafts per transaction) with a draft refused in the middle
 * of the first: the others of its batch and of the next ones are numbered without a gap, in company
 * order, and every stored PDF is exactly the rendering of its invoice as issued, with its number.
 */
let env: Awaited<ReturnType<typeof createTestContext>>;
const operator: Caller = { actor: { kind: 'system', label: 'test' }, ip: null };
const codes = Array.from({ length: 26 }, (_, i) => `RA${String(i + 1).padStart(2, '0')}`);
const STALE = 'RA07';

beforeAll(async () => {
  env = await createTestContext();
  await env.ctx.db.transaction().execute((tx) => seedDemoIssuer(tx, env.ctx.now()));
  const facts = [];
  for (const [i, code] of codes.entries()) {
    const { id } = await createCompany(env.ctx, operator, {
      code,
      name: `${code} 株式会社`,
      nameKana: 'テスト',
      billingAgency: true,
      billingEmail: `billing@${code.toLowerCase()}.test`,
      invoiceAddressee: null,
      payerKanaNames: [],
      exclusions: { dedicatedConnectionOnly: false, cdnOnly: false, publicSector: false, partner: false, indirectContract: false },
    });
    const accountId = `3000000000${String(i + 10)}`;
    await registerAwsAccount(env.ctx, operator, { accountId, name: `acct-${code}`, rootEmail: null });
    await assignAccount(env.ctx, operator, { accountId, companyId: id, validFrom: '2024-01-01', validTo: null });
    facts.push(costFact('900000000002', accountId, '2024-08-12', `${i + 1}.5`));
  }
  await storeCostFacts(env.ctx, facts, { fingerprint: 'aug', isFinal: true });
  await env.ctx.db
    .insertInto('fx_rates')
    .values({ rate_date: '2024-09-03', usd_jpy: '145.00', source: 'MUFG', imported_by: 'test' })
    .execute();
}, 120_000);
afterAll(() => env?.close());

describe('finalizing a run in batches', () => {
  it('numbers gaplessly around a refused draft and stores each invoice’s own PDF', async () => {
    const run = await runInvoiceDrafts(env.ctx, operator, { month: '2024-08' });
    expect(run.drafts).toHaveLength(codes.length);
    // A draft made from cost data that no longer exists is refused at finalization.
    const stale = run.drafts.find((d) => d.companyCode === STALE)!;
    await env.ctx.db
      .updateTable('invoices')
      .set({ cost_versions: JSON.stringify([{ payerAccountId: '900000000002', billingPeriod: '2024-08', version: 99 }]) })
      .where('id', '=', stale.invoiceId)
      .execute();

    const outcomes = await finalizeInvoices(env.ctx, operator, { month: '2024-08' });

    const yyyymm = tokyoDateOf(env.ctx.now()).slice(0, 7).replace('-', '');
    const issued = codes.filter((c) => c !== STALE);
    expect(outcomes.filter((o) => o.status === 'refused').map((o) => o.companyCode)).toEqual([STALE]);
    expect(outcomes.flatMap((o) => (o.status === 'finalized' ? [[o.companyCode, o.number]] : []))).toEqual(
      issued.map((code, i) => [code, `${yyyymm}-${String(i + 1).padStart(5, '0')}`]),
    );
    for (const outcome of outcomes) {
      if (outcome.status !== 'finalized') continue;
      const stored = await env.ctx.db
        .selectFrom('invoice_pdfs')
        .select(['pdf', 'sha256'])
        .where('invoice_id', '=', outcome.invoiceId)
        .executeTakeFirstOrThrow();
      const expected = await renderInvoicePdf(await invoiceDocumentByNumber(env.ctx.db, outcome.number));
      expect([stored.sha256, outcome.pdfSha256]).toEqual([createHash('sha256').update(expected).digest('hex'), stored.sha256]);
      expect(createHash('sha256').update(stored.pdf).digest('hex')).toBe(stored.sha256);
    }
    const audited = await env.ctx.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'invoice.finalized').execute();
    expect(audited.map((a) => a.entity_id).sort()).toEqual(outcomes.flatMap((o) => (o.status === 'finalized' ? [o.invoiceId] : [])).sort());
    const stillDraft = await env.ctx.db
      .selectFrom('invoices')
      .select(['status', 'number'])
      .where('id', '=', stale.invoiceId)
      .executeTakeFirstOrThrow();
    expect(stillDraft).toEqual({ status: 'draft', number: null });
  }, 120_000);

  it('refuses a draft replaced by a newer run between its selection and its batch lock, and draws no number for it', async () => {
    // September: one customer, so its draft is the only one of the run.
    await storeCostFacts(env.ctx, [costFact('900000000002', '300000000010', '2024-09-10', '2.5')], { fingerprint: 'sep', isFinal: true });
    await env.ctx.db
      .insertInto('fx_rates')
      .values({ rate_date: '2024-10-03', usd_jpy: '146.00', source: 'MUFG', imported_by: 'test' })
      .execute();
    const selected = (await runInvoiceDrafts(env.ctx, operator, { month: '2024-09' })).drafts;
    expect(selected.map((d) => d.companyCode)).toEqual(['RA01']);
    const sequences = () => env.ctx.db.selectFrom('invoice_number_sequences').selectAll().orderBy('sequence_key').execute();
    const sequencesBefore = await sequences();

    // finalizeInvoices selects the month's drafts, then opens one transaction per batch: the seam.
    // Its first transaction starts only after a new run of the drafts has replaced the one it selected.
    let rerun: InvoiceRunResult | undefined;
    const db = new Proxy(env.ctx.db, {
      get(target, prop) {
        if (prop === 'transaction' && !rerun) {
          return () => ({
            execute: async (work: Parameters<ReturnType<typeof target.transaction>['execute']>[0]) => {
              rerun = await runInvoiceDrafts(env.ctx, operator, { month: '2024-09' });
              return target.transaction().execute(work);
            },
          });
        }
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const outcomes = await finalizeInvoices({ ...env.ctx, db } as AppContext, operator, { month: '2024-09' });

    const replacement = rerun!.drafts[0]!;
    expect(replacement.invoiceId).not.toBe(selected[0]!.invoiceId);
    expect(outcomes).toEqual([
      {
        companyCode: 'RA01',
        status: 'refused',
        invoiceId: selected[0]!.invoiceId,
        reason: 'The draft of RA01 for 2024-09 was replaced by a newer run: finalize again.',
      },
    ]);
    // The replaced draft is gone, its replacement still a draft, and no number was drawn.
    expect(
      await env.ctx.db.selectFrom('invoices').select('id').where('id', '=', selected[0]!.invoiceId).executeTakeFirst(),
    ).toBeUndefined();
    const current = () =>
      env.ctx.db.selectFrom('invoices').select(['status', 'number']).where('id', '=', replacement.invoiceId).executeTakeFirstOrThrow();
    expect(await current()).toEqual({ status: 'draft', number: null });
    expect(await sequences()).toEqual(sequencesBefore);

    // Finalizing again issues the replacement with the next number: none went to the refused draft.
    const again = await finalizeInvoices(env.ctx, operator, { month: '2024-09' });
    const yyyymm = tokyoDateOf(env.ctx.now()).slice(0, 7).replace('-', '');
    expect(again).toMatchObject([
      { companyCode: 'RA01', status: 'finalized', invoiceId: replacement.invoiceId, number: `${yyyymm}-00026` },
    ]);
  }, 120_000);
});
