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
    return { secrets: ['bravo-secret-service', 'BravoSecret'] };
  },
};
