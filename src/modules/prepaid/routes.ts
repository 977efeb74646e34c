import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { ANY_USER, REPRESENTATIVE_OR_STAFF, staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { acknowledgePrepaidNotice } from './acknowledge-prepaid-notice.ts';
import { filePrepaidNotice, PrepaidNoticeFields } from './file-prepaid-notice.ts';
import { allPrepaidOverview, companyPrepaidOverview, PrepaidNoticeView, PrepaidOverview, PrepaidPurchaseView } from './prepaid-presenter.ts';
import { resolvePrepaidAlert, ResolvePrepaidAlertFields } from './resolve-prepaid-alert.ts';
import { withdrawPrepaidNotice } from './withdraw-prepaid-notice.ts';

const CompanyParams = z.object({ companyId: z.string().uuid() });
const NoticeParams = z.object({ noticeId: z.string().uuid() });
const AlertParams = z.object({ alertId: z.string().uuid() });

export function prepaidRoutes(api: Api, ctx: AppContext) {
  // A company's users (and staff) see its notices and large purchases; the presenter checks the tenant.
  api.get('/companies/:companyId/prepaid-notices', {
    config: { access: ANY_USER },
    schema: { tags: ['prepaid'], params: CompanyParams, response: { 200: PrepaidOverview, ...errorResponses } },
    handler: (request) => companyPrepaidOverview(ctx, callerOf(request).actor, request.params.companyId),
  });

  api.post('/companies/:companyId/prepaid-notices', {
    config: { access: REPRESENTATIVE_OR_STAFF() },
    schema: { tags: ['prepaid'], params: CompanyParams, body: PrepaidNoticeFields, response: { 200: PrepaidNoticeView, ...errorResponses } },
    handler: (request) => filePrepaidNotice(ctx, callerOf(request), { ...request.body, companyId: request.params.companyId }),
  });

  api.post('/prepaid-notices/:noticeId/withdraw', {
    config: { access: REPRESENTATIVE_OR_STAFF() },
    schema: { tags: ['prepaid'], params: NoticeParams, response: { 200: PrepaidNoticeView, ...errorResponses } },
    handler: (request) => withdrawPrepaidNotice(ctx, callerOf(request), { noticeId: request.params.noticeId }),
  });

  api.get('/prepaid-notices', {
    config: { access: staffOnly() },
    schema: { tags: ['prepaid'], response: { 200: PrepaidOverview, ...errorResponses } },
    handler: (request) => allPrepaidOverview(ctx, callerOf(request).actor),
  });

  api.post('/prepaid-notices/:noticeId/acknowledge', {
    config: { access: staffOnly() },
    schema: { tags: ['prepaid'], params: NoticeParams, response: { 200: PrepaidNoticeView, ...errorResponses } },
    handler: (request) => acknowledgePrepaidNotice(ctx, callerOf(request), { noticeId: request.params.noticeId }),
  });

  api.post('/prepaid-alerts/:alertId/resolve', {
    config: { access: staffOnly() },
    schema: { tags: ['prepaid'], params: AlertParams, body: ResolvePrepaidAlertFields, response: { 200: PrepaidPurchaseView, ...errorResponses } },
    handler: (request) => resolvePrepaidAlert(ctx, callerOf(request), { ...request.body, alertId: request.params.alertId }),
  });
}
