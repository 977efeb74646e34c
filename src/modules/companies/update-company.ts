import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { can } from '../identity/rules/roles.ts';
import { assertCodeFree, rewriteCompany } from './company-store.ts';
import { fieldsOf, toCompanyView } from './company-view.ts';
import { CompanyFieldsInput, CorporateNumberInput } from './create-company.ts';
import { applyCompanyChanges, sameCompanyFields } from './rules/company-fields.ts';

export const UpdateCompanyInput = z.object({
  companyId: z.string().uuid(),
  code: CompanyFieldsInput.code.optional(),
  name: CompanyFieldsInput.name.optional(),
  nameKana: CompanyFieldsInput.nameKana.optional(),
  billingAgency: CompanyFieldsInput.billingAgency.optional(),
  // null clears; absent keeps (the create transforms turn absent into null, so not reused here).
  billingEmail: z.string().trim().toLowerCase().email().max(254).nullable().optional(),
  invoiceAddressee: z.string().trim().max(200).nullable().optional(),
  postalAddress: z.string().trim().max(500).nullable().optional(),
  corporateNumber: CorporateNumberInput.nullable().optional(),
  payerKanaNames: CompanyFieldsInput.payerKanaNames.optional(),
  exclusions: z
    .object({
      dedicatedConnectionOnly: z.boolean(),
      cdnOnly: z.boolean(),
      publicSector: z.boolean(),
      partner: z.boolean(),
      indirectContract: z.boolean(),
    })
    .partial()
    .optional(),
});

/** Edits a company; only the fields given change. Admins only. */
export const updateCompany = defineAction({
  name: 'company.update',
  input: UpdateCompanyInput,
  authorize: (_tx, { actor }) => {
    if (!can(actor, 'companies.manage')) throw forbidden();
  },
  run: async (tx, _caller, { companyId, ...changes }, ctx) => {
    const before = await tx.selectFrom('companies').selectAll().where('id', '=', companyId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('Company');
    const current = fieldsOf(before);
    // An emptied optional text is stored as null, as on create.
    const fields = applyCompanyChanges(current, {
      ...changes,
      ...(changes.invoiceAddressee !== undefined ? { invoiceAddressee: changes.invoiceAddressee || null } : {}),
      ...(changes.postalAddress !== undefined ? { postalAddress: changes.postalAddress || null } : {}),
      ...(changes.corporateNumber !== undefined ? { corporateNumber: changes.corporateNumber || null } : {}),
    });
    if (sameCompanyFields(current, fields)) return { result: toCompanyView(before), audit: [] };
    if (fields.code !== current.code) await assertCodeFree(tx, fields.code, companyId);
    const { row, audit } = await rewriteCompany(tx, before, fields, ctx.now());
    return { result: toCompanyView(row), audit: [audit] };
  },
});
