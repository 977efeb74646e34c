import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { AccountType, Customer, Issuer } from './document/invoice-document.ts';
import type { SequenceScope } from './rules/invoice-number.ts';

/** The one row of the reseller's issuer particulars (see migrations/0009-issuer-settings.ts). */
export interface IssuerSettingsTable {
  singleton: Generated<boolean>;
  legal_name: string;
  postal_code: string | null;
  address: string;
  phone: string | null;
  registration_number: string;
  bank_name: string;
  bank_code: string | null;
  branch_name: string;
  branch_code: string | null;
  account_type: AccountType;
  account_number: string;
  account_holder: string;
  invoice_number_format: string;
  credit_note_number_format: string;
  sequence_scope: SequenceScope;
  updated_at: Generated<Date>;
}

export type InvoiceStatus = 'draft' | 'finalized' | 'sent' | 'void';
type Yen = ColumnType<string, string | bigint, string | bigint>;

/** Invoices and credit notes (see migrations/0011-invoices.ts: immutable from finalization on). */
export interface InvoicesTable {
  id: Generated<string>;
  company_id: string;
  billing_month: string;
  kind: 'invoice' | 'credit-note';
  status: InvoiceStatus;
  number: string | null;
  sequence_key: string | null;
  sequence_number: number | null;
  credit_note_for: string | null;
  policy_id: string | null;
  subtotal_jpy: Yen;
  tax_jpy: Yen;
  total_jpy: Yen;
  tax_rounding: string;
  billed_usd: string;
  unblended_usd: string;
  /** Reconciliation buckets: USD decimal strings. */
  differences: JSONColumnType<Record<string, string>, string, string>;
  /** The cost data versions the invoice was computed from. */
  cost_versions: JSONColumnType<{ payerAccountId: string; billingPeriod: string; version: number }[], string, string>;
  warnings: JSONColumnType<string[], string | undefined, string>;
  issue_date: string | null;
  due_date: string | null;
  pdf_sha256: string | null;
  /** The buyer as issued (migrations/0028): set when the invoice is issued, null on a draft. */
  customer: JSONColumnType<Customer | null, string | undefined, string>;
  /** The issuer as issued (migrations/0028): set when the invoice is issued, null on a draft. */
  issuer: JSONColumnType<Issuer | null, string | undefined, string>;
  created_by: string;
  created_at: Generated<Date>;
  finalized_at: Date | null;
  sent_at: Date | null;
  voided_at: Date | null;
}

export interface InvoiceLinesTable {
  id: Generated<string>;
  invoice_id: string;
  position: number;
  section: string;
  account_id: string | null;
  account_name: string | null;
  service_code: string | null;
  service_name: string | null;
  description: string;
  base_usd: string | null;
  markup_percent: string | null;
  usd: string | null;
  rate_usd_jpy: string | null;
  rate_date: string | null;
  rate_requested_date: string | null;
  rate_source: string | null;
  jpy: Yen;
  tax_rate: number;
  corrects_month: string | null;
  /** The facts the line sums (LineSource), or null for custom lines. */
  source: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
}

export interface InvoicePdfsTable {
  invoice_id: string;
  pdf: Uint8Array;
  sha256: string;
  created_at: Generated<Date>;
}

export interface InvoiceNumberSequencesTable {
  sequence_key: string;
  last_number: number;
}

export interface InvoicingTables {
  issuer_settings: IssuerSettingsTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_pdfs: InvoicePdfsTable;
  invoice_number_sequences: InvoiceNumberSequencesTable;
}
