import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, PageHeader, QueryView } from '../../components/ui.tsx';
import { formatBillingPeriod, formatDay } from '../../format.ts';
import { usePortalPath } from '../../read-only-view.tsx';
import { formatYen, InvoiceStatusBadge } from './InvoiceParts.tsx';
import { invoicePdfUrl, useIssuedInvoices } from './invoicesApi.ts';
import { StandingBadge } from '../portal/PortalParts.tsx';
import { usePortalText } from '../portal/i18n.ts';
import { jpPintUrl, useInvoiceStandings } from '../portal/portalApi.ts';

/** 請求書 (customer portal): the company's issued invoices, newest month first, each with its PDF. */
export function MyInvoicesPage({ companyId }: { companyId: string }) {
  const { t, i18n } = useTranslation();
  const invoices = useIssuedInvoices(companyId);
  const portalPath = usePortalPath();
  // Where each invoice stands with its payments (送付済み / 一部入金 / 入金済み / 期限超過).
  const standings = new Map((useInvoiceStandings(companyId).data ?? []).map((s) => [s.invoiceId, s.status]));
  const portalText = usePortalText();
  return (
    <>
      <PageHeader title={t('invoices.title')} subtitle={t('invoices.portalSubtitle')} />
      <QueryView query={invoices}>
        {(list) => (
          <div className="card">
            {list.length === 0 ? (
              <Empty>{t('invoices.portalEmpty')}</Empty>
            ) : (
              <div className="table-scroll">
                <table className="table invoice-table">
                  <thead>
                    <tr>
                      <th>{t('invoices.month')}</th>
                      <th>{t('invoices.number')}</th>
                      <th>{t('invoices.status')}</th>
                      <th>{t('invoices.issueDate')}</th>
                      <th>{t('invoices.dueDate')}</th>
                      <th className="num">{t('invoices.total')}</th>
                      <th>{t('invoices.pdf')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((invoice) => (
                      <tr key={invoice.id}>
                        <td className="nowrap">
                          <Link to={portalPath(`/invoices/${invoice.id}`)}>
                            {formatBillingPeriod(invoice.billing_month, i18n.language)}
                          </Link>
                        </td>
                        <td className="mono nowrap">{invoice.number}</td>
                        <td className="nowrap">
                          {standings.has(invoice.id) ? (
                            <StandingBadge status={standings.get(invoice.id)!} />
                          ) : (
                            <InvoiceStatusBadge status={invoice.status} />
                          )}
                        </td>
                        <td className="nowrap">{formatDay(invoice.issue_date)}</td>
                        <td className="nowrap">{formatDay(invoice.due_date)}</td>
                        <td className="num nowrap">{formatYen(invoice.total_jpy)}</td>
                        <td className="nowrap">
                          <a href={invoicePdfUrl(invoice.id)} download>
                            {t('invoices.downloadPdf')}
                          </a>{' '}
                          <a href={jpPintUrl(invoice.id)} download className="small">
                            {portalText.invoices.jpPint}
                          </a>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        )}
      </QueryView>
    </>
  );
}
