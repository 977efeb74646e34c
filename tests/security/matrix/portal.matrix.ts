import { costFact, storeCostFacts } from '../../support/cost-facts.ts';
import type { MatrixFragment } from './fragment.ts';

/**
 * The cost portal's routes (src/modules/portal/routes.ts). They take `:companyId` (B's company) and
 * `:invoiceId` (B's invoice), which the core matrix fills. B's costs carry a service name that must
 * never reach A.
 */
export const fragment: MatrixFragment = {
  routes: {
    'GET /api/companies/:companyId/portal/overview': {},
    'GET /api/companies/:companyId/portal/costs': { query: 'from=2026-10-01&to=2026-10-31&groupBy=service&currency=USD' },
    'GET /api/companies/:companyId/portal/cost-tags': { query: 'from=2026-10-01&to=2026-10-31' },
    'GET /api/companies/:companyId/portal/commitments': { query: 'from=2026-10&to=2026-10' },
    'GET /api/companies/:companyId/portal/invoices': {},
    'GET /api/invoices/:invoiceId/jp-pint': {},
  },
  seed: async (ctx, { bAccountId }) => {
    await storeCostFacts(
      ctx,
      [costFact('000888888888', bAccountId, '2026-10-07', '1234.5', { serviceName: 'bravo-secret-service', serviceCode: 'BravoSecret' })],
      {
        fingerprint: 'portal-matrix',
        isFinal: false,
      },
    );
    // B's cost-allocation tags (the month replacement stores them; here one tag fact of that fact).
    await ctx.db
      .insertInto('cost_tag_facts')
      .values({
        payer_account_id: '000888888888',
        billing_period: '2026-10',
        usage_account_id: bAccountId,
        usage_date: '2026-10-07',
        service_code: 'BravoSecret',
        service_name: 'bravo-secret-service',
        region: 'ap-northeast-1',
        usage_type: 'APN1-BoxUsage:m5.large',
        line_item_type: 'Usage',
        billing_entity: 'AWS',
        tag_key: 'user:BravoSecretKey',
        tag_value: 'bravo-secret-tag',
        unblended_usd: '1234.5',
        list_usd: '1234.5',
        amortized_usd: '1234.5',
        line_count: 1,
      })
      .execute();
    return { secrets: ['bravo-secret-service', 'BravoSecret', 'user:BravoSecretKey', 'bravo-secret-tag'] };
  },
};
