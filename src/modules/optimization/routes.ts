import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { ANY_USER, REPRESENTATIVE_OR_STAFF, staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { assignCsm, AssignCsmFields } from './assign-csm.ts';
import { changeProposalStatus, StatusFields } from './change-proposal-status.ts';
import { openProposal, ProposalFields } from './open-proposal.ts';
import {
  CompanyOptimization,
  companyOptimizationOf,
  CsmWorkloads,
  csmWorkloads,
  ProposalDetail,
  proposalDetail,
  ProposalView,
} from './optimization-presenter.ts';
import { PriorityFields, setProposalPriority } from './set-proposal-priority.ts';

const CompanyParams = z.object({ companyId: z.string().uuid() });
const ProposalParams = z.object({ proposalId: z.string().uuid() });

export function optimizationRoutes(api: Api, ctx: AppContext) {
  api.get('/companies/:companyId/optimization', {
    config: { access: ANY_USER },
    schema: { tags: ['optimization'], params: CompanyParams, response: { 200: CompanyOptimization, ...errorResponses } },
    handler: (request) => companyOptimizationOf(ctx, callerOf(request).actor, request.params.companyId),
  });

  api.put('/companies/:companyId/optimization/csm', {
    config: { access: staffOnly('admin') },
    schema: {
      tags: ['optimization'],
      params: CompanyParams,
      body: AssignCsmFields,
      response: { 200: CompanyOptimization, ...errorResponses },
    },
    handler: (request) => assignCsm(ctx, callerOf(request), { ...request.body, companyId: request.params.companyId }),
  });

  api.get('/optimization/csms', {
    config: { access: staffOnly() },
    schema: { tags: ['optimization'], response: { 200: CsmWorkloads, ...errorResponses } },
    handler: (request) => csmWorkloads(ctx, callerOf(request).actor),
  });

  api.post('/companies/:companyId/optimization/proposals', {
    config: { access: staffOnly('admin', 'csm') },
    schema: { tags: ['optimization'], params: CompanyParams, body: ProposalFields, response: { 200: ProposalView, ...errorResponses } },
    handler: (request) => openProposal(ctx, callerOf(request), { ...request.body, companyId: request.params.companyId }),
  });

  api.get('/optimization-proposals/:proposalId', {
    config: { access: ANY_USER },
    schema: { tags: ['optimization'], params: ProposalParams, response: { 200: ProposalDetail, ...errorResponses } },
    handler: (request) => proposalDetail(ctx, callerOf(request).actor, request.params.proposalId),
  });

  api.post('/optimization-proposals/:proposalId/priority', {
    config: { access: REPRESENTATIVE_OR_STAFF('admin', 'csm') },
    schema: { tags: ['optimization'], params: ProposalParams, body: PriorityFields, response: { 200: ProposalView, ...errorResponses } },
    handler: (request) => setProposalPriority(ctx, callerOf(request), { ...request.body, proposalId: request.params.proposalId }),
  });

  api.post('/optimization-proposals/:proposalId/status', {
    config: { access: REPRESENTATIVE_OR_STAFF('admin', 'csm') },
    schema: { tags: ['optimization'], params: ProposalParams, body: StatusFields, response: { 200: ProposalView, ...errorResponses } },
    handler: (request) => changeProposalStatus(ctx, callerOf(request), { ...request.body, proposalId: request.params.proposalId }),
  });
}
