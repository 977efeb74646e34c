import type { MatrixFragment } from './fragment.ts';

const budget = { name: 'intruder budget', scope: 'company', amountJpy: 1, thresholds: [1], alertOnForecast: true };

/** Budgets, cost alerts and the month-close page: B's budget and alert must stay B's. */
export const fragment: MatrixFragment = {
  routes: {
    'GET /api/companies/:companyId/budgets': { query: 'month=2026-10' },
    'POST /api/companies/:companyId/budgets': { body: budget },
    'PUT /api/budgets/:budgetId': { body: budget },
    'DELETE /api/budgets/:budgetId': {},
    'GET /api/companies/:companyId/cost-alerts': {},
    'POST /api/cost-alerts/:costAlertId/dismiss': {},
    'POST /api/companies/:companyId/anomaly-mutes': { body: { serviceCode: 'AmazonEC2', muted: true } },
    'PUT /api/alert-subscription': { body: { subscribed: false } },
    'GET /api/month-close': { query: 'month=2026-10' },
  },
  async seed(ctx, { b, bAccountId }) {
    const budgetRow = await ctx.db
      .insertInto('budgets')
      .values({
        company_id: b.companyId,
        name: 'BRAVO secret budget',
        scope: 'account',
        account_id: bAccountId,
        service_code: null,
        amount_jpy: 7_654_321n,
        thresholds: '[80,100]',
        alert_on_forecast: true,
        created_by: b.representative.email,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const alert = await ctx.db
      .insertInto('cost_alerts')
      .values({
        company_id: b.companyId,
        kind: 'anomaly',
        dedupe_key: `anomaly|${b.companyId}|BravoSecretService|2026-10-20`,
        month: '2026-10',
        budget_id: null,
        budget_name: null,
        threshold: null,
        usage_date: '2026-10-20',
        usage_account_id: bAccountId,
        service_code: 'BravoSecretService',
        service_name: 'Bravo secret service',
        amount_jpy: null,
        budget_jpy: null,
        amount_usd: '1234.5',
        baseline_usd: '10',
        usd_jpy: null,
        rate_date: null,
        dismissed_by: null,
        dismissed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('anomaly_mutes')
      .values({ company_id: b.companyId, service_code: 'BravoMutedService', muted_by: b.representative.email })
      .execute();
    return {
      ids: { budgetId: budgetRow.id, costAlertId: alert.id },
      secrets: ['BRAVO secret budget', '7654321', 'BravoSecretService', 'Bravo secret service', 'BravoMutedService'],
    };
  },
};
