import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { CompanyFields } from './rules/company-fields.ts';
import { isMembershipEligible } from './rules/membership-eligibility.ts';
import type { CompaniesTable } from './tables.ts';

export const ExclusionsView = z.object({
  dedicatedConnectionOnly: z.boolean(),
  cdnOnly: z.boolean(),
  publicSector: z.boolean(),
  partner: z.boolean(),
  indirectContract: z.boolean(),
});

/** A company as the API shows it. */
export const CompanyView = z.object({
  id: z.string().uuid(),
  code: z.string(),
  name: z.string(),
  nameKana: z.string(),
  billingAgency: z.boolean(),
  billingEmail: z.string().nullable(),
  invoiceAddressee: z.string().nullable(),
  postalAddress: z.string().nullable(),
  corporateNumber: z.string().nullable(),
  payerKanaNames: z.array(z.string()),
  exclusions: ExclusionsView,
  membershipEligible: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type CompanyView = z.infer<typeof CompanyView>;

export type CompanyRecord = Selectable<CompaniesTable>;

export function fieldsOf(row: CompanyRecord): CompanyFields {
  return {
    code: row.code,
    name: row.name,
    nameKana: row.name_kana,
    billingAgency: row.billing_agency,
    billingEmail: row.billing_email,
    invoiceAddressee: row.invoice_addressee,
    postalAddress: row.postal_address,
    corporateNumber: row.corporate_number,
    payerKanaNames: row.payer_kana_names,
    exclusions: {
      dedicatedConnectionOnly: row.excl_dedicated_connection_only,
      cdnOnly: row.excl_cdn_only,
      publicSector: row.excl_public_sector,
      partner: row.excl_partner,
      indirectContract: row.excl_indirect_contract,
    },
  };
}

/** The row values for a whole set of fields (insert, or update of everything). */
export function columnsOf(fields: CompanyFields) {
  return {
    code: fields.code,
    name: fields.name,
    name_kana: fields.nameKana,
    billing_agency: fields.billingAgency,
    billing_email: fields.billingEmail,
    invoice_addressee: fields.invoiceAddressee,
    postal_address: fields.postalAddress,
    corporate_number: fields.corporateNumber,
    payer_kana_names: fields.payerKanaNames,
    excl_dedicated_connection_only: fields.exclusions.dedicatedConnectionOnly,
    excl_cdn_only: fields.exclusions.cdnOnly,
    excl_public_sector: fields.exclusions.publicSector,
    excl_partner: fields.exclusions.partner,
    excl_indirect_contract: fields.exclusions.indirectContract,
  };
}

export function toCompanyView(row: CompanyRecord): CompanyView {
  const fields = fieldsOf(row);
  return { id: row.id, ...fields, membershipEligible: isMembershipEligible(fields), createdAt: row.created_at, updatedAt: row.updated_at };
}
