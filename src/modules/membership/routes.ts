import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { REPRESENTATIVE_OR_STAFF, staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { addTrainingMenuItem, AddTrainingMenuItemInput } from './add-training-menu-item.ts';
import { adjustTickets, AdjustTicketsFields } from './adjust-tickets.ts';
import { applyForService, ApplyFields } from './apply-for-service.ts';
import { cancelApplication } from './cancel-application.ts';
import { importYearlyTotals, ImportYearlyTotalsInput } from './import-yearly-totals.ts';
import { RankThresholdsSchema } from './membership-store.ts';
import { contentDisposition } from './rules/attachments.ts';
import {
  applicationAttachment,
  applicationDetail,
  ApplicationDetail,
  companyMembership,
  MembershipView,
  staffMembershipOverview,
  StaffOverview,
} from './membership-presenter.ts';
import { moveApplication, MoveApplicationFields } from './move-application.ts';
import { overrideRank, OverrideRankFields } from './override-rank.ts';
import { MessageFields, postApplicationMessage } from './post-application-message.ts';
import { requestTraining, TrainingFields } from './request-training.ts';
import { runAprilFirst, RunAprilFirstInput } from './run-april-first.ts';
import { updateOptionService, OptionServiceFields } from './update-option-service.ts';
import { updateRankThresholds } from './update-rank-thresholds.ts';
import { TrainingMenuFields, updateTrainingMenuItem } from './update-training-menu-item.ts';
import { updateTrainingRequest, UpdateTrainingFields } from './update-training-request.ts';

const CompanyParams = z.object({ membershipCompanyId: z.string().uuid() });
const ApplicationParams = z.object({ applicationId: z.string().uuid() });
const AttachmentParams = z.object({ applicationId: z.string().uuid(), attachmentId: z.string().uuid() });
const ServiceParams = z.object({ serviceCode: z.string().min(1).max(40) });
const TrainingParams = z.object({ trainingRequestId: z.string().uuid() });
const MenuParams = z.object({ trainingCode: z.string().min(1).max(40) });
const Anything = z.record(z.string(), z.unknown());

/**
 * Support membership (seed 004, SPEC §8). Customers see their own company's membership (404 for an
 * ineligible or foreign company); representatives apply; admins and CSMs work the queue; admins
 * configure ranks, tickets and the catalog.
 */
export function membershipRoutes(api: Api, ctx: AppContext) {
  api.get('/membership/companies/:membershipCompanyId', {
    config: { access: { staff: ['admin', 'csm'], customer: ['representative', 'member'] } },
    schema: { tags: ['membership'], params: CompanyParams, response: { 200: MembershipView, ...errorResponses } },
    handler: (request) => companyMembership(ctx, callerOf(request).actor, request.params.membershipCompanyId),
  });

  api.post('/membership/companies/:membershipCompanyId/applications', {
    config: { access: REPRESENTATIVE_OR_STAFF() },
    schema: { tags: ['membership'], params: CompanyParams, body: ApplyFields, response: { 200: Anything, ...errorResponses } },
    handler: (request) => applyForService(ctx, callerOf(request), { ...request.body, companyId: request.params.membershipCompanyId }),
  });

  api.post('/membership/companies/:membershipCompanyId/training-requests', {
    config: { access: REPRESENTATIVE_OR_STAFF() },
    schema: { tags: ['membership'], params: CompanyParams, body: TrainingFields, response: { 200: Anything, ...errorResponses } },
    handler: (request) => requestTraining(ctx, callerOf(request), { ...request.body, companyId: request.params.membershipCompanyId }),
  });

  api.get('/membership/applications/:applicationId', {
    config: { access: { staff: ['admin', 'csm'], customer: ['representative', 'member'] } },
    schema: { tags: ['membership'], params: ApplicationParams, response: { 200: ApplicationDetail, ...errorResponses } },
    handler: (request) => applicationDetail(ctx, callerOf(request).actor, request.params.applicationId),
  });

  api.post('/membership/applications/:applicationId/messages', {
    config: { access: { staff: ['admin', 'csm'], customer: ['representative', 'member'] } },
    bodyLimit: 24 * 1024 * 1024,
    schema: { tags: ['membership'], params: ApplicationParams, body: MessageFields, response: { 200: Anything, ...errorResponses } },
    handler: (request) => postApplicationMessage(ctx, callerOf(request), { ...request.body, applicationId: request.params.applicationId }),
  });

  api.get('/membership/applications/:applicationId/attachments/:attachmentId', {
    config: { access: { staff: ['admin', 'csm'], customer: ['representative', 'member'] } },
    schema: { tags: ['membership'], params: AttachmentParams },
    handler: async (request, reply) => {
      const file = await applicationAttachment(ctx, callerOf(request).actor, request.params.applicationId, request.params.attachmentId);

      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(file.data);
    },
  });

  api.post('/membership/applications/:applicationId/cancel', {
    config: { access: REPRESENTATIVE_OR_STAFF() },
    schema: { tags: ['membership'], params: ApplicationParams, response: { 200: Anything, ...errorResponses } },
    handler: (request) => cancelApplication(ctx, callerOf(request), { applicationId: request.params.applicationId }),
  });

  api.post('/membership/applications/:applicationId/status', {
    config: { access: staffOnly('admin', 'csm') },
    schema: {
      tags: ['membership'],
      params: ApplicationParams,
      body: MoveApplicationFields,
      response: { 200: Anything, ...errorResponses },
    },
    handler: (request) => moveApplication(ctx, callerOf(request), { ...request.body, applicationId: request.params.applicationId }),
  });

  api.get('/membership/overview', {
    config: { access: staffOnly('admin', 'csm') },
    schema: { tags: ['membership'], response: { 200: StaffOverview, ...errorResponses } },
    handler: (request) => staffMembershipOverview(ctx, callerOf(request).actor),
  });

  api.post('/membership/training-requests/:trainingRequestId', {
    config: { access: staffOnly('admin', 'csm') },
    schema: { tags: ['membership'], params: TrainingParams, body: UpdateTrainingFields, response: { 200: Anything, ...errorResponses } },
    handler: (request) =>
      updateTrainingRequest(ctx, callerOf(request), { ...request.body, trainingRequestId: request.params.trainingRequestId }),
  });

  api.post('/membership/companies/:membershipCompanyId/rank-override', {
    config: { access: staffOnly('admin') },
    schema: { tags: ['membership'], params: CompanyParams, body: OverrideRankFields, response: { 200: Anything, ...errorResponses } },
    handler: (request) => overrideRank(ctx, callerOf(request), { ...request.body, companyId: request.params.membershipCompanyId }),
  });

  api.post('/membership/companies/:membershipCompanyId/ticket-adjustments', {
    config: { access: staffOnly('admin') },
    schema: { tags: ['membership'], params: CompanyParams, body: AdjustTicketsFields, response: { 200: Anything, ...errorResponses } },
    handler: (request) => adjustTickets(ctx, callerOf(request), { ...request.body, companyId: request.params.membershipCompanyId }),
  });

  api.put('/membership/thresholds', {
    config: { access: staffOnly('admin') },
    schema: { tags: ['membership'], body: RankThresholdsSchema, response: { 200: Anything, ...errorResponses } },
    handler: (request) => updateRankThresholds(ctx, callerOf(request), request.body),
  });

  api.put('/membership/services/:serviceCode', {
    config: { access: staffOnly('admin') },
    schema: { tags: ['membership'], params: ServiceParams, body: OptionServiceFields, response: { 200: Anything, ...errorResponses } },
    handler: (request) => updateOptionService(ctx, callerOf(request), { ...request.body, serviceCode: request.params.serviceCode }),
  });

  api.post('/membership/training-menu', {
    config: { access: staffOnly('admin') },
    schema: { tags: ['membership'], body: AddTrainingMenuItemInput, response: { 200: Anything, ...errorResponses } },
    handler: (request) => addTrainingMenuItem(ctx, callerOf(request), request.body),
  });

  api.put('/membership/training-menu/:trainingCode', {
    config: { access: staffOnly('admin') },
    schema: { tags: ['membership'], params: MenuParams, body: TrainingMenuFields, response: { 200: Anything, ...errorResponses } },
    handler: (request) => updateTrainingMenuItem(ctx, callerOf(request), { ...request.body, trainingCode: request.params.trainingCode }),
  });

  api.post('/membership/imported-totals', {
    config: { access: staffOnly('admin') },
    schema: { tags: ['membership'], body: ImportYearlyTotalsInput, response: { 200: Anything, ...errorResponses } },
    handler: (request) => importYearlyTotals(ctx, callerOf(request), request.body),
  });

  api.post('/membership/april-1', {
    config: { access: staffOnly('admin') },
    schema: { tags: ['membership'], body: RunAprilFirstInput, response: { 200: Anything, ...errorResponses } },
    handler: (request) => runAprilFirst(ctx, callerOf(request), request.body),
  });
}
