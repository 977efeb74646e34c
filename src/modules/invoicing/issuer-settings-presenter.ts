import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { conflict, forbidden } from '../../platform/errors.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { AccountType, type Issuer } from './document/invoice-document.ts';
import { SEQUENCE_SCOPES, type SequenceScope } from './rules/invoice-number.ts';
import type { IssuerSettingsTable } from './tables.ts';

export const IssuerSettingsView = z.object({
  legalName: z.string(),
  postalCode: z.string().nullable(),
  address: z.string(),
  phone: z.string().nullable(),
  registrationNumber: z.string(),
  bank: z.object({
    bankName: z.string(),
    bankCode: z.string().nullable(),
    branchName: z.string(),
    branchCode: z.string().nullable(),
    accountType: AccountType,
    accountNumber: z.string(),
    accountHolder: z.string(),
  }),
  invoiceNumberFormat: z.string(),
  creditNoteNumberFormat: z.string(),
  sequenceScope: z.enum(SEQUENCE_SCOPES),
  updatedAt: z.date(),
});
export type IssuerSettingsView = z.infer<typeof IssuerSettingsView>;

/** What GET /api/issuer-settings answers: null until an admin has saved them once. */
export const IssuerSettingsResponse = z.object({ settings: IssuerSettingsView.nullable() });

export type IssuerSettingsRecord = Selectable<IssuerSettingsTable>;

export function toIssuerSettingsView(row: IssuerSettingsRecord): IssuerSettingsView {
  return {
    legalName: row.legal_name,
    postalCode: row.postal_code,
    address: row.address,
    phone: row.phone,
    registrationNumber: row.registration_number,
    bank: {
      bankName: row.bank_name,
      bankCode: row.bank_code,
      branchName: row.branch_name,
      branchCode: row.branch_code,
      accountType: row.account_type,
      accountNumber: row.account_number,
      accountHolder: row.account_holder,
    },
    invoiceNumberFormat: row.invoice_number_format,
    creditNoteNumberFormat: row.credit_note_number_format,
    sequenceScope: row.sequence_scope,
    updatedAt: row.updated_at,
  };
}

/** The issuer settings for the staff console: every staff role reads them, customers never. */
export async function getIssuerSettings(ctx: AppContext, actor: Actor) {
  if (actor.kind === 'customer') throw forbidden();
  const row = await ctx.db.selectFrom('issuer_settings').selectAll().executeTakeFirst();
  return { settings: row ? toIssuerSettingsView(row) : null };
}

export type InvoiceNumbering = { invoiceNumberFormat: string; creditNoteNumberFormat: string; sequenceScope: SequenceScope };

/**
 * The issuer block of an invoice document and the numbering rules, for the invoice run (inside
 * its transaction). Without settings there is no lawful qualified invoice: the run stops here.
 */
export async function loadIssuer(db: Queryable): Promise<{ issuer: Issuer; numbering: InvoiceNumbering }> {
  const row = await db.selectFrom('issuer_settings').selectAll().executeTakeFirst();
  if (!row)
    throw conflict(
      'issuer_not_configured',
      'The issuer settings (発行者設定) are not filled in yet: an admin must save them before invoices are issued.',
    );
  const view = toIssuerSettingsView(row);
  return {
    issuer: {
      legalName: view.legalName,
      postalCode: view.postalCode,
      address: view.address,
      phone: view.phone,
      registrationNumber: view.registrationNumber,
      bank: view.bank,
    },
    numbering: {
      invoiceNumberFormat: view.invoiceNumberFormat,
      creditNoteNumberFormat: view.creditNoteNumberFormat,
      sequenceScope: view.sequenceScope,
    },
  };
}
