import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { can } from '../identity/rules/roles.ts';

export const CustomerViewSession = z.object({
  companyId: z.string(),
  code: z.string(),
  name: z.string(),
  openedAt: z.date(),
});

/**
 * A staff member opens a customer's portal read-only ("view as customer", docs/portal.md). Nothing
 * of the customer changes: the point is the audit row, written once per opening, so the customer's
 * data seen by staff is on record. Only staff who may read any company's portal may open it.
 */
export const recordCustomerView = defineAction({
  name: 'portal.viewed_as_customer',
  input: z.object({ companyId: z.string().uuid() }),
  authorize: (_tx, { actor }, input) => {
    // Customers have their own portal; the view is for staff who may read any company's portal.
    if (actor.kind !== 'staff') throw forbidden('Only staff view a customer’s portal.');
    if (!can(actor, 'companies.read', input.companyId) || !can(actor, 'invoices.read', input.companyId)) throw forbidden();
  },
  run: async (tx, _caller, input, ctx) => {
    const company = await tx.selectFrom('companies').select(['id', 'code', 'name']).where('id', '=', input.companyId).executeTakeFirst();
    if (!company) throw notFound('Company');
    return {
      result: { companyId: company.id, code: company.code, name: company.name, openedAt: ctx.now() },
      audit: [
        {
          action: 'portal.viewed_as_customer',
          entityType: 'company',
          entityId: company.id,
          companyId: company.id,
          after: { code: company.code, name: company.name },
        },
      ],
    };
  },
});
