import type { AppContext } from '../../platform/context.ts';
import { staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { sendInvoices, SendInvoicesInput, SendInvoicesSummary } from './send-invoices.ts';

export function invoiceSendRoutes(api: Api, ctx: AppContext) {
  api.post('/invoices/send', {
    config: { access: staffOnly('admin', 'billing') },
    schema: { tags: ['invoicing'], body: SendInvoicesInput, response: { 200: SendInvoicesSummary, ...errorResponses } },
    handler: (request) => sendInvoices(ctx, callerOf(request), request.body),
  });
}
