import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { ANY_USER } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { invoiceDocumentByNumber } from '../invoicing/invoice-document-of.ts';
import { getInvoice } from '../invoicing/invoices-presenter.ts';
import { renderJpPint } from '../invoicing/document/render-jp-pint.ts';
import { CommitmentRow, CommitmentsQuery, commitmentUtilization } from './commitments-presenter.ts';
import { exploreCosts, ExplorerResult } from './explorer-presenter.ts';
import { InvoiceStandingView, listInvoiceStandings } from './invoice-standings-presenter.ts';
import { PortalOverview, portalOverview } from './overview-presenter.ts';
import { ExplorerQuery } from './rules/explorer-query.ts';

const CompanyParams = z.object({ companyId: z.string().uuid() });
const InvoiceParams = z.object({ invoiceId: z.string().uuid() });

/**
 * The customer cost portal (docs/portal.md). Every route reads one company: a customer only its own
 * (the presenters answer 404 for any other), staff any company.
 */
export function portalRoutes(api: Api, ctx: AppContext) {
  api.get('/companies/:companyId/portal/overview', {
    config: { access: ANY_USER },
    schema: { tags: ['portal'], params: CompanyParams, response: { 200: PortalOverview, ...errorResponses } },
    handler: (request) => portalOverview(ctx, callerOf(request).actor, request.params.companyId),
  });

  api.get('/companies/:companyId/portal/costs', {
    config: { access: ANY_USER },
    schema: { tags: ['portal'], params: CompanyParams, querystring: ExplorerQuery, response: { 200: ExplorerResult, ...errorResponses } },
    handler: (request) => exploreCosts(ctx, callerOf(request).actor, request.params.companyId, request.query),
  });

  api.get('/companies/:companyId/portal/commitments', {
    config: { access: ANY_USER },
    schema: {
      tags: ['portal'],
      params: CompanyParams,
      querystring: CommitmentsQuery,
      response: { 200: z.array(CommitmentRow), ...errorResponses },
    },
    handler: (request) => commitmentUtilization(ctx, callerOf(request).actor, request.params.companyId, request.query),
  });

  api.get('/companies/:companyId/portal/invoices', {
    config: { access: ANY_USER },
    schema: { tags: ['portal'], params: CompanyParams, response: { 200: z.array(InvoiceStandingView), ...errorResponses } },
    handler: (request) => listInvoiceStandings(ctx, callerOf(request).actor, request.params.companyId),
  });

  // The issued invoice as a JP PINT (Peppol) e-invoice: the same document the CLI exports.
  api.get('/invoices/:invoiceId/jp-pint', {
    config: { access: ANY_USER },
    schema: { tags: ['portal'], params: InvoiceParams },
    handler: async (request, reply) => {
      const { invoice } = await getInvoice(ctx, callerOf(request).actor, request.params.invoiceId);
      if (!invoice.number) throw new Error('an issued invoice has a number');
      const xml = renderJpPint(await invoiceDocumentByNumber(ctx.db, invoice.number));
      return reply
        .header('content-type', 'application/xml; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="invoice-${invoice.number}.xml"; filename*=UTF-8''${encodeURIComponent(`請求書_${invoice.number}.xml`)}`,
        )
        .send(xml);
    },
  });
}
