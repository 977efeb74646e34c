import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePortalText } from '../portal/i18n.ts';
import { explorerSearch, jpPintUrl } from '../portal/portalApi.ts';
import { Badge, Details, PageHeader, QueryView, Section } from '../../components/ui.tsx';
import { formatBillingPeriod, formatDay, sumDecimals } from '../../format.ts';
import { usePortalPath } from '../../read-only-view.tsx';
import { InvoiceActions } from './InvoiceActions.tsx';
import { formatExact, formatYen, hasPdf, InvoiceStatusBadge } from './InvoiceParts.tsx';
import { invoicePdfUrl, SECTION_KINDS, useInvoice, type InvoiceLine, type InvoiceWithLines, type SectionKind } from './invoicesApi.ts';

/**
 * 請求書の詳細, for staff (drafts included, to review before finalizing) and for the customer (its
 * issued invoices): the header, then (staff, issued) payments, sending and voiding, then the lines by
 * section with the rate each one was converted at.
 */
export function InvoiceDetailPage({ staff, canManage = false }: { staff: boolean; canManage?: boolean }) {
  const { invoiceId = '' } = useParams();
  const invoice = useInvoice(invoiceId);
  return <QueryView query={invoice}>{(data) => <InvoiceDetail data={data} staff={staff} canManage={canManage} />}</QueryView>;
}

function InvoiceDetail({ data: { invoice, lines }, staff, canManage }: { data: InvoiceWithLines; staff: boolean; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const month = formatBillingPeriod(invoice.billing_month, i18n.language);
  const portalText = usePortalText();
  const portalPath = usePortalPath();
  const sections = SECTION_KINDS.map((kind) => ({ kind, lines: lines.filter((l) => l.section === kind) })).filter(
    (s) => s.lines.length > 0,
  );
  return (
    <>
      <PageHeader
        title={t('invoices.detail.title', { customer: invoice.company_name, month })}
        back={{ to: staff ? `/invoices?month=${invoice.billing_month}` : portalPath('/invoices'), label: t('nav.invoices') }}
        actions={
          hasPdf(invoice.status) && (
            <>
              <a className="button button-secondary" href={jpPintUrl(invoice.id)} download>
                {portalText.invoices.jpPint}
              </a>
              <a className="button button-primary" href={invoicePdfUrl(invoice.id)} download>
                {t('invoices.downloadPdf')}
              </a>
            </>
          )
        }
      />
      <Section title={t('invoices.detail.header')}>
        <Details
          items={[
            [t('invoices.customer'), `${invoice.company_name}（${invoice.company_code}）`],
            [t('invoices.month'), month],
            [t('invoices.number'), <span className="mono">{invoice.number ?? t('invoices.detail.numberAtFinalization')}</span>],
            [t('invoices.status'), <InvoiceStatusBadge status={invoice.status} />],
            [t('invoices.issueDate'), formatDay(invoice.issue_date)],
            [t('invoices.dueDate'), formatDay(invoice.due_date)],
            [t('invoices.subtotal'), formatYen(invoice.subtotal_jpy)],
            [t('invoices.taxLabel'), formatYen(invoice.tax_jpy)],
            [t('invoices.total'), <strong>{formatYen(invoice.total_jpy)}</strong>],
          ]}
        />
        {staff && invoice.warnings.length > 0 && (
          <div className="banner banner-warn">
            {t('invoices.warnings')}
            <ul>
              {invoice.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        )}
      </Section>
      {staff && invoice.status !== 'draft' && invoice.number && <InvoiceActions invoice={invoice} canManage={canManage} />}
      {sections.map((section) => (
        <LineSection key={section.kind} kind={section.kind} lines={section.lines} month={staff ? null : invoice.billing_month} />
      ))}
    </>
  );
}

function LineSection({ kind, lines, month }: { kind: SectionKind; lines: InvoiceLine[]; month: string | null }) {
  const { t } = useTranslation();
  const portalText = usePortalText();
  const subtotal = sumDecimals(lines.map((l) => l.jpy));
  return (
    <div className="card">
      <div className="card-header">
        <h2>{t(`invoices.sections.${kind}`)}</h2>
        <span className="muted small">{t('invoices.count', { count: lines.length })}</span>
      </div>
      <div className="table-scroll">
        <table className="table invoice-lines">
          <thead>
            <tr>
              <th>{t('invoices.lines.account')}</th>
              <th>{t('invoices.lines.service')}</th>
              <th className="num">{t('invoices.lines.usd')}</th>
              <th className="num">{t('invoices.lines.markup')}</th>
              <th>{t('invoices.lines.rate')}</th>
              <th className="num">{t('invoices.lines.jpy')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.position}>
                <td className="nowrap">
                  {line.account_id ? <span className="mono">{line.account_id}</span> : '—'}
                  {line.account_name && <div className="small muted">{line.account_name}</div>}
                </td>
                <td>
                  {line.service_name ?? line.description}
                  {line.service_name && line.description !== line.service_name && <div className="small muted">{line.description}</div>}
                  {month && <ExplorerLink line={line} month={month} label={portalText.invoices.explore} />}
                </td>
                <td className="num mono nowrap">{line.usd === null ? '—' : formatExact(line.usd, 2)}</td>
                <td className="num nowrap">{line.markup_percent === null ? '—' : `${formatExact(line.markup_percent, 0)}%`}</td>
                <td className="nowrap">
                  <LineRate line={line} />
                </td>
                <td className="num nowrap">{formatYen(line.jpy)}</td>
              </tr>
            ))}
          </tbody>
          {subtotal !== null && (
            <tfoot>
              <tr>
                <th colSpan={5}>{t('invoices.lines.sectionTotal')}</th>
                <th className="num nowrap">{formatYen(subtotal)}</th>
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </div>
  );
}

/** The rate and its day; a rate taken from another day than the one the rule asked for is marked. */
function LineRate({ line }: { line: InvoiceLine }) {
  const { t } = useTranslation();
  if (line.rate_usd_jpy === null) return <>—</>;
  const moved = line.rate_requested_date !== null && line.rate_date !== line.rate_requested_date;
  return (
    <>
      <span className="mono">{formatExact(line.rate_usd_jpy, 2)}</span>
      <div className="small muted">
        {formatDay(line.rate_date)} {line.rate_source}
      </div>
      {moved && <Badge tone="info">{t('invoices.lines.rateFrom', { date: formatDay(line.rate_requested_date) })}</Badge>}
    </>
  );
}

/** The customer's way from an invoice line to its costs: the explorer on the line's account and service, that month. */
function ExplorerLink({ line, month, label }: { line: InvoiceLine; month: string; label: string }) {
  const portalPath = usePortalPath();
  const source = (line as InvoiceLine & { source?: { usageAccountId?: string; serviceCode?: string } | null }).source;
  if (!line.account_id || !source?.serviceCode) return null;
  const [year, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
  const search = explorerSearch({
    from: `${month}-01`,
    to: last,
    granularity: 'daily',
    groupBy: 'usageType',
    currency: 'JPY',
    account: line.account_id,
    service: source.serviceCode,
  });
  return (
    <div className="small">
      <Link to={portalPath(`/costs/explorer?${search}`)}>{label} →</Link>
    </div>
  );
}
