import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { ANY_USER, staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { closeInquiry } from './close-inquiry.ts';
import { companyInquiries, InquiryDetail, InquiryList, InquiryQueue, inquiryDetail, inquiryQueue } from './inquiries-presenter.ts';
import { InquiryFields, openInquiry } from './open-inquiry.ts';
import { InquiryMessageFields, postInquiryMessage } from './post-inquiry-message.ts';

const CompanyParams = z.object({ companyId: z.string().uuid() });
const InquiryParams = z.object({ inquiryId: z.string().uuid() });
/** Only the customer's users open inquiries (any role); staff answer them. */
const CUSTOMER_USERS = { staff: [], customer: ['representative', 'member'] } as const;

export function inquiryRoutes(api: Api, ctx: AppContext) {
  api.get('/companies/:companyId/inquiries', {
    config: { access: ANY_USER },
    schema: { tags: ['inquiries'], params: CompanyParams, response: { 200: InquiryList, ...errorResponses } },
    handler: (request) => companyInquiries(ctx, callerOf(request).actor, request.params.companyId),
  });

  api.post('/companies/:companyId/inquiries', {
    config: { access: CUSTOMER_USERS },
    schema: { tags: ['inquiries'], params: CompanyParams, body: InquiryFields, response: { 200: InquiryDetail, ...errorResponses } },
    handler: (request) => openInquiry(ctx, callerOf(request), { ...request.body, companyId: request.params.companyId }),
  });

  api.get('/inquiries', {
    config: { access: staffOnly() },
    schema: { tags: ['inquiries'], response: { 200: InquiryQueue, ...errorResponses } },
    handler: (request) => inquiryQueue(ctx, callerOf(request).actor),
  });

  api.get('/inquiries/:inquiryId', {
    config: { access: ANY_USER },
    schema: { tags: ['inquiries'], params: InquiryParams, response: { 200: InquiryDetail, ...errorResponses } },
    handler: (request) => inquiryDetail(ctx, callerOf(request).actor, request.params.inquiryId),
  });

  api.post('/inquiries/:inquiryId/messages', {
    config: { access: ANY_USER },
    schema: { tags: ['inquiries'], params: InquiryParams, body: InquiryMessageFields, response: { 200: InquiryDetail, ...errorResponses } },
    handler: (request) => postInquiryMessage(ctx, callerOf(request), { ...request.body, inquiryId: request.params.inquiryId }),
  });

  api.post('/inquiries/:inquiryId/close', {
    config: { access: ANY_USER },
    schema: { tags: ['inquiries'], params: InquiryParams, response: { 200: InquiryDetail, ...errorResponses } },
    handler: (request) => closeInquiry(ctx, callerOf(request), { inquiryId: request.params.inquiryId }),
  });
}
