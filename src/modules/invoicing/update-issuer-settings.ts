import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import type { Tx } from '../../platform/db/database.ts';
import { forbidden } from '../../platform/errors.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { AccountType, RegistrationNumber } from './document/invoice-document.ts';
import { toIssuerSettingsView, type IssuerSettingsView } from './issuer-settings-presenter.ts';
import { formatInvoiceNumber, invoiceNumberFormatProblem, SEQUENCE_SCOPES } from './rules/invoice-number.ts';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => v || null);

const text = (max: number) => z.string().trim().min(1).max(max);

export const UpdateIssuerSettingsInput = z
  .object({
    legalName: text(200),
    postalCode: z
      .string()
      .trim()
      .nullish()
      .transform((v) => (v ? v.replace(/^(\d{3})(\d{4})$/, '$1-$2') : null))
      .refine((v) => v === null || /^\d{3}-\d{4}$/.test(v), 'a postal code 123-4567'),
    address: text(500),
    phone: optionalText(40),
    registrationNumber: z.string().trim().toUpperCase().pipe(RegistrationNumber),
    bank: z.object({
      bankName: text(100),
      bankCode: z
        .string()
        .trim()
        .regex(/^\d{4}$/, '4 digits')
        .nullish()
        .or(z.literal(''))
        .transform((v) => v || null),
      branchName: text(100),
      branchCode: z
        .string()
        .trim()
        .regex(/^\d{3}$/, '3 digits')
        .nullish()
        .or(z.literal(''))
        .transform((v) => v || null),
      accountType: AccountType,
      accountNumber: z
        .string()
        .trim()
        .regex(/^\d{1,8}$/, 'digits only, at most 8'),
      accountHolder: text(100),
    }),
    invoiceNumberFormat: z.string().trim(),
    creditNoteNumberFormat: z.string().trim(),
    sequenceScope: z.enum(SEQUENCE_SCOPES),
  })
  .superRefine((input, ctx) => {
    for (const key of ['invoiceNumberFormat', 'creditNoteNumberFormat'] as const) {
      const problem = invoiceNumberFormatProblem(input[key], input.sequenceScope);
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
    if (sameNumbersPossible(input.invoiceNumberFormat, input.creditNoteNumberFormat)) {
      ctx.addIssue({
        code: 'custom',
        path: ['creditNoteNumberFormat'],
        message: 'Credit notes count on their own sequence: their format must differ from the invoices’ (e.g. a CN prefix).',
      });
    }
  });
export type UpdateIssuerSettingsInput = z.input<typeof UpdateIssuerSettingsInput>;

// Invoices and credit notes draw from separate sequences, so the two formats must never print
// the same number; checked on sample values, which catches equal and equivalent formats.
function sameNumbersPossible(invoiceFormat: string, creditNoteFormat: string) {
  if (invoiceNumberFormatProblem(invoiceFormat, 'continuous') || invoiceNumberFormatProblem(creditNoteFormat, 'continuous')) return false;
  const samples = [
    { issueDate: '2026-03-04', billingMonth: '2026-02', sequence: 1 },
    { issueDate: '2031-12-28', billingMonth: '2031-11', sequence: 12345 },
  ];
  return samples.some((s) => formatInvoiceNumber(invoiceFormat, s) === formatInvoiceNumber(creditNoteFormat, s));
}

const mayConfigure = (actor: Actor) => actor.kind === 'system' || (actor.kind === 'staff' && actor.role === 'admin');

/** Saves the issuer particulars as a whole (the first save creates them). Admins only, audited. */
export const updateIssuerSettings = defineAction({
  name: 'issuer-settings.update',
  input: UpdateIssuerSettingsInput,
  authorize: (_tx, { actor }) => {
    if (!mayConfigure(actor)) throw forbidden();
  },
  run: async (tx, _caller, input, ctx) => {
    const before = await tx.selectFrom('issuer_settings').selectAll().forUpdate().executeTakeFirst();
    const beforeView = before ? toIssuerSettingsView(before) : null;
    if (beforeView && JSON.stringify(auditable(beforeView)) === JSON.stringify(settingsOf(input))) return { result: beforeView, audit: [] };
    const after = toIssuerSettingsView(await writeIssuerSettings(tx, input, ctx.now()));
    return {
      result: after,
      audit: [
        {
          action: 'issuer-settings.update',
          entityType: 'issuer_settings',
          entityId: 'issuer',
          before: beforeView && auditable(beforeView),
          after: auditable(after),
        },
      ],
    };
  },
});

/** Upserts the single row; also used by the demo seed. */
export async function writeIssuerSettings(tx: Tx, input: z.output<typeof UpdateIssuerSettingsInput>, now: Date) {
  const values = {
    legal_name: input.legalName,
    postal_code: input.postalCode,
    address: input.address,
    phone: input.phone,
    registration_number: input.registrationNumber,
    bank_name: input.bank.bankName,
    bank_code: input.bank.bankCode,
    branch_name: input.bank.branchName,
    branch_code: input.bank.branchCode,
    account_type: input.bank.accountType,
    account_number: input.bank.accountNumber,
    account_holder: input.bank.accountHolder,
    invoice_number_format: input.invoiceNumberFormat,
    credit_note_number_format: input.creditNoteNumberFormat,
    sequence_scope: input.sequenceScope,
    updated_at: now,
  };
  return tx
    .insertInto('issuer_settings')
    .values({ singleton: true, ...values })
    .onConflict((oc) => oc.column('singleton').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}

const auditable = ({ updatedAt: _, ...rest }: IssuerSettingsView): Omit<IssuerSettingsView, 'updatedAt'> => rest;

// In the view's key order, so that an unchanged save compares equal and writes nothing.
const settingsOf = (input: z.output<typeof UpdateIssuerSettingsInput>): Omit<IssuerSettingsView, 'updatedAt'> => ({
  legalName: input.legalName,
  postalCode: input.postalCode,
  address: input.address,
  phone: input.phone,
  registrationNumber: input.registrationNumber,
  bank: {
    bankName: input.bank.bankName,
    bankCode: input.bank.bankCode,
    branchName: input.bank.branchName,
    branchCode: input.bank.branchCode,
    accountType: input.bank.accountType,
    accountNumber: input.bank.accountNumber,
    accountHolder: input.bank.accountHolder,
  },
  invoiceNumberFormat: input.invoiceNumberFormat,
  creditNoteNumberFormat: input.creditNoteNumberFormat,
  sequenceScope: input.sequenceScope,
});
