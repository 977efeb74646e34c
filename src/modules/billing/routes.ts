import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { addPricingPolicyVersion, AddPricingPolicyVersionInput } from './add-pricing-policy-version.ts';
import {
  getPolicyInForce,
  listPricingPolicies,
  PolicyInForce,
  PolicyInForceQuery,
  PricingPolicyListing,
  PricingPolicyVersionView,
} from './pricing-policies-presenter.ts';

const CompanyParams = z.object({ companyId: z.string().uuid() });

export function billingRoutes(api: Api, ctx: AppContext) {
  // Every staff role reads what a contract is billed with; admins and billing operators change it.
  api.get('/companies/:companyId/pricing-policies', {
    config: { access: staffOnly() },
    schema: { tags: ['billing'], params: CompanyParams, response: { 200: PricingPolicyListing, ...errorResponses } },
    handler: (request) => listPricingPolicies(ctx, callerOf(request).actor, request.params.companyId),
  });

  api.get('/companies/:companyId/pricing-policies/in-force', {
    config: { access: staffOnly() },
    schema: {
      tags: ['billing'],
      params: CompanyParams,
      querystring: PolicyInForceQuery,
      response: { 200: PolicyInForce, ...errorResponses },
    },
    handler: (request) => getPolicyInForce(ctx, callerOf(request).actor, request.params.companyId, request.query.month),
  });

  api.post('/companies/:companyId/pricing-policies', {
    config: { access: staffOnly('admin', 'billing') },
    schema: {
      tags: ['billing'],
      params: CompanyParams,
      body: AddPricingPolicyVersionInput.omit({ companyId: true }),
      response: { 201: PricingPolicyVersionView, ...errorResponses },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await addPricingPolicyVersion(ctx, callerOf(request), { ...request.body, companyId: request.params.companyId })),
  });
}
