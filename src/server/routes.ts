import { z } from 'zod';
import type { AppContext } from '../platform/context.ts';
import { accountRoutes } from '../modules/accounts/routes.ts';
import { auditRoutes } from '../modules/audit/routes.ts';
import { billingRoutes } from '../modules/billing/routes.ts';
import { companyRoutes } from '../modules/companies/routes.ts';
import { costRoutes } from '../modules/costs/routes.ts';
import { fxRoutes } from '../modules/fx/routes.ts';
import { identityRoutes } from '../modules/identity/routes.ts';
import { issuerSettingsRoutes } from '../modules/invoicing/issuer-settings-routes.ts';
import { invoiceRoutes } from '../modules/invoicing/routes.ts';
import { invoiceSendRoutes } from '../modules/invoicing/send-routes.ts';
import { mailRoutes } from '../modules/mail/routes.ts';
import { receivablesRoutes } from '../modules/receivables/routes.ts';
import { prepaidRoutes } from '../modules/prepaid/routes.ts';
import { budgetsRoutes } from '../modules/budgets/routes.ts';
import { monthCloseRoutes } from '../modules/month-close/routes.ts';
import { inquiryRoutes } from '../modules/inquiries/routes.ts';
import { advisorRoutes } from '../modules/advisor/routes.ts';
import { optimizationRoutes } from '../modules/optimization/routes.ts';
import { portalRoutes } from '../modules/portal/routes.ts';
import { membershipRoutes } from '../modules/membership/routes.ts';
import type { Api } from './http.ts';

/** Every module's routes, under /api. A module adds its `xxxRoutes` here. */
export function registerApiRoutes(api: Api, ctx: AppContext) {
  api.get('/health', {
    config: { access: 'public' },
    schema: { tags: ['platform'], response: { 200: z.object({ status: z.literal('ok') }) } },
    handler: async () => {
      await ctx.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
      return { status: 'ok' as const };
    },
  });
  identityRoutes(api, ctx);
  companyRoutes(api, ctx);
  accountRoutes(api, ctx);
  auditRoutes(api, ctx);
  mailRoutes(api, ctx);
  costRoutes(api, ctx);
  fxRoutes(api, ctx);
  issuerSettingsRoutes(api, ctx);
  invoiceRoutes(api, ctx);
  invoiceSendRoutes(api, ctx);
  receivablesRoutes(api, ctx);
  prepaidRoutes(api, ctx);
  budgetsRoutes(api, ctx);
  monthCloseRoutes(api, ctx);
  billingRoutes(api, ctx);
  inquiryRoutes(api, ctx);
  advisorRoutes(api, ctx);
  optimizationRoutes(api, ctx);
  portalRoutes(api, ctx);
  membershipRoutes(api, ctx);
}
