import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignAccount } from '../../src/modules/accounts/assign-account.ts';
import { registerAwsAccount } from '../../src/modules/accounts/register-aws-account.ts';
import { createCompany } from '../../src/modules/companies/create-company.ts';
import { updateCompany } from '../../src/modules/companies/update-company.ts';
import { seedDemoIssuer } from '../../src/modules/invoicing/demo-issuer.ts';
import { renderJpPint } from '../../src/modules/invoicing/document/render-jp-pint.ts';
import { finalizeInvoices } from '../../src/modules/invoicing/finalize-invoices.ts';
import { invoiceDocumentByNumber } from '../../src/modules/invoicing/invoice-document-of.ts';
import { getIssuerSettings } from '../../src/modules/invoicing/issuer-settings-presenter.ts';
import { updateIssuerSettings } from '../../src/modules/invoicing/update-issuer-settings.ts';
import { runInvoiceDrafts } from '../../src/modules/invoicing/run-invoice-drafts.ts';
import { voidInvoice } from '../../src/modules/invoicing/void-invoice.ts';
import type { Caller } from '../../src/platform/context.ts';
import { costFact, storeCostFacts } from '../support/cost-facts.ts';
import { createTestContext } from '../support/test-context.ts';

/**
 * The buyer on an issued invoice: its corporate number (法人番号) becomes the JP PINT buyer's
 * electronic address and legal registration (scheme 0188), and what an issued document says about
 * the buyer is what it said at issue, however the company is edited later.
 */
let env: Awaited<ReturnType<typeof createTestContext>>;
const operator: Caller = { actor: { kind: 'system', label: 'test' }, ip: null };
// 5010401067252: check digit 5 over 010401067252 (worked out in tests/companies/corporate-number.unit.test.ts).
const NUMBERED = '5010401067252';
const ids: Record<string, string> = {};
const numbers: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestContext();
  await env.ctx.db.transaction().execute((tx) => seedDemoIssuer(tx, env.ctx.now()));
  const facts = [];
  for (const [i, [code, corporateNumber]] of [
    ['KAISHA', NUMBERED],
    ['KOJIN', null],
  ].entries()) {
    const { id } = await createCompany(env.ctx, operator, {
      code: code!,
      name: `${code} 株式会社`,
      nameKana: 'テスト',
      billingAgency: true,
      billingEmail: null,
      invoiceAddressee: null,
      postalAddress: '東京都千代田区1-1',
      corporateNumber,
      payerKanaNames: [],
      exclusions: { dedicatedConnectionOnly: false, cdnOnly: false, publicSector: false, partner: false, indirectContract: false },
    });
    ids[code!] = id;
    const accountId = `40000000000${i}`;
    await registerAwsAccount(env.ctx, operator, { accountId, name: `acct-${code}`, rootEmail: null });
    await assignAccount(env.ctx, operator, { accountId, companyId: id, validFrom: '2024-01-01', validTo: null });
    facts.push(costFact('900000000003', accountId, '2024-08-12', '10'));
  }
  await storeCostFacts(env.ctx, facts, { fingerprint: 'aug', isFinal: true });
  await env.ctx.db
    .insertInto('fx_rates')
    .values({ rate_date: '2024-09-03', usd_jpy: '145.00', source: 'MUFG', imported_by: 'test' })
    .execute();
  await runInvoiceDrafts(env.ctx, operator, { month: '2024-08' });
  for (const outcome of await finalizeInvoices(env.ctx, operator, { month: '2024-08' })) {
    if (outcome.status !== 'finalized') throw new Error(`${outcome.companyCode} refused: ${outcome.reason}`);
    numbers[outcome.companyCode] = outcome.number;
  }
}, 120_000);
afterAll(() => env?.close());

const exported = async (number: string) => renderJpPint(await invoiceDocumentByNumber(env.ctx.db, number));
/** The AccountingCustomerParty element as written (the supplier has its own 0188 endpoint). */
const buyerOf = (xml: string) => xml.slice(xml.indexOf('<cac:AccountingCustomerParty>'), xml.indexOf('</cac:AccountingCustomerParty>'));

describe('the buyer of an issued invoice', () => {
  it('carries the corporate number as endpoint and legal id (scheme 0188) when the company has one', async () => {
    const buyer = buyerOf(await exported(numbers.KAISHA!));
    expect(buyer).toContain(`<cbc:EndpointID schemeID="0188">${NUMBERED}</cbc:EndpointID>`);
    expect(buyer).toContain('<cbc:RegistrationName>KAISHA 株式会社</cbc:RegistrationName>');
    expect(buyer).toContain(`<cbc:CompanyID schemeID="0188">${NUMBERED}</cbc:CompanyID>`);
  });

  it('has neither without one, as before', async () => {
    const xml = await exported(numbers.KOJIN!);
    const buyer = buyerOf(xml);
    expect(buyer).toContain('<cbc:RegistrationName>KOJIN 株式会社</cbc:RegistrationName>');
    expect(buyer).not.toContain('EndpointID');
    expect(buyer).not.toContain('CompanyID');
    // The supplier still has its endpoint: the buyer slice above is not empty by accident.
    expect(xml).toContain('<cbc:EndpointID schemeID="0188">');
  });

  it('stays as issued when the company is edited later, and the database refuses to change it', async () => {
    const before = { KAISHA: await exported(numbers.KAISHA!), KOJIN: await exported(numbers.KOJIN!) };
    await updateCompany(env.ctx, operator, {
      companyId: ids.KAISHA!,
      name: '改称後 株式会社',
      corporateNumber: '7000012050002',
      postalAddress: '大阪府',
    });
    await updateCompany(env.ctx, operator, { companyId: ids.KOJIN!, corporateNumber: NUMBERED, invoiceAddressee: '経理部' });
    expect(await exported(numbers.KAISHA!)).toBe(before.KAISHA);
    expect(await exported(numbers.KOJIN!)).toBe(before.KOJIN);

    const rewrite = env.ctx.db
      .updateTable('invoices')
      .set({ customer: JSON.stringify({ code: 'KAISHA', name: '改称後 株式会社', corporateNumber: '7000012050002' }) })
      .where('number', '=', numbers.KAISHA!)
      .execute();
    await expect(rewrite).rejects.toThrow(/finalized and immutable/);
  });

  it('gives a credit note the buyer as the company stands when the credit note is issued', async () => {
    const { creditNoteNumber } = await voidInvoice(env.ctx, operator, { number: numbers.KAISHA!, reason: '宛名の訂正' });
    const buyer = buyerOf(await exported(creditNoteNumber));
    expect(buyer).toContain('<cbc:RegistrationName>改称後 株式会社</cbc:RegistrationName>');
    expect(buyer).toContain('<cbc:CompanyID schemeID="0188">7000012050002</cbc:CompanyID>');
    expect(buyerOf(await exported(numbers.KAISHA!))).toContain(`<cbc:CompanyID schemeID="0188">${NUMBERED}</cbc:CompanyID>`);
  });

  it('keeps the issuer as issued when the issuer settings are edited later, and the database refuses to change it', async () => {
    const before = await exported(numbers.KOJIN!);
    const { settings } = await getIssuerSettings(env.ctx, operator.actor);
    const { updatedAt: _updatedAt, ...current } = settings!;
    await updateIssuerSettings(env.ctx, operator, {
      ...current,
      legalName: '移転後リセラー株式会社',
      address: '大阪府大阪市北区梅田1-1-1',
    });
    expect((await getIssuerSettings(env.ctx, operator.actor)).settings?.legalName).toBe('移転後リセラー株式会社');
    const after = await exported(numbers.KOJIN!);
    expect(after).toBe(before);
    expect(after).not.toContain('移転後リセラー株式会社');

    const rewrite = env.ctx.db
      .updateTable('invoices')
      .set({ issuer: JSON.stringify({ ...current, legalName: '移転後リセラー株式会社' }) })
      .where('number', '=', numbers.KOJIN!)
      .execute();
    await expect(rewrite).rejects.toThrow(/finalized and immutable/);
  });
});
