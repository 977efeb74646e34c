import { Decimal } from 'decimal.js';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignAccount } from '../../src/modules/accounts/assign-account.ts';
import { registerAwsAccount } from '../../src/modules/accounts/register-aws-account.ts';
import { tokyoDateOf } from '../../src/modules/calendar/rules/calendar-date.ts';
import { createCompany } from '../../src/modules/companies/create-company.ts';
import { renderJpPint } from '../../src/modules/invoicing/document/render-jp-pint.ts';
import { finalizeInvoices } from '../../src/modules/invoicing/finalize-invoices.ts';
import { invoiceDocumentByNumber } from '../../src/modules/invoicing/invoice-document-of.ts';
import { seedDemoIssuer } from '../../src/modules/invoicing/demo-issuer.ts';
import { getInvoice, listInvoices } from '../../src/modules/invoicing/invoices-presenter.ts';
import { reconcileMonth } from '../../src/modules/invoicing/reconciliation-presenter.ts';
import { runInvoiceDrafts } from '../../src/modules/invoicing/run-invoice-drafts.ts';
import { voidInvoice } from '../../src/modules/invoicing/void-invoice.ts';
import { recordPayment } from '../../src/modules/receivables/record-payment.ts';
import type { Caller } from '../../src/platform/context.ts';
import { costFact, storeCostFacts } from '../support/cost-facts.ts';
import { createTestContext } from '../support/test-context.ts';

/**
 * The month's invoice run on a real database, golden amounts computed by hand: an account that
 * moves between customers mid-month, another customer's RI, an upfront purchase at its own rate,
 * an unregistered account, a credit; then finalization (numbers, PDF, immutability).
 */
let env: Awaited<ReturnType<typeof createTestContext>>;
const operator: Caller = { actor: { kind: 'system', label: 'test' }, ip: null };
const PAYER = '900000000000';
const [A1, MOVED, B1, STRANGER] = ['100000000001', '100000000002', '100000000003', '999999999999'];

async function company(code: string, billingAgency = true) {
  const { id } = await createCompany(env.ctx, operator, {
    code,
    name: `${code} 株式会社`,
    nameKana: 'テスト',
    billingAgency,
    billingEmail: `billing@${code.toLowerCase()}.test`,
    invoiceAddressee: null,
    payerKanaNames: [],
    exclusions: { dedicatedConnectionOnly: false, cdnOnly: false, publicSector: false, partner: false, indirectContract: false },
  });
  return id;
}

async function account(accountId: string, companyId: string, validFrom: string, validTo: string | null = null) {
  const exists = await env.ctx.db.selectFrom('aws_accounts').select('account_id').where('account_id', '=', accountId).executeTakeFirst();
  if (!exists) await registerAwsAccount(env.ctx, operator, { accountId, name: `acct-${accountId.slice(-2)}`, rootEmail: null });
  await assignAccount(env.ctx, operator, { accountId, companyId, validFrom, validTo });
}

async function rate(date: string, usdJpy: string) {
  await env.ctx.db.insertInto('fx_rates').values({ rate_date: date, usd_jpy: usdJpy, source: 'MUFG', imported_by: 'test' }).execute();
}

beforeAll(async () => {
  env = await createTestContext();
  await env.ctx.db.transaction().execute((tx) => seedDemoIssuer(tx, env.ctx.now()));
  const alpha = await company('ALPHA');
  const beta = await company('BETA');
  await company('GAMMA', false);
  await account(A1, alpha, '2024-01-01');
  await account(MOVED, alpha, '2024-01-01', '2024-10-15');
  await account(MOVED, beta, '2024-10-15');
  await account(B1, beta, '2024-01-01');
  await storeCostFacts(
    env.ctx,
    [
      costFact(PAYER, A1, '2024-10-05', '10'),
      costFact(PAYER, A1, '2024-10-06', '-5', { lineItemType: 'Credit' }),
      costFact(PAYER, MOVED, '2024-10-10', '100'),
      costFact(PAYER, MOVED, '2024-10-20', '50'),
      costFact(PAYER, B1, '2024-10-07', '1000', { lineItemType: 'Fee', billType: 'Purchase' }),
      // ALPHA's RI covering BETA's usage: BETA pays list.
      costFact(PAYER, B1, '2024-10-08', '0', { lineItemType: 'DiscountedUsage', listUsd: '30', commitmentOwnerAccountId: A1, commitmentArn: `arn:aws:ec2:ap-northeast-1:${A1}:reserved-instances/ri-1` }),
      costFact(PAYER, STRANGER, '2024-10-05', '7'),
    ],
    { fingerprint: 'oct-v1', isFinal: true },
  );
  // October converts at Nov 3 → Fri Nov 1 (Sat 2nd, Sun 3rd 文化の日 have none).
  await rate('2024-11-01', '152.10');
}, 120_000);
afterAll(() => env?.close());

const totals = async () =>
  (await listInvoices(env.ctx, operator.actor, { month: '2024-10' })).map((i) => [i.company_code, i.status, i.subtotal_jpy, i.tax_jpy, i.total_jpy]);

describe('the invoice run', () => {
  it('stops before writing anything when a rate is missing, naming the date', async () => {
    await expect(runInvoiceDrafts(env.ctx, operator, { month: '2024-10' })).rejects.toThrow(/2024-10-07/);
    expect(await totals()).toEqual([]);
    await rate('2024-10-07', '148.00');
  });

  it('drafts each billing-agency customer by the windows, the commitments and the purchase date', async () => {
    const result = await runInvoiceDrafts(env.ctx, operator, { month: '2024-10' });
    expect(result.unassignedUsd).toEqual({ [STRANGER]: '7' });
    // ALPHA: 10 × 152.10 = 1521; the moved account until the 15th: 100 × 152.10 = 15210 → 16731, tax 1673.1 → 1673.
    // BETA: moved account from the 15th 50 × 152.10 = 7605; ALPHA's RI at list 30 × 152.10 = 4563;
    //       the upfront fee 1000 × 148.00 = 148000 → 160168, tax 16016.8 → 16016.
    expect(await totals()).toEqual([
      ['ALPHA', 'draft', 16731, 1673, 18404],
      ['BETA', 'draft', 160168, 16016, 176184],
    ]);
    const beta = result.drafts.find((d) => d.companyCode === 'BETA')!;
    const { lines } = await getInvoice(env.ctx, operator.actor, beta.invoiceId);
    const exact = (d: string | null) => (d === null ? null : new Decimal(d).toFixed());
    expect(lines.map((l) => [l.section, l.account_id, exact(l.usd), exact(l.rate_usd_jpy), l.rate_date, String(l.jpy)])).toEqual([
      ['usage', MOVED, '50', '152.1', '2024-11-01', '7605'],
      ['usage', B1, '30', '152.1', '2024-11-01', '4563'],
      ['purchase', B1, '1000', '148', '2024-10-07', '148000'],
    ]);
    expect(lines[0]!.source).toMatchObject({ billingPeriod: '2024-10', usageAccountId: MOVED, serviceCode: 'AmazonEC2', factCount: 1 });
  });

  it('replaces drafts when run again, and changes nothing else', async () => {
    const before = await totals();
    await runInvoiceDrafts(env.ctx, operator, { month: '2024-10' });
    expect(await totals()).toEqual(before);
    const count = await env.ctx.db.selectFrom('invoices').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });
});

describe('finalization', () => {
  it('numbers the drafts gaplessly, stores the PDF with its SHA-256 and locks the month’s costs', async () => {
    const outcomes = await finalizeInvoices(env.ctx, operator, { month: '2024-10' });
    const yyyymm = tokyoDateOf(env.ctx.now()).slice(0, 7).replace('-', '');
    expect(outcomes.map((o) => (o.status === 'finalized' ? [o.companyCode, o.number] : o))).toEqual([
      ['ALPHA', `${yyyymm}-00001`],
      ['BETA', `${yyyymm}-00002`],
    ]);
    const pdf = await env.ctx.db.selectFrom('invoice_pdfs').select(['pdf', 'sha256']).where('invoice_id', '=', outcomes[0]!.invoiceId).executeTakeFirstOrThrow();
    expect(createHash('sha256').update(pdf.pdf).digest('hex')).toBe(pdf.sha256);
    expect(Buffer.from(pdf.pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const period = await env.ctx.db.selectFrom('cost_periods').select('locked_at').where('billing_period', '=', '2024-10').executeTakeFirstOrThrow();
    expect(period.locked_at).not.toBeNull();
  });

  it('is immutable in the database: lines, amounts and the PDF refuse changes, the invoice refuses deletion', async () => {
    const [alpha] = await listInvoices(env.ctx, operator.actor, { month: '2024-10' });
    const id = alpha!.id;
    await expect(env.ctx.db.updateTable('invoice_lines').set({ jpy: '1' }).where('invoice_id', '=', id).execute()).rejects.toThrow(/immutable/);
    await expect(env.ctx.db.deleteFrom('invoice_lines').where('invoice_id', '=', id).execute()).rejects.toThrow(/immutable/);
    await expect(env.ctx.db.updateTable('invoices').set({ total_jpy: '1', subtotal_jpy: '1', tax_jpy: '0' }).where('id', '=', id).execute()).rejects.toThrow(/immutable/);
    await expect(env.ctx.db.updateTable('invoice_pdfs').set({ sha256: 'x' }).where('invoice_id', '=', id).execute()).rejects.toThrow(/kept as issued/);
    await expect(env.ctx.db.deleteFrom('invoices').where('id', '=', id).execute()).rejects.toThrow(/never be deleted/);
  });

  it('exports an issued invoice as a JP PINT e-invoice with the amounts of its stored lines', async () => {
    const [alpha] = await listInvoices(env.ctx, operator.actor, { month: '2024-10' });
    const xml = renderJpPint(await invoiceDocumentByNumber(env.ctx.db, alpha!.number!));
    expect(xml).toContain('<cbc:CustomizationID>urn:peppol:pint:billing-1@jp-1</cbc:CustomizationID>');
    expect(xml).toContain(`<cbc:ID>${alpha!.number}</cbc:ID>`);
    expect(xml).toContain('<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>');
    expect(xml).toMatch(/<cbc:TaxAmount currencyID="JPY">1673<\/cbc:TaxAmount>/);
    expect(xml).toMatch(/<cbc:PayableAmount currencyID="JPY">18404<\/cbc:PayableAmount>/);
    expect(xml).toContain('<cbc:StartDate>2024-10-01</cbc:StartDate>');
    expect(xml).toContain('<cbc:EndDate>2024-10-31</cbc:EndDate>');
  });

  it('reconciles AWS’s total to the cent: billed + excluded + unassigned', async () => {
    const r = await reconcileMonth(env.ctx, operator.actor, '2024-10');
    // AWS: 10 − 5 + 100 + 50 + 1000 + 0 + 7 = 1162. Billed: ALPHA 110, BETA 50 + 30 + 1000 = 1080.
    expect(r.aws_total_usd).toBe('1162');
    expect(r.billed_usd).toBe('1190');
    // The credit; BETA's usage under ALPHA's RI billed 30 above AWS's 0.
    expect(r.excluded_usd).toEqual({ credit: '-5', 'reseller-discount': '0', 'aws-tax': '0', 'commitment-isolation': '-30', 're-rated-at-list': '0' });
    expect(r.unassignedByAccount).toEqual({ [STRANGER]: '7' });
    expect(r.residue_usd).toBe('0');
  });

  it('leaves finalized invoices alone when the drafts are run again', async () => {
    const before = await totals();
    const result = await runInvoiceDrafts(env.ctx, operator, { month: '2024-10' });
    expect(result.finalized).toEqual(['ALPHA', 'BETA']);
    expect(result.drafts).toEqual([]);
    expect(await totals()).toEqual(before);
  });
});

describe('a restatement after finalization', () => {
  it('becomes adjustment lines on the next invoice, at the corrected month’s rate, once', async () => {
    // AWS restates October after it was invoiced: A1 10 → 12 USD (ALPHA), the moved account's late October 50 → 40 (BETA).
    const restated = await storeCostFacts(
      env.ctx,
      [
        costFact(PAYER, A1, '2024-10-05', '12'),
        costFact(PAYER, A1, '2024-10-06', '-5', { lineItemType: 'Credit' }),
        costFact(PAYER, MOVED, '2024-10-10', '100'),
        costFact(PAYER, MOVED, '2024-10-20', '40'),
        costFact(PAYER, B1, '2024-10-07', '1000', { lineItemType: 'Fee', billType: 'Purchase' }),
        costFact(PAYER, B1, '2024-10-08', '0', { lineItemType: 'DiscountedUsage', listUsd: '30', commitmentOwnerAccountId: A1, commitmentArn: `arn:aws:ec2:ap-northeast-1:${A1}:reserved-instances/ri-1` }),
        costFact(PAYER, STRANGER, '2024-10-05', '7'),
      ],
      { fingerprint: 'oct-v2', isFinal: true },
    );
    expect(restated).toEqual([{ billingPeriod: '2024-10', status: 'replaced', version: 2, restatedAccounts: 2 }]);
    await storeCostFacts(env.ctx, [costFact(PAYER, A1, '2024-11-05', '5'), costFact(PAYER, B1, '2024-11-03', '100')], { fingerprint: 'nov-v1', isFinal: true });
    await rate('2024-12-03', '150.00');

    const run = async () => {
      await runInvoiceDrafts(env.ctx, operator, { month: '2024-11' });
      return (await listInvoices(env.ctx, operator.actor, { month: '2024-11' })).filter((i) => ['ALPHA', 'BETA'].includes(i.company_code));
    };
    const drafts = await run();
    // ALPHA: November 5 × 150 = 750; October again 12 × 152.10 = 1825.2 → 1825, billed 1521: +304. 1054, tax 105.
    // BETA: November 100 × 150 = 15000; October 40 × 152.10 = 6084, billed 7605: −1521. 13479, tax 1347.
    expect(drafts.map((i) => [i.company_code, i.subtotal_jpy, i.tax_jpy, i.total_jpy])).toEqual([
      ['ALPHA', 1054, 105, 1159],
      ['BETA', 13479, 1347, 14826],
    ]);
    const { lines } = await getInvoice(env.ctx, operator.actor, drafts[1]!.id);
    const adjustment = lines.find((l) => l.section === 'adjustment')!;
    expect([adjustment.account_id, adjustment.corrects_month, new Decimal(adjustment.usd!).toFixed(), new Decimal(adjustment.rate_usd_jpy!).toFixed(), String(adjustment.jpy)]).toEqual([MOVED, '2024-10', '-10', '152.1', '-1521']);
    expect(drafts[1]!.warnings.join()).toMatch(/restated 2024-10/);
    // The October invoices still say what they said.
    expect((await totals()).map((t) => t.slice(0, 1).concat(t.slice(2)))).toEqual([
      ['ALPHA', 16731, 1673, 18404],
      ['BETA', 160168, 16016, 176184],
    ]);

    // Once November is issued, the next month adjusts nothing more.
    await finalizeInvoices(env.ctx, operator, { month: '2024-11', companyCode: 'ALPHA' });
    await storeCostFacts(env.ctx, [costFact(PAYER, A1, '2024-12-05', '1')], { fingerprint: 'dec-v1', isFinal: true });
    // January 3 is a bank holiday (no rate): December converts at Monday December 30's.
    await rate('2024-12-30', '157.60');
    const december = await runInvoiceDrafts(env.ctx, operator, { month: '2024-12', companyCode: 'ALPHA' });
    expect(december.drafts.map((d) => d.totalJpy)).toEqual(['173']); // 1 × 157.60 = 158 (half-up); tax 15.8 → 15
    const decemberLines = (await getInvoice(env.ctx, operator.actor, december.drafts[0]!.invoiceId)).lines;
    expect(decemberLines.map((l) => [l.section, l.rate_requested_date, l.rate_date])).toEqual([['usage', '2025-01-03', '2024-12-30']]);
  });
});

describe('numbering under concurrency', () => {
  it('gives gapless, unique numbers to invoices finalized at the same time', async () => {
    const codes = Array.from({ length: 12 }, (_, i) => `PAR${String(i + 1).padStart(2, '0')}`);
    const facts = [];
    for (const [i, code] of codes.entries()) {
      const accountId = `2000000000${String(i + 10)}`;
      await account(accountId, await company(code), '2024-01-01');
      facts.push(costFact('900000000001', accountId, '2024-09-10', `${i + 1}.25`));
    }
    await storeCostFacts(env.ctx, facts, { fingerprint: 'sep-par', isFinal: true });
    await rate('2024-10-03', '149.00');
    await runInvoiceDrafts(env.ctx, operator, { month: '2024-09' });
    // One finalization per customer, all at once: on the PostgreSQL server these are truly parallel transactions.
    const outcomes = (await Promise.all(codes.map((companyCode) => finalizeInvoices(env.ctx, operator, { month: '2024-09', companyCode })))).flat();
    const numbers = outcomes.map((o) => (o.status === 'finalized' ? o.number : o.reason)).sort();
    const yyyymm = tokyoDateOf(env.ctx.now()).slice(0, 7).replace('-', '');
    // The sequence continues where the invoices issued earlier in this file left it, without a gap.
    const last = await env.ctx.db.selectFrom('invoice_number_sequences').select('last_number').where('sequence_key', '=', `invoice:${tokyoDateOf(env.ctx.now()).slice(0, 7)}`).executeTakeFirstOrThrow();
    const first = last.last_number - codes.length + 1;
    expect(first).toBe(4); // October's two and November's ALPHA came first
    expect(numbers).toEqual(codes.map((_, i) => `${yyyymm}-${String(first + i).padStart(5, '0')}`));
  });
});

describe('void', () => {
  it('voids an unpaid invoice with a credit note of the same amounts, and frees the month for a new invoice', async () => {
    const september = await listInvoices(env.ctx, operator.actor, { month: '2024-09' });
    const par01 = september.find((i) => i.company_code === 'PAR01')!;
    const result = await voidInvoice(env.ctx, operator, { number: par01.number!, reason: '請求先の誤り' });
    const cnPrefix = `CN${tokyoDateOf(env.ctx.now()).slice(0, 7).replace('-', '')}`;
    expect(result).toMatchObject({ voided: par01.number, creditNoteNumber: `${cnPrefix}-00001`, totalJpy: String(par01.total_jpy) });
    const creditNote = await env.ctx.db.selectFrom('invoices').selectAll().where('id', '=', result.creditNoteId).executeTakeFirstOrThrow();
    expect([creditNote.kind, creditNote.status, creditNote.credit_note_for, String(creditNote.total_jpy)]).toEqual(['credit-note', 'finalized', par01.id, String(par01.total_jpy)]);
    const pdf = await env.ctx.db.selectFrom('invoice_pdfs').select('sha256').where('invoice_id', '=', result.creditNoteId).executeTakeFirstOrThrow();
    expect(pdf.sha256).toBe(creditNote.pdf_sha256);
    // The voided invoice still says what it said; only its status moved.
    const voided = await env.ctx.db.selectFrom('invoices').select(['status', 'total_jpy', 'number']).where('id', '=', par01.id).executeTakeFirstOrThrow();
    expect([voided.status, Number(voided.total_jpy), voided.number]).toEqual(['void', par01.total_jpy, par01.number]);
    await expect(env.ctx.db.updateTable('invoices').set({ status: 'finalized' }).where('id', '=', par01.id).execute()).rejects.toThrow(/cannot go from void/);
    // The next run drafts September again for that customer only.
    const rerun = await runInvoiceDrafts(env.ctx, operator, { month: '2024-09' });
    expect(rerun.drafts.map((d) => [d.companyCode, d.totalJpy])).toEqual([['PAR01', String(par01.total_jpy)]]);
  });

  it('refuses to void a paid invoice', async () => {
    const par02 = (await listInvoices(env.ctx, operator.actor, { month: '2024-09' })).find((i) => i.company_code === 'PAR02')!;
    await recordPayment(env.ctx, operator, { invoiceId: par02.id, receivedOn: tokyoDateOf(env.ctx.now()), amountJpy: 100 });
    await expect(voidInvoice(env.ctx, operator, { number: par02.number!, reason: 'x' })).rejects.toThrow(/payments recorded/);
  });
});
