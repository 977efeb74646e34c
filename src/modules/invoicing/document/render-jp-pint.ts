import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { corporateNumberOf } from '../rules/registration-number.ts';
import { InvoiceDocument, type InvoiceDocumentInput, type InvoiceLine } from './invoice-document.ts';

/**
 * The invoice document as a JP PINT e-invoice: Peppol's UBL 2.1 for Japan (Peppol BIS Billing,
 * PINT Japan). An invoice is a UBL Invoice of type 380, a credit note (適格返還請求書) a UBL
 * CreditNote of type 381 that references the invoice it corrects.
 *
 * Elements appear in the order the UBL 2.1 schema's sequences require; every amount is JPY and
 * has no decimals (PINT JP: yen amounts, tax included, are whole numbers).
 */
export const JP_PINT_CUSTOMIZATION_ID = 'urn:peppol:pint:billing-1@jp-1';
export const PEPPOL_BILLING_PROFILE_ID = 'urn:peppol:bis:billing';
/** ISO 6523 scheme of Japan's 13-digit corporate number (法人番号), the Peppol JP endpoint. */
export const JP_CORPORATE_NUMBER_SCHEME = '0188';

export const UBL_NAMESPACES = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
} as const;

/** UN/ECE 4461: 30 = credit transfer (振込). */
const CREDIT_TRANSFER = '30';
/** UN/ECE rec 20: C62 = one (a unit-less quantity). */
const UNIT = 'C62';
/** UNCL 5305: S = standard rate. */
const STANDARD_RATE = 'S';

export function renderJpPint(input: InvoiceDocumentInput): string {
  const doc = InvoiceDocument.parse(input);
  const isInvoice = doc.kind === 'invoice';
  const root = create({ version: '1.0', encoding: 'UTF-8' })
    .ele(isInvoice ? UBL_NAMESPACES.invoice : UBL_NAMESPACES.creditNote, isInvoice ? 'Invoice' : 'CreditNote')
    .att('xmlns:cac', UBL_NAMESPACES.cac)
    .att('xmlns:cbc', UBL_NAMESPACES.cbc);

  cbc(root, 'CustomizationID', JP_PINT_CUSTOMIZATION_ID);
  cbc(root, 'ProfileID', PEPPOL_BILLING_PROFILE_ID);
  cbc(root, 'ID', doc.number);
  cbc(root, 'IssueDate', doc.issueDate);
  // UBL's CreditNote has no DueDate: its due date travels in PaymentMeans below.
  if (isInvoice && doc.dueDate) cbc(root, 'DueDate', doc.dueDate);
  cbc(root, isInvoice ? 'InvoiceTypeCode' : 'CreditNoteTypeCode', isInvoice ? '380' : '381');
  if (doc.notes.length) cbc(root, 'Note', doc.notes.join('\n'));
  cbc(root, 'DocumentCurrencyCode', 'JPY');
  cbc(root, 'BuyerReference', doc.customer.code);

  const period = cac(root, 'InvoicePeriod');
  cbc(period, 'StartDate', doc.transactionPeriod.from);
  cbc(period, 'EndDate', doc.transactionPeriod.to);

  if (!isInvoice && doc.originalInvoiceNumber) {
    cbc(cac(cac(root, 'BillingReference'), 'InvoiceDocumentReference'), 'ID', doc.originalInvoiceNumber);
  }

  supplierParty(cac(root, 'AccountingSupplierParty'), doc);
  customerParty(cac(root, 'AccountingCustomerParty'), doc);
  paymentMeans(root, doc);

  const taxTotal = cac(root, 'TaxTotal');
  yen(taxTotal, 'TaxAmount', doc.taxJpy);
  for (const t of doc.taxSummary) {
    const subtotal = cac(taxTotal, 'TaxSubtotal');
    yen(subtotal, 'TaxableAmount', t.taxableJpy);
    yen(subtotal, 'TaxAmount', t.taxJpy);
    taxCategory(cac(subtotal, 'TaxCategory'), t.rate);
  }

  const totals = cac(root, 'LegalMonetaryTotal');
  yen(totals, 'LineExtensionAmount', doc.subtotalJpy);
  yen(totals, 'TaxExclusiveAmount', doc.subtotalJpy);
  yen(totals, 'TaxInclusiveAmount', doc.totalJpy);
  yen(totals, 'PayableAmount', doc.totalJpy);

  doc.sections.flatMap((s) => s.lines).forEach((line, i) => documentLine(root, isInvoice, i + 1, line));

  return root.end({ prettyPrint: true });
}

function supplierParty(parent: XMLBuilder, doc: InvoiceDocument) {
  const issuer = doc.issuer;
  const party = cac(parent, 'Party');
  cbc(party, 'EndpointID', corporateNumberOf(issuer.registrationNumber), { schemeID: JP_CORPORATE_NUMBER_SCHEME });
  const address = cac(party, 'PostalAddress');
  cbc(address, 'StreetName', issuer.address);
  if (issuer.postalCode) cbc(address, 'PostalZone', issuer.postalCode);
  cbc(cac(address, 'Country'), 'IdentificationCode', 'JP');
  // The registration number (T + 13 digits) is the seller's tax identifier (ibt-031).
  const taxScheme = cac(party, 'PartyTaxScheme');
  cbc(taxScheme, 'CompanyID', issuer.registrationNumber);
  cbc(cac(taxScheme, 'TaxScheme'), 'ID', 'VAT');
  cbc(cac(party, 'PartyLegalEntity'), 'RegistrationName', issuer.legalName);
  if (issuer.phone) cbc(cac(party, 'Contact'), 'Telephone', issuer.phone);
}

/** The buyer's corporate number, when known, is both its electronic address (BT-49) and its legal registration (BT-47). */
function customerParty(parent: XMLBuilder, doc: InvoiceDocument) {
  const customer = doc.customer;
  const party = cac(parent, 'Party');
  if (customer.corporateNumber) cbc(party, 'EndpointID', customer.corporateNumber, { schemeID: JP_CORPORATE_NUMBER_SCHEME });
  cbc(cac(party, 'PartyIdentification'), 'ID', customer.code);
  const address = cac(party, 'PostalAddress');
  if (customer.postalAddress) cbc(address, 'StreetName', customer.postalAddress);
  cbc(cac(address, 'Country'), 'IdentificationCode', 'JP');
  const legal = cac(party, 'PartyLegalEntity');
  cbc(legal, 'RegistrationName', customer.name);
  if (customer.corporateNumber) cbc(legal, 'CompanyID', customer.corporateNumber, { schemeID: JP_CORPORATE_NUMBER_SCHEME });
}

/** Invoices: where to transfer, and the invoice number as the remittance reference. Credit notes: only their due date, if any. */
function paymentMeans(root: XMLBuilder, doc: InvoiceDocument) {
  if (doc.kind === 'credit-note') {
    if (!doc.dueDate) return;
    const means = cac(root, 'PaymentMeans');
    cbc(means, 'PaymentMeansCode', CREDIT_TRANSFER);
    cbc(means, 'PaymentDueDate', doc.dueDate);
    return;
  }
  const bank = doc.issuer.bank;
  const means = cac(root, 'PaymentMeans');
  cbc(means, 'PaymentMeansCode', CREDIT_TRANSFER);
  cbc(means, 'PaymentID', doc.number);
  const account = cac(means, 'PayeeFinancialAccount');
  cbc(account, 'ID', bank.accountNumber);
  cbc(account, 'Name', bank.accountHolder);
  // Zengin bank + branch code identify the branch, as a BIC would abroad.
  if (bank.bankCode && bank.branchCode) cbc(cac(account, 'FinancialInstitutionBranch'), 'ID', `${bank.bankCode}${bank.branchCode}`);
}

function documentLine(root: XMLBuilder, isInvoice: boolean, number: number, line: InvoiceLine) {
  const element = cac(root, isInvoice ? 'InvoiceLine' : 'CreditNoteLine');
  const jpy = BigInt(line.jpy);
  cbc(element, 'ID', String(number));
  if (line.usd !== null && line.rate) {
    cbc(element, 'Note', `USD ${line.usd} × ${line.rate.usdJpy} JPY/USD (${line.rate.source} ${line.rate.rateDate})`);
  }
  // A negative line (refund, adjustment) is a quantity of −1 at a positive price, as Peppol wants prices ≥ 0.
  cbc(element, isInvoice ? 'InvoicedQuantity' : 'CreditedQuantity', jpy < 0n ? '-1' : '1', { unitCode: UNIT });
  yen(element, 'LineExtensionAmount', line.jpy);
  const item = cac(element, 'Item');
  cbc(item, 'Description', line.description);
  cbc(item, 'Name', line.service ?? line.description);
  const category = cac(item, 'ClassifiedTaxCategory');
  taxCategory(category, line.taxRate);
  if (line.accountId) itemProperty(item, 'AWS account', line.accountName ? `${line.accountId} (${line.accountName})` : line.accountId);
  yen(cac(element, 'Price'), 'PriceAmount', (jpy < 0n ? -jpy : jpy).toString());
}

function taxCategory(category: XMLBuilder, rate: number) {
  cbc(category, 'ID', STANDARD_RATE);
  cbc(category, 'Percent', String(rate));
  cbc(cac(category, 'TaxScheme'), 'ID', 'VAT');
}

function itemProperty(item: XMLBuilder, name: string, value: string) {
  const property = cac(item, 'AdditionalItemProperty');
  cbc(property, 'Name', name);
  cbc(property, 'Value', value);
}

const cac = (parent: XMLBuilder, name: string) => parent.ele(UBL_NAMESPACES.cac, `cac:${name}`);

function cbc(parent: XMLBuilder, name: string, text: string, attributes: Record<string, string> = {}) {
  const element = parent.ele(UBL_NAMESPACES.cbc, `cbc:${name}`);
  for (const [key, value] of Object.entries(attributes)) element.att(key, value);
  element.txt(text);
  return element;
}

/** A JPY amount: integer yen, no decimals. */
const yen = (parent: XMLBuilder, name: string, amount: string) => cbc(parent, name, amount, { currencyID: 'JPY' });
