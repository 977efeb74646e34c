import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { ANY_USER, staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { InvoicePaymentsView, listInvoicePayments, PaymentView } from './payments-presenter.ts';
import { PaymentFields, recordPayment } from './record-payment.ts';

const InvoiceParams = z.object({ invoiceId: z.string().uuid() });

const RecordPaymentResponse = z.object({
  payment: PaymentView,
  invoice: InvoicePaymentsView,
  overpaid: z.boolean(),
  overpaidJpy: z.number().int(),
});

export function receivablesRoutes(api: Api, ctx: AppContext) {
  // Customers read the payments of their own company's issued invoices; the service checks the tenant.
  api.get('/invoices/:invoiceId/payments', {
    config: { access: ANY_USER },
    schema: { tags: ['receivables'], params: InvoiceParams, response: { 200: InvoicePaymentsView, ...errorResponses } },
    handler: (request) => listInvoicePayments(ctx, callerOf(request).actor, request.params.invoiceId),
  });

  api.post('/invoices/:invoiceId/payments', {
    config: { access: staffOnly('admin', 'billing') },
    schema: {
      tags: ['receivables'],
      params: InvoiceParams,
      body: PaymentFields,
      response: { 200: RecordPaymentResponse, ...errorResponses },
    },
    handler: (request) => recordPayment(ctx, callerOf(request), { ...request.body, invoiceId: request.params.invoiceId }),
  });
}
