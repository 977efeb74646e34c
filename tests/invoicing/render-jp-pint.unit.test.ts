import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import type { InvoiceDocumentInput } from '../../src/modules/invoicing/document/invoice-document.ts';
import { renderJpPint, UBL_NAMESPACES } from '../../src/modules/invoicing/document/render-jp-pint.ts';
import { SAMPLE_CREDIT_NOTE, SAMPLE_INVOICE } from './sample-documents.ts';

/**
 * The XML is parsed back and checked against UBL 2.1's structure: namespaces, the order of each
 * sequence the schema defines (only the elements Daiko writes are listed, in schema order, from
 * UBL-Invoice-2.1.xsd, UBL-CreditNote-2.1.xsd and UBL-CommonAggregateComponents-2.1.xsd), and the
 * JP PINT values.
 */
const INVOICE_ORDER = [
  'CustomizationID',
  'ProfileID',
  'ID',
  'IssueDate',
  'DueDate',
  'InvoiceTypeCode',
  'Note',
  'DocumentCurrencyCode',
  'BuyerReference',
  'InvoicePeriod',
  'BillingReference',
  'AccountingSupplierParty',
  'AccountingCustomerParty',
  'PaymentMeans',
  'TaxTotal',
  'LegalMonetaryTotal',
  'InvoiceLine',
];
// CreditNote: no DueDate; its type code sits after IssueDate; lines are CreditNoteLine.
const CREDIT_NOTE_ORDER = [
  'CustomizationID',
  'ProfileID',
  'ID',
  'IssueDate',
  'CreditNoteTypeCode',
  'Note',
  'DocumentCurrencyCode',
  'BuyerReference',
  'InvoicePeriod',
  'BillingReference',
  'AccountingSupplierParty',
  'AccountingCustomerParty',
  'PaymentMeans',
  'TaxTotal',
  'LegalMonetaryTotal',
  'CreditNoteLine',
];
const PARTY_ORDER = ['EndpointID', 'PartyIdentification', 'PartyName', 'PostalAddress', 'PartyTaxScheme', 'PartyLegalEntity', 'Contact'];
const LEGAL_ENTITY_ORDER = ['RegistrationName', 'CompanyID'];
const ADDRESS_ORDER = ['StreetName', 'CityName', 'PostalZone', 'AddressLine', 'Country'];
const PAYMENT_MEANS_ORDER = ['PaymentMeansCode', 'PaymentDueDate', 'PaymentID', 'PayeeFinancialAccount'];
const FINANCIAL_ACCOUNT_ORDER = ['ID', 'Name', 'FinancialInstitutionBranch'];
const TAX_SUBTOTAL_ORDER = ['TaxableAmount', 'TaxAmount', 'TaxCategory'];
const MONETARY_TOTAL_ORDER = [
  'LineExtensionAmount',
  'TaxExclusiveAmount',
  'TaxInclusiveAmount',
  'AllowanceTotalAmount',
  'ChargeTotalAmount',
  'PrepaidAmount',
  'PayableRoundingAmount',
  'PayableAmount',
];
const LINE_ORDER = ['ID', 'Note', 'InvoicedQuantity', 'CreditedQuantity', 'LineExtensionAmount', 'InvoicePeriod', 'Item', 'Price'];
const ITEM_ORDER = ['Description', 'Name', 'ClassifiedTaxCategory', 'AdditionalItemProperty'];

type El = {
  namespaceURI: string | null;
  localName: string;
  textContent: string | null;
  childNodes: ArrayLike<{ nodeType: number }>;
  getAttribute(name: string): string | null;
};

function parse(xml: string): El {
  return (create(xml).node as unknown as { documentElement: El }).documentElement;
}
const children = (el: El) => Array.from(el.childNodes).filter((n): n is El & { nodeType: number } => n.nodeType === 1);
const child = (el: El, name: string) => {
  const found = children(el).filter((c) => c.localName === name);
  if (found.length !== 1) throw new Error(`expected one ${name} under ${el.localName}, found ${found.length}`);
  return found[0]!;
};
const path = (el: El, ...names: string[]) => names.reduce(child, el);
const text = (el: El, ...names: string[]) => path(el, ...names).textContent;
const all = (el: El, name: string) => children(el).filter((c) => c.localName === name);

/** Children appear in the schema's order (repeats allowed, nothing unknown). */
function expectOrder(el: El, order: string[]) {
  const names = children(el).map((c) => c.localName);
  for (const name of names) expect(order, `${el.localName} may not hold ${name}`).toContain(name);
  const positions = names.map((n) => order.indexOf(n));
  expect(positions, `${el.localName} children out of schema order: ${names.join(', ')}`).toEqual([...positions].sort((a, b) => a - b));
}

/** Every element is in the UBL namespace its prefix promises; every amount is whole yen. */
function expectNamespacesAndAmounts(el: El, documentNamespace: string, isRoot = true) {
  if (isRoot) expect(el.namespaceURI).toBe(documentNamespace);
  for (const c of children(el)) {
    const isBasic = children(c).length === 0;
    expect(c.namespaceURI, c.localName).toBe(isBasic ? UBL_NAMESPACES.cbc : UBL_NAMESPACES.cac);
    const currency = c.getAttribute('currencyID');
    if (currency !== null) {
      expect(currency).toBe('JPY');
      expect(c.textContent, `${c.localName} has decimals`).toMatch(/^-?\d+$/);
    }
    expectNamespacesAndAmounts(c, documentNamespace, false);
  }
}

function expectStructure(root: El, isInvoice: boolean) {
  expectOrder(root, isInvoice ? INVOICE_ORDER : CREDIT_NOTE_ORDER);
  for (const side of ['AccountingSupplierParty', 'AccountingCustomerParty']) {
    const party = path(root, side, 'Party');
    expectOrder(party, PARTY_ORDER);
    expectOrder(child(party, 'PostalAddress'), ADDRESS_ORDER);
    expectOrder(child(party, 'PartyLegalEntity'), LEGAL_ENTITY_ORDER);
  }
  for (const means of all(root, 'PaymentMeans')) {
    expectOrder(means, PAYMENT_MEANS_ORDER);
    for (const account of all(means, 'PayeeFinancialAccount')) expectOrder(account, FINANCIAL_ACCOUNT_ORDER);
  }
  for (const subtotal of all(child(root, 'TaxTotal'), 'TaxSubtotal')) expectOrder(subtotal, TAX_SUBTOTAL_ORDER);
  expectOrder(child(root, 'LegalMonetaryTotal'), MONETARY_TOTAL_ORDER);
  for (const line of all(root, isInvoice ? 'InvoiceLine' : 'CreditNoteLine')) {
    expectOrder(line, LINE_ORDER);
    expectOrder(child(line, 'Item'), ITEM_ORDER);
  }
}

describe('JP PINT invoice (UBL Invoice 380)', () => {
  const root = parse(renderJpPint(SAMPLE_INVOICE));

  it('is a UBL 2.1 Invoice in schema order, every amount whole yen', () => {
    expect(root.localName).toBe('Invoice');
    expectNamespacesAndAmounts(root, UBL_NAMESPACES.invoice);
    expectStructure(root, true);
  });

  it('declares JP PINT and carries the header', () => {
    expect(text(root, 'CustomizationID')).toBe('urn:peppol:pint:billing-1@jp-1');
    expect(text(root, 'ProfileID')).toBe('urn:peppol:bis:billing');
    expect(text(root, 'ID')).toBe('202603-00042');
    expect(text(root, 'IssueDate')).toBe('2026-03-05');
    expect(text(root, 'DueDate')).toBe('2026-04-30');
    expect(text(root, 'InvoiceTypeCode')).toBe('380');
    expect(text(root, 'DocumentCurrencyCode')).toBe('JPY');
    expect(text(root, 'InvoicePeriod', 'StartDate')).toBe('2026-02-01');
    expect(text(root, 'InvoicePeriod', 'EndDate')).toBe('2026-02-28');
    expect(all(root, 'BillingReference')).toHaveLength(0);
  });

  it('names the supplier by its T-number and corporate-number endpoint', () => {
    const party = path(root, 'AccountingSupplierParty', 'Party');
    expect(text(party, 'EndpointID')).toBe('9234567890123');
    expect(child(party, 'EndpointID').getAttribute('schemeID')).toBe('0188');
    expect(text(party, 'PartyTaxScheme', 'CompanyID')).toBe('T9234567890123');
    expect(text(party, 'PartyTaxScheme', 'TaxScheme', 'ID')).toBe('VAT');
    expect(text(party, 'PartyLegalEntity', 'RegistrationName')).toBe('株式会社ダイコウ');
    expect(text(party, 'PostalAddress', 'Country', 'IdentificationCode')).toBe('JP');
    const customer = path(root, 'AccountingCustomerParty', 'Party');
    expect(text(customer, 'PartyLegalEntity', 'RegistrationName')).toBe('株式会社サクラ製作所');
    // Without a corporate number the buyer has neither an electronic address nor a legal id.
    expect(all(customer, 'EndpointID')).toHaveLength(0);
    expect(all(child(customer, 'PartyLegalEntity'), 'CompanyID')).toHaveLength(0);
  });

  it('says where to transfer, with the invoice number as the reference', () => {
    const means = child(root, 'PaymentMeans');
    expect(text(means, 'PaymentMeansCode')).toBe('30');
    expect(text(means, 'PaymentID')).toBe('202603-00042');
    expect(text(means, 'PayeeFinancialAccount', 'ID')).toBe('1234567');
    expect(text(means, 'PayeeFinancialAccount', 'Name')).toBe('カ)ダイコウ');
    expect(text(means, 'PayeeFinancialAccount', 'FinancialInstitutionBranch', 'ID')).toBe('0999123');
  });

  it('has the tax per rate and totals without decimals', () => {
    const taxTotal = child(root, 'TaxTotal');
    expect(text(taxTotal, 'TaxAmount')).toBe('35358');
    const subtotal = child(taxTotal, 'TaxSubtotal');
    expect(text(subtotal, 'TaxableAmount')).toBe('353583');
    expect(text(subtotal, 'TaxAmount')).toBe('35358');
    expect(text(subtotal, 'TaxCategory', 'ID')).toBe('S');
    expect(text(subtotal, 'TaxCategory', 'Percent')).toBe('10');
    const totals = child(root, 'LegalMonetaryTotal');
    expect(text(totals, 'LineExtensionAmount')).toBe('353583');
    expect(text(totals, 'TaxExclusiveAmount')).toBe('353583');
    expect(text(totals, 'TaxInclusiveAmount')).toBe('388941');
    expect(text(totals, 'PayableAmount')).toBe('388941');
  });

  it('has one line per document line, summing to the subtotal', () => {
    const lines = all(root, 'InvoiceLine');
    expect(lines.map((l) => text(l, 'ID'))).toEqual(['1', '2', '3', '4', '5']);
    expect(lines.map((l) => text(l, 'LineExtensionAmount'))).toEqual(['185332', '13376', '75', '149800', '5000']);
    const first = lines[0]!;
    expect(text(first, 'InvoicedQuantity')).toBe('1');
    expect(child(first, 'InvoicedQuantity').getAttribute('unitCode')).toBe('C62');
    expect(text(first, 'Note')).toBe('USD 1234.56 × 150.12 JPY/USD (MUFG TTM 2026-03-03)');
    expect(text(first, 'Item', 'Name')).toBe('Amazon EC2');
    expect(text(first, 'Item', 'ClassifiedTaxCategory', 'Percent')).toBe('10');
    expect(text(first, 'Item', 'AdditionalItemProperty', 'Value')).toBe('210000000001 (sakura-production)');
    expect(text(first, 'Price', 'PriceAmount')).toBe('185332');
    // The custom fee in yen has no conversion note.
    expect(all(lines[4]!, 'Note')).toHaveLength(0);
  });

  it('writes a negative line as quantity −1 at a positive price, and escapes text', () => {
    const withRefund: InvoiceDocumentInput = {
      ...SAMPLE_INVOICE,
      customer: { ...SAMPLE_INVOICE.customer, name: 'R&D <Labs> 株式会社', corporateNumber: '7000012050002' },
      sections: [
        ...SAMPLE_INVOICE.sections,
        {
          kind: 'refund',
          lines: [
            {
              description: 'Refund',
              usd: '-10',
              rate: { usdJpy: '150', rateDate: '2026-03-03', source: 'MUFG TTM' },
              jpy: '-1500',
              taxRate: 10,
            },
          ],
        },
      ],
      // 353,583 − 1,500 = 352,083; tax ⌊35,208.3⌋ = 35,208; total 387,291
      taxSummary: [{ rate: 10, taxableJpy: '352083', taxJpy: '35208' }],
      subtotalJpy: '352083',
      taxJpy: '35208',
      totalJpy: '387291',
    };
    const parsed = parse(renderJpPint(withRefund));
    const refund = all(parsed, 'InvoiceLine').at(-1)!;
    expect(text(refund, 'InvoicedQuantity')).toBe('-1');
    expect(text(refund, 'LineExtensionAmount')).toBe('-1500');
    expect(text(refund, 'Price', 'PriceAmount')).toBe('1500');
    const customer = path(parsed, 'AccountingCustomerParty', 'Party');
    expect(text(customer, 'PartyLegalEntity', 'RegistrationName')).toBe('R&D <Labs> 株式会社');
    expect(text(customer, 'EndpointID')).toBe('7000012050002');
    expect(child(customer, 'EndpointID').getAttribute('schemeID')).toBe('0188');
    expect(text(customer, 'PartyLegalEntity', 'CompanyID')).toBe('7000012050002');
    expect(path(customer, 'PartyLegalEntity', 'CompanyID').getAttribute('schemeID')).toBe('0188');
    expectStructure(parsed, true);
  });

  it('refuses a document whose sums disagree', () => {
    expect(() => renderJpPint({ ...SAMPLE_INVOICE, totalJpy: '388942' })).toThrow(/totalJpy is not subtotalJpy \+ taxJpy/);
  });
});

describe('JP PINT credit note (UBL CreditNote 381)', () => {
  const root = parse(renderJpPint(SAMPLE_CREDIT_NOTE));

  it('is a UBL 2.1 CreditNote in schema order, referencing the invoice it corrects', () => {
    expect(root.localName).toBe('CreditNote');
    expectNamespacesAndAmounts(root, UBL_NAMESPACES.creditNote);
    expectStructure(root, false);
    expect(text(root, 'CustomizationID')).toBe('urn:peppol:pint:billing-1@jp-1');
    expect(text(root, 'CreditNoteTypeCode')).toBe('381');
    expect(text(root, 'BillingReference', 'InvoiceDocumentReference', 'ID')).toBe('202603-00042');
    expect(all(root, 'DueDate')).toHaveLength(0);
    expect(all(root, 'PaymentMeans')).toHaveLength(0);
  });

  it('carries the returned amounts', () => {
    const lines = all(root, 'CreditNoteLine');
    expect(lines).toHaveLength(1);
    expect(text(lines[0]!, 'CreditedQuantity')).toBe('1');
    expect(text(lines[0]!, 'LineExtensionAmount')).toBe('13376');
    expect(text(root, 'TaxTotal', 'TaxAmount')).toBe('1337');
    expect(text(root, 'LegalMonetaryTotal', 'PayableAmount')).toBe('14713');
  });

  it('puts a credit note due date in PaymentMeans, where UBL keeps it', () => {
    const parsed = parse(renderJpPint({ ...SAMPLE_CREDIT_NOTE, dueDate: '2026-04-30' }));
    expect(text(parsed, 'PaymentMeans', 'PaymentDueDate')).toBe('2026-04-30');
    expectStructure(parsed, false);
  });
});
