import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { ANY_USER, staffOnly } from '../../server/access.ts';
import { callerOf, errorResponses, type Api } from '../../server/http.ts';
import { invoiceDocumentByNumber } from '../invoicing/invoice-document-of.ts';
import { getInvoice } from '../invoicing/invoices-presenter.ts';
import { renderJpPint } from '../invoicing/document/render-jp-pint.ts';
import { tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { CommitmentRow, CommitmentsQuery, commitmentUtilization } from './commitments-presenter.ts';
import { CostTagKey, listCostTags } from './cost-tags-presenter.ts';
import { exploreCosts, ExplorerResult } from './explorer-presenter.ts';
import { InvoiceStandingView, listInvoiceStandings } from './invoice-standings-presenter.ts';
import { overviewClock, PortalOverview, portalOverview } from './overview-presenter.ts';
import { servePortalRead } from './portal-cache.ts';
import { ExplorerQuery, TagKeysQuery } from './rules/explorer-query.ts';
import { CustomerViewSession, recordCustomerView } from './record-customer-view.ts';

const CompanyParams = z.object({ companyId: z.string().uuid() });
const InvoiceParams = z.object({ invoiceId: z.string().uuid() });

/**
 * The customer cost portal (docs/portal.md). Every route reads one company: a customer only its own
 * (the presenters answer 404 for any other), staff any company. The reads are cached per company and
 * data version after the tenant check (portal-cache.ts).
 */
export function portalRoutes(api: Api, ctx: AppContext) {
  api.get('/companies/:companyId/portal/overview', {
    config: { access: ANY_USER },
    schema: { tags: ['portal'], params: CompanyParams, response: { 200: PortalOverview, ...errorResponses } },
    handler: (request, reply) =>
      servePortalRead(ctx, request, reply, {
        view: 'overview',
        params: overviewClock,
        schema: PortalOverview,
        compute: (at, actor) => portalOverview(at, actor, request.params.companyId),
      }),
  });

  api.get('/companies/:companyId/portal/costs', {
    config: { access: ANY_USER },
    schema: { tags: ['portal'], params: CompanyParams, querystring: ExplorerQuery, response: { 200: ExplorerResult, ...errorResponses } },
    handler: (request, reply) =>
      servePortalRead(ctx, request, reply, {
        view: 'explorer',
        params: () => request.query,
        schema: ExplorerResult,
        compute: (at, actor) => exploreCosts(at, actor, request.params.companyId, request.query),
      }),
  });

  // The cost-allocation tag keys (and values) of the range, for the explorer's grouping and filters.
  api.get('/companies/:companyId/portal/cost-tags', {
    config: { access: ANY_USER },
    schema: {
      tags: ['portal'],
      params: CompanyParams,
      querystring: TagKeysQuery,
      response: { 200: z.array(CostTagKey), ...errorResponses },
    },
    handler: (request, reply) =>
      servePortalRead(ctx, request, reply, {
        view: 'cost-tags',
        params: () => request.query,
        schema: z.array(CostTagKey),
        compute: (at, actor) => listCostTags(at, actor, request.params.companyId, request.query),
      }),
  });

  api.get('/companies/:companyId/portal/commitments', {
    config: { access: ANY_USER },
    schema: {
      tags: ['portal'],
      params: CompanyParams,
      querystring: CommitmentsQuery,
      response: { 200: z.array(CommitmentRow), ...errorResponses },
    },
    handler: (request, reply) =>
      servePortalRead(ctx, request, reply, {
        view: 'commitments',
        params: () => request.query,
        schema: z.array(CommitmentRow),
        compute: (at, actor) => commitmentUtilization(at, actor, request.params.companyId, request.query),
      }),
  });

  api.get('/companies/:companyId/portal/invoices', {
    config: { access: ANY_USER },
    schema: { tags: ['portal'], params: CompanyParams, response: { 200: z.array(InvoiceStandingView), ...errorResponses } },
    handler: (request, reply) =>
      servePortalRead(ctx, request, reply, {
        view: 'invoices',
        params: (now) => tokyoDateOf(now),
        schema: z.array(InvoiceStandingView),
        compute: (at, actor) => listInvoiceStandings(at, actor, request.params.companyId),
      }),
  });

  // Staff open the company's portal read-only ("view as customer"): one audit row per opening.
  api.post('/companies/:companyId/portal/view-sessions', {
    config: { access: staffOnly() },
    schema: { tags: ['portal'], params: CompanyParams, response: { 200: CustomerViewSession, ...errorResponses } },
    handler: (request) => recordCustomerView(ctx, callerOf(request), { companyId: request.params.companyId }),
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
