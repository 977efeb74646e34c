import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { ANY_USER, REPRESENTATIVE_OR_STAFF } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { BudgetFields } from './budget-fields.ts';
import { BudgetsOverview, companyBudgets, companyCostAlerts, CostAlertsOverview } from './budgets-presenter.ts';
import { createBudget } from './create-budget.ts';
import { deleteBudget } from './delete-budget.ts';
import { dismissCostAlert } from './dismiss-cost-alert.ts';
import { AnomalyMuteFields, setAnomalyMute } from './set-anomaly-mute.ts';
import { setAlertSubscription } from './set-alert-subscription.ts';
import { updateBudget } from './update-budget.ts';

const CompanyParams = z.object({ companyId: z.string().uuid() });
const BudgetParams = z.object({ budgetId: z.string().uuid() });
const AlertParams = z.object({ costAlertId: z.string().uuid() });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
const Id = z.object({ id: z.string() });

export function budgetsRoutes(api: Api, ctx: AppContext) {
  // A company's users (members read) and staff (view as customer) see budgets and alerts; the presenter checks the tenant.
  api.get('/companies/:companyId/budgets', {
    config: { access: ANY_USER },
    schema: {
      tags: ['budgets'],
      params: CompanyParams,
      querystring: z.object({ month: Month.optional() }),
      response: { 200: BudgetsOverview, ...errorResponses },
    },
    handler: (request) => companyBudgets(ctx, callerOf(request).actor, request.params.companyId, request.query.month),
  });

  api.post('/companies/:companyId/budgets', {
    config: { access: REPRESENTATIVE_OR_STAFF() },
    schema: { tags: ['budgets'], params: CompanyParams, body: BudgetFields, response: { 200: Id, ...errorResponses } },
    handler: (request) => createBudget(ctx, callerOf(request), { ...request.body, companyId: request.params.companyId }),
  });

  api.put('/budgets/:budgetId', {
    config: { access: REPRESENTATIVE_OR_STAFF() },
    schema: { tags: ['budgets'], params: BudgetParams, body: BudgetFields, response: { 200: Id, ...errorResponses } },
    handler: (request) => updateBudget(ctx, callerOf(request), { ...request.body, budgetId: request.params.budgetId }),
  });

  api.delete('/budgets/:budgetId', {
    config: { access: REPRESENTATIVE_OR_STAFF() },
    schema: { tags: ['budgets'], params: BudgetParams, response: { 200: Id, ...errorResponses } },
    handler: (request) => deleteBudget(ctx, callerOf(request), { budgetId: request.params.budgetId }),
  });

  api.get('/companies/:companyId/cost-alerts', {
    config: { access: ANY_USER },
    schema: {
      tags: ['budgets'],
      params: CompanyParams,
      querystring: z.object({ month: Month.optional(), open: z.enum(['true', 'false']).optional() }),
      response: { 200: CostAlertsOverview, ...errorResponses },
    },
    handler: (request) =>
      companyCostAlerts(ctx, callerOf(request).actor, request.params.companyId, {
        month: request.query.month,
        open: request.query.open === 'true',
      }),
  });

  api.post('/cost-alerts/:costAlertId/dismiss', {
    config: { access: REPRESENTATIVE_OR_STAFF() },
    schema: { tags: ['budgets'], params: AlertParams, response: { 200: Id, ...errorResponses } },
    handler: (request) => dismissCostAlert(ctx, callerOf(request), { costAlertId: request.params.costAlertId }),
  });

  api.post('/companies/:companyId/anomaly-mutes', {
    config: { access: REPRESENTATIVE_OR_STAFF() },
    schema: {
      tags: ['budgets'],
      params: CompanyParams,
      body: AnomalyMuteFields,
      response: { 200: z.object({ serviceCode: z.string(), muted: z.boolean() }), ...errorResponses },
    },
    handler: (request) => setAnomalyMute(ctx, callerOf(request), { ...request.body, companyId: request.params.companyId }),
  });

  // Each customer user's own e-mail setting.
  api.put('/alert-subscription', {
    config: { access: { staff: [], customer: ['representative', 'member'] } },
    schema: {
      tags: ['budgets'],
      body: z.object({ subscribed: z.boolean() }),
      response: { 200: z.object({ subscribed: z.boolean() }), ...errorResponses },
    },
    handler: (request) => setAlertSubscription(ctx, callerOf(request), request.body),
  });
}
