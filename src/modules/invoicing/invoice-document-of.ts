import type { Selectable } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import { addDays, nextMonth } from '../calendar/rules/calendar-date.ts';
import type { Customer, InvoiceDocumentInput, InvoiceSection, Issuer, SectionKind } from './document/invoice-document.ts';
import type { InvoiceLinesTable, InvoicesTable } from './tables.ts';

type InvoiceRow = Selectable<InvoicesTable>;
type LineRow = Selectable<InvoiceLinesTable>;

/** An invoice as its document: what the PDF and the e-invoice show, from the stored rows only. */
export function invoiceDocumentOf(
  invoice: Pick<InvoiceRow, 'kind' | 'billing_month' | 'subtotal_jpy' | 'tax_jpy' | 'total_jpy'> & {
    number: string;
    issueDate: string;
    dueDate: string | null;
  },
  lines: LineRow[],
  customer: Customer,
  issuer: Issuer,
): InvoiceDocumentInput {
  const sections: InvoiceSection[] = [];
  for (const line of lines) {
    let section = sections.at(-1);
    if (!section || section.kind !== line.section) {
      section = { kind: line.section as SectionKind, lines: [] };
      sections.push(section);
    }
    section.lines.push({
      accountId: line.account_id,
      accountName: line.account_name,
      service: line.service_name,
      description: line.corrects_month ? `${line.description}（${line.corrects_month} 分の訂正）` : line.description,
      usd: line.usd === null ? null : trimDecimal(line.usd),
      rate:
        line.rate_usd_jpy === null
          ? null
          : { usdJpy: trimDecimal(line.rate_usd_jpy), rateDate: line.rate_date as string, source: line.rate_source as string },
      jpy: String(line.jpy),
      taxRate: 10,
    });
  }
  return {
    kind: invoice.kind,
    number: invoice.number,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    transactionPeriod: { from: `${invoice.billing_month}-01`, to: addDays(`${nextMonth(invoice.billing_month)}-01`, -1) },
    issuer,
    customer,
    sections,
    taxSummary: [{ rate: 10, taxableJpy: String(invoice.subtotal_jpy), taxJpy: String(invoice.tax_jpy) }],
    subtotalJpy: String(invoice.subtotal_jpy),
    taxJpy: String(invoice.tax_jpy),
    totalJpy: String(invoice.total_jpy),
  };
}

/** The company columns an issued document names its buyer by. */
export const CUSTOMER_COLUMNS = ['code', 'name', 'invoice_addressee', 'postal_address', 'corporate_number'] as const;

/**
 * The buyer as a document is issued to it: stored on the invoice (`invoices.customer`) when it is
 * issued and read from there ever after, so a later edit of the company never changes an issued
 * document.
 */
export function customerOf(company: {
  code: string;
  name: string;
  invoice_addressee: string | null;
  postal_address: string | null;
  corporate_number: string | null;
}): Customer {
  return {
    code: company.code,
    name: company.name,
    addressee: company.invoice_addressee,
    postalAddress: company.postal_address,
    corporateNumber: company.corporate_number,
  };
}

/** NUMERIC columns come back padded to their scale ('152.1000'): print what was meant. */
function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}

const linesQuery = (db: Queryable) =>
  db
    .selectFrom('invoice_lines')
    .selectAll()
    .select((eb) => [
      eb.cast<string | null>('rate_date', 'text').as('rate_date'),
      eb.cast<string | null>('rate_requested_date', 'text').as('rate_requested_date'),
    ]);

export async function loadInvoiceLines(db: Queryable, invoiceId: string) {
  return linesQuery(db).where('invoice_id', '=', invoiceId).orderBy('position').execute();
}

/** The lines of several invoices in one query, per invoice in their order. */
export async function loadLinesOfInvoices(db: Queryable, invoiceIds: string[]) {
  const byInvoice = new Map<string, Awaited<ReturnType<typeof loadInvoiceLines>>>(invoiceIds.map((id) => [id, []]));
  if (invoiceIds.length === 0) return byInvoice;
  const rows = await linesQuery(db).where('invoice_id', 'in', invoiceIds).orderBy('invoice_id').orderBy('position').execute();
  for (const row of rows) byInvoice.get(row.invoice_id)!.push(row);
  return byInvoice;
}

/** The document of an issued invoice, by its number (what `invoice export` writes). */
export async function invoiceDocumentByNumber(db: Queryable, number: string): Promise<InvoiceDocumentInput> {
  const invoice = await db
    .selectFrom('invoices')
    .selectAll()
    .select((eb) => [
      eb.cast<string | null>('issue_date', 'text').as('issue_date'),
      eb.cast<string | null>('due_date', 'text').as('due_date'),
    ])
    .where('number', '=', number)
    .executeTakeFirst();
  if (!invoice || invoice.number === null || invoice.issue_date === null) throw notFound(`Invoice ${number}`);
  // The parties as the document was issued to and by them (migrations/0028), never as they stand now.
  if (!invoice.customer || !invoice.issuer) throw new Error(`Invoice ${number} was issued without its parties`);
  const document = invoiceDocumentOf(
    { ...invoice, number: invoice.number, issueDate: invoice.issue_date, dueDate: invoice.due_date },
    await loadInvoiceLines(db, invoice.id),
    invoice.customer,
    invoice.issuer,
  );
  if (invoice.credit_note_for === null) return document;
  // A credit note names the invoice it corrects.
  const original = await db.selectFrom('invoices').select('number').where('id', '=', invoice.credit_note_for).executeTakeFirstOrThrow();
  return { ...document, originalInvoiceNumber: original.number };
}
