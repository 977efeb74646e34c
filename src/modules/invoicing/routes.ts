import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { ANY_USER, staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { finalizeInvoices } from './finalize-invoices.ts';
import { getInvoice, getInvoicePdf, listInvoices } from './invoices-presenter.ts';
import { runInvoiceDrafts } from './run-invoice-drafts.ts';
import { VoidInvoiceInput, voidInvoice } from './void-invoice.ts';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const InvoiceParams = z.object({ invoiceId: z.string().uuid() });
const MonthRun = z.object({ month: Month, companyCode: z.string().trim().min(1).max(32).optional() });

const InvoiceListItem = z.object({
  id: z.string(),
  company_code: z.string(),
  company_name: z.string(),
  billing_month: z.string(),
  number: z.string().nullable(),
  status: z.string(),
  subtotal_jpy: z.number().int(),
  tax_jpy: z.number().int(),
  total_jpy: z.number().int(),
  issue_date: z.string().nullable(),
  due_date: z.string().nullable(),
  warnings: z.array(z.string()),
});

const InvoiceLineView = z.object({
  position: z.number(),
  section: z.string(),
  account_id: z.string().nullable(),
  account_name: z.string().nullable(),
  service_name: z.string().nullable(),
  description: z.string(),
  usd: z.string().nullable(),
  markup_percent: z.string().nullable(),
  rate_usd_jpy: z.string().nullable(),
  rate_date: z.string().nullable(),
  rate_requested_date: z.string().nullable(),
  rate_source: z.string().nullable(),
  jpy: z.string(),
  corrects_month: z.string().nullable(),
  source: z.record(z.string(), z.unknown()).nullable(),
});

export function invoiceRoutes(api: Api, ctx: AppContext) {
  api.get('/invoices', {
    config: { access: ANY_USER },
    schema: { tags: ['invoices'], querystring: z.object({ month: Month.optional(), companyId: z.string().uuid().optional() }), response: { 200: z.array(InvoiceListItem), ...errorResponses } },
    handler: (request) => listInvoices(ctx, callerOf(request).actor, request.query),
  });

  api.get('/invoices/:invoiceId', {
    config: { access: ANY_USER },
    schema: {
      tags: ['invoices'],
      params: InvoiceParams,
      response: { 200: z.object({ invoice: z.record(z.string(), z.unknown()), lines: z.array(InvoiceLineView) }), ...errorResponses },
    },
    handler: async (request) => {
      const { invoice, lines } = await getInvoice(ctx, callerOf(request).actor, request.params.invoiceId);
      return {
        invoice: { ...invoice, subtotal_jpy: String(invoice.subtotal_jpy), tax_jpy: String(invoice.tax_jpy), total_jpy: String(invoice.total_jpy) },
        lines: lines.map((l) => ({ ...l, jpy: String(l.jpy) })),
      };
    },
  });

  api.get('/invoices/:invoiceId/pdf', {
    config: { access: ANY_USER },
    schema: { tags: ['invoices'], params: InvoiceParams },
    handler: async (request, reply) => {
      const { number, pdf, sha256 } = await getInvoicePdf(ctx, callerOf(request).actor, request.params.invoiceId);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="invoice-${number}.pdf"; filename*=UTF-8''${encodeURIComponent(`請求書_${number}.pdf`)}`)
        .header('x-content-sha256', sha256)
        .send(pdf);
    },
  });

  api.post('/invoice-runs', {
    config: { access: staffOnly('admin', 'billing') },
    schema: { tags: ['invoices'], body: MonthRun, response: { 200: z.record(z.string(), z.unknown()), ...errorResponses } },
    handler: (request) => runInvoiceDrafts(ctx, callerOf(request), request.body),
  });

  api.post('/invoices/finalize', {
    config: { access: staffOnly('admin', 'billing') },
    schema: { tags: ['invoices'], body: MonthRun.extend({ allowProvisional: z.boolean().optional() }), response: { 200: z.array(z.record(z.string(), z.unknown())), ...errorResponses } },
    handler: (request) => finalizeInvoices(ctx, callerOf(request), request.body),
  });

  api.post('/invoices/void', {
    config: { access: staffOnly('admin', 'billing') },
    schema: { tags: ['invoices'], body: VoidInvoiceInput, response: { 200: z.object({ voided: z.string(), creditNoteNumber: z.string(), creditNoteId: z.string(), totalJpy: z.string() }), ...errorResponses } },
    handler: (request) => voidInvoice(ctx, callerOf(request), request.body),
  });
}
