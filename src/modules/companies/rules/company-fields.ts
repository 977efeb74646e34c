import { EXCLUSION_KEYS, type ExclusionKey, type Exclusions } from './membership-eligibility.ts';

/** Same rule as the CHECK on companies.code: short, ASCII, usable in file names and URLs. */
export const COMPANY_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** The column of each exclusion flag, in the table and in import files alike. */
export const EXCLUSION_COLUMNS = {
  dedicatedConnectionOnly: 'excl_dedicated_connection_only',
  cdnOnly: 'excl_cdn_only',
  publicSector: 'excl_public_sector',
  partner: 'excl_partner',
  indirectContract: 'excl_indirect_contract',
} as const satisfies Record<ExclusionKey, string>;

/** What describes a company, whichever way it is entered (API, CSV import). */
export type CompanyFields = {
  code: string;
  name: string;
  nameKana: string;
  billingAgency: boolean;
  billingEmail: string | null;
  invoiceAddressee: string | null;
  postalAddress: string | null;
  /** 法人番号 (13 digits), the buyer's identifier on its JP PINT e-invoices. */
  corporateNumber: string | null;
  payerKanaNames: string[];
  exclusions: Exclusions;
};

/** A partial change: top-level fields, and the exclusion flags one by one. */
export type CompanyChanges = Partial<Omit<CompanyFields, 'exclusions'>> & { exclusions?: Partial<Exclusions> };

export function applyCompanyChanges(current: CompanyFields, changes: CompanyChanges): CompanyFields {
  const defined = Object.fromEntries(Object.entries(changes).filter(([key, value]) => value !== undefined && key !== 'exclusions'));
  const exclusions = { ...current.exclusions };
  for (const key of EXCLUSION_KEYS) {
    const flag = changes.exclusions?.[key];
    if (flag !== undefined) exclusions[key] = flag;
  }
  return { ...current, ...defined, exclusions };
}

export function sameCompanyFields(a: CompanyFields, b: CompanyFields): boolean {
  return (
    a.code === b.code &&
    a.name === b.name &&
    a.nameKana === b.nameKana &&
    a.billingAgency === b.billingAgency &&
    a.billingEmail === b.billingEmail &&
    a.invoiceAddressee === b.invoiceAddressee &&
    a.postalAddress === b.postalAddress &&
    a.corporateNumber === b.corporateNumber &&
    a.payerKanaNames.length === b.payerKanaNames.length &&
    a.payerKanaNames.every((name, i) => name === b.payerKanaNames[i]) &&
    EXCLUSION_KEYS.every((key) => a.exclusions[key] === b.exclusions[key])
  );
}
