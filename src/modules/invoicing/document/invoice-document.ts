import { z } from 'zod';
import { isValidCorporateNumber, isValidRegistrationNumber } from '../rules/registration-number.ts';

/**
 * The invoice document: everything a qualified invoice (適格請求書) or a return invoice
 * (適格返還請求書) shows, already computed. The invoice run builds it; the PDF and the JP PINT
 * renderers only lay it out, so both always say the same thing.
 *
 * Money: yen are integer strings ('12345', '-500'), USD decimal strings exactly as converted
 * ('1234.5678901234'); never a JS number. Dates are calendar dates 'YYYY-MM-DD'.
 * The transaction period is inclusive on both ends (as printed and as UBL's EndDate), unlike the
 * [from, to) windows elsewhere in Daiko.
 */

const CalendarDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date YYYY-MM-DD');
/** Integer yen, possibly negative (refunds, adjustments). */
export const Yen = z.string().regex(/^-?(0|[1-9]\d*)$/, 'integer yen as a string');
const UsdAmount = z.string().regex(/^-?(0|[1-9]\d*)(\.\d{1,10})?$/, 'a USD decimal string');
const PositiveDecimal = z.string().regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'a decimal string');

/** Japan's consumption tax rates; AWS services are all at the standard rate. */
export const TaxRate = z.literal(10);
export type TaxRate = z.infer<typeof TaxRate>;

export const RegistrationNumber = z
  .string()
  .regex(/^T\d{13}$/, 'T followed by 13 digits')
  .refine(isValidRegistrationNumber, 'check digit does not match (registration number = T + corporate number)');

export const AccountType = z.enum(['普通', '当座']);
export type AccountType = z.infer<typeof AccountType>;

export const BankAccount = z.object({
  bankName: z.string().min(1),
  /** Zengin bank code (4 digits), when known: carried into the e-invoice. */
  bankCode: z
    .string()
    .regex(/^\d{4}$/)
    .nullish(),
  branchName: z.string().min(1),
  /** Zengin branch code (3 digits), when known. */
  branchCode: z
    .string()
    .regex(/^\d{3}$/)
    .nullish(),
  accountType: AccountType,
  accountNumber: z.string().regex(/^\d{1,8}$/, 'digits only'),
  /** As the bank spells it, usually kana: what the customer types into the transfer. */
  accountHolder: z.string().min(1),
});
export type BankAccount = z.infer<typeof BankAccount>;

export const Issuer = z.object({
  legalName: z.string().min(1),
  postalCode: z.string().nullish(),
  address: z.string().min(1),
  phone: z.string().nullish(),
  registrationNumber: RegistrationNumber,
  bank: BankAccount,
});
export type Issuer = z.infer<typeof Issuer>;

export const Customer = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  /** The company's own addressee line (e.g. 経理部 御中), printed as given; without it, 御中 follows the name. */
  addressee: z.string().nullish(),
  postalAddress: z.string().nullish(),
  /** The customer's corporate number (法人番号), its Peppol JP address; without it the e-invoice has no buyer endpoint. */
  corporateNumber: z.string().refine(isValidCorporateNumber, '13 digits with a valid check digit').nullish(),
});
export type Customer = z.infer<typeof Customer>;

export const ConversionRate = z.object({
  /** JPY per USD, e.g. '150.12'. */
  usdJpy: PositiveDecimal,
  rateDate: CalendarDate,
  /** Where the rate came from, e.g. 'MUFG TTM'. */
  source: z.string().min(1),
});
export type ConversionRate = z.infer<typeof ConversionRate>;

export const InvoiceLine = z
  .object({
    /** The AWS account the amount belongs to (12 digits), when it belongs to one. */
    accountId: z
      .string()
      .regex(/^\d{12}$/)
      .nullish(),
    accountName: z.string().nullish(),
    service: z.string().nullish(),
    description: z.string().min(1),
    /** The USD amount that was converted; null for lines priced in yen (custom fees). */
    usd: UsdAmount.nullable(),
    rate: ConversionRate.nullable(),
    jpy: Yen,
    taxRate: TaxRate,
  })
  .refine((line) => (line.usd === null) === (line.rate === null), 'a converted line has both usd and rate; a yen line neither');
export type InvoiceLine = z.infer<typeof InvoiceLine>;

export const SECTION_KINDS = ['usage', 'commitment', 'purchase', 'marketplace', 'refund', 'adjustment', 'custom'] as const;
export const SectionKind = z.enum(SECTION_KINDS);
export type SectionKind = z.infer<typeof SectionKind>;

export const InvoiceSection = z.object({
  kind: SectionKind,
  /** Printed heading; without it the kind's standard heading is used. */
  title: z.string().nullish(),
  lines: z.array(InvoiceLine).min(1),
});
export type InvoiceSection = z.infer<typeof InvoiceSection>;

export const TaxSummary = z.object({ rate: TaxRate, taxableJpy: Yen, taxJpy: Yen });
export type TaxSummary = z.infer<typeof TaxSummary>;

const InvoiceDocumentFields = z.object({
  kind: z.enum(['invoice', 'credit-note']),
  number: z.string().min(1).max(64),
  /** Credit notes only: the finalized invoice they correct. */
  originalInvoiceNumber: z.string().min(1).max(64).nullish(),
  issueDate: CalendarDate,
  /** Invoices: the payment due date. Credit notes may have none. */
  dueDate: CalendarDate.nullable(),
  transactionPeriod: z.object({ from: CalendarDate, to: CalendarDate }),
  issuer: Issuer,
  customer: Customer,
  sections: z.array(InvoiceSection).min(1),
  /** One entry per tax rate present in the lines. */
  taxSummary: z.array(TaxSummary).min(1),
  subtotalJpy: Yen,
  taxJpy: Yen,
  totalJpy: Yen,
  notes: z.array(z.string().min(1)).default([]),
});

/**
 * A credit note carries positive amounts: what is returned to the customer (UBL's convention too).
 * Lines of an invoice may be negative (refunds, adjustments) as long as the sums agree.
 */
export const InvoiceDocument = InvoiceDocumentFields.superRefine((doc, ctx) => {
  for (const problem of inconsistenciesOf(doc)) ctx.addIssue({ code: 'custom', message: problem });
});
export type InvoiceDocument = z.output<typeof InvoiceDocument>;
export type InvoiceDocumentInput = z.input<typeof InvoiceDocument>;

export const allLines = (doc: Pick<InvoiceDocument, 'sections'>) => doc.sections.flatMap((s) => s.lines);

export const sumYen = (amounts: readonly string[]) => amounts.reduce((sum, a) => sum + BigInt(a), 0n);

/**
 * What makes a document self-contradictory: the renderers print what they are given, so the
 * sums must already agree. Tax itself is the invoice run's rule (rounding is a setting), so only
 * its totals are checked here.
 */
function inconsistenciesOf(doc: z.output<typeof InvoiceDocumentFields>): string[] {
  const problems: string[] = [];
  if (doc.kind === 'credit-note' && !doc.originalInvoiceNumber)
    problems.push('a credit note names the invoice it corrects (originalInvoiceNumber)');
  if (doc.kind === 'invoice' && doc.originalInvoiceNumber) problems.push('only a credit note has an originalInvoiceNumber');
  if (doc.kind === 'invoice' && !doc.dueDate) problems.push('an invoice has a due date');
  if (doc.transactionPeriod.from > doc.transactionPeriod.to) problems.push('the transaction period ends before it starts');
  const lines = allLines(doc);
  if (sumYen(lines.map((l) => l.jpy)) !== BigInt(doc.subtotalJpy)) problems.push('subtotalJpy is not the sum of the lines');
  const rates = [...new Set(lines.map((l) => l.taxRate))];
  const summarized = doc.taxSummary.map((t) => t.rate);
  if (
    new Set(summarized).size !== summarized.length ||
    rates.some((r) => !summarized.includes(r)) ||
    summarized.some((r) => !rates.includes(r))
  ) {
    problems.push('taxSummary has exactly one entry per tax rate of the lines');
  }
  for (const t of doc.taxSummary) {
    const taxable = sumYen(lines.filter((l) => l.taxRate === t.rate).map((l) => l.jpy));
    if (taxable !== BigInt(t.taxableJpy)) problems.push(`taxableJpy at ${t.rate}% is not the sum of its lines`);
  }
  if (sumYen(doc.taxSummary.map((t) => t.taxJpy)) !== BigInt(doc.taxJpy)) problems.push('taxJpy is not the sum of the tax per rate');
  if (BigInt(doc.subtotalJpy) + BigInt(doc.taxJpy) !== BigInt(doc.totalJpy)) problems.push('totalJpy is not subtotalJpy + taxJpy');
  return problems;
}
