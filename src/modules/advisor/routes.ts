import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { ANY_USER, REPRESENTATIVE_OR_STAFF } from '../../server/access.ts';
import { callerOf, ErrorBody, errorResponses, type Api } from '../../server/http.ts';
import { AdvisorCheckResult, AdvisorChecks, advisorCheckResult, advisorChecks, AdvisorSetup, advisorSetup } from './advisor-presenter.ts';
import { AdvisorRoleFields, registerAdvisorRole } from './register-advisor-role.ts';

const CompanyParams = z.object({ companyId: z.string().uuid() });
const CheckParams = CompanyParams.extend({ advisorCheckId: z.string().regex(/^[A-Za-z0-9]{1,64}$/) });
const Language = z.object({ language: z.enum(['ja', 'en']).default('ja') });
/** AWS refusals (role not assumable, support plan too small) are 422 with their own code. */
const responses = { ...errorResponses, 422: ErrorBody };

export function advisorRoutes(api: Api, ctx: AppContext) {
  api.get('/companies/:companyId/trusted-advisor', {
    config: { access: ANY_USER },
    schema: { tags: ['trusted-advisor'], params: CompanyParams, response: { 200: AdvisorSetup, ...responses } },
    handler: (request) => advisorSetup(ctx, callerOf(request), request.params.companyId),
  });

  api.put('/companies/:companyId/trusted-advisor/role', {
    config: { access: REPRESENTATIVE_OR_STAFF('admin') },
    schema: { tags: ['trusted-advisor'], params: CompanyParams, body: AdvisorRoleFields, response: { 200: AdvisorSetup, ...responses } },
    handler: async (request) => {
      const caller = callerOf(request);
      await registerAdvisorRole(ctx, caller, { ...request.body, companyId: request.params.companyId });
      return advisorSetup(ctx, caller, request.params.companyId);
    },
  });

  api.get('/companies/:companyId/trusted-advisor/checks', {
    config: { access: ANY_USER },
    schema: { tags: ['trusted-advisor'], params: CompanyParams, querystring: Language, response: { 200: AdvisorChecks, ...responses } },
    handler: (request) => advisorChecks(ctx, callerOf(request), request.params.companyId, request.query.language),
  });

  api.get('/companies/:companyId/trusted-advisor/checks/:advisorCheckId', {
    config: { access: ANY_USER },
    schema: { tags: ['trusted-advisor'], params: CheckParams, querystring: Language, response: { 200: AdvisorCheckResult, ...responses } },
    handler: (request) =>
      advisorCheckResult(ctx, callerOf(request), request.params.companyId, request.params.advisorCheckId, request.query.language),
  });
}
