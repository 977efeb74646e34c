import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { forbidden } from '../../platform/errors.ts';
import { can } from '../identity/rules/roles.ts';
import { assertCodeFree, insertCompany } from './company-store.ts';
import { toCompanyView } from './company-view.ts';
import { COMPANY_CODE_PATTERN } from './rules/company-fields.ts';
import { CORPORATE_NUMBER_RULE, corporateNumberProblem } from './rules/corporate-number.ts';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => v || null);

/** A corporate number (法人番号), or '' for none. */
export const CorporateNumberInput = z
  .string()
  .trim()
  .refine((v) => v === '' || corporateNumberProblem(v) === null, `not a corporate number: ${CORPORATE_NUMBER_RULE}`);

export const CompanyFieldsInput = {
  code: z.string().trim().regex(COMPANY_CODE_PATTERN, 'letters, digits, - and _, at most 32, starting with a letter or digit'),
  name: z.string().trim().min(1).max(200),
  nameKana: z.string().trim().max(200),
  billingAgency: z.boolean(),
  billingEmail: z
    .string()
    .trim()
    .toLowerCase()
    .email()
    .max(254)
    .nullish()
    .transform((v) => v ?? null),
  invoiceAddressee: optionalText(200),
  postalAddress: optionalText(500),
  corporateNumber: CorporateNumberInput.nullish().transform((v) => v || null),
  payerKanaNames: z.array(z.string().trim().min(1).max(100)).max(50),
};

const flag = z.boolean().default(false);

export const CreateCompanyInput = z.object({
  ...CompanyFieldsInput,
  nameKana: CompanyFieldsInput.nameKana.default(''),
  payerKanaNames: CompanyFieldsInput.payerKanaNames.default([]),
  exclusions: z
    .object({ dedicatedConnectionOnly: flag, cdnOnly: flag, publicSector: flag, partner: flag, indirectContract: flag })
    .default({ dedicatedConnectionOnly: false, cdnOnly: false, publicSector: false, partner: false, indirectContract: false }),
});

/** Registers a customer company (a tenant). Admins only; the code is the company's unique handle. */
export const createCompany = defineAction({
  name: 'company.create',
  input: CreateCompanyInput,
  authorize: (_tx, { actor }) => {
    if (!can(actor, 'companies.manage')) throw forbidden();
  },
  run: async (tx, _caller, input) => {
    await assertCodeFree(tx, input.code);
    const { row, audit } = await insertCompany(tx, input);
    return { result: toCompanyView(row), audit: [audit] };
  },
});
