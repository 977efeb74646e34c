import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { ANY_USER, staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { CompanySummary, getCompany, listCompanies } from './companies-presenter.ts';
import { CompanyView } from './company-view.ts';
import { createCompany, CreateCompanyInput } from './create-company.ts';
import { updateCompany, UpdateCompanyInput } from './update-company.ts';

const CompanyParams = z.object({ companyId: z.string().uuid() });

export function companyRoutes(api: Api, ctx: AppContext) {
  api.get('/companies', {
    config: { access: staffOnly() },
    schema: { tags: ['companies'], response: { 200: z.array(CompanySummary), ...errorResponses } },
    handler: (request) => listCompanies(ctx, callerOf(request).actor),
  });

  api.post('/companies', {
    config: { access: staffOnly('admin') },
    schema: { tags: ['companies'], body: CreateCompanyInput, response: { 201: CompanyView, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await createCompany(ctx, callerOf(request), request.body)),
  });

  api.get('/companies/:companyId', {
    config: { access: ANY_USER },
    schema: { tags: ['companies'], params: CompanyParams, response: { 200: CompanyView, ...errorResponses } },
    handler: (request) => getCompany(ctx, callerOf(request).actor, request.params.companyId),
  });

  api.patch('/companies/:companyId', {
    config: { access: staffOnly('admin') },
    schema: {
      tags: ['companies'],
      params: CompanyParams,
      body: UpdateCompanyInput.omit({ companyId: true }),
      response: { 200: CompanyView, ...errorResponses },
    },
    handler: (request) => updateCompany(ctx, callerOf(request), { ...request.body, companyId: request.params.companyId }),
  });
}
