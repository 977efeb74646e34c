import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { Empty, PageHeader, QueryView, Section, useErrorText } from '../../components/ui.tsx';
import { formatBillingPeriod, formatDay, formatDecimal, todayJst } from '../../format.ts';
import { formatYen, formatYenChange, InvoiceStatusBadge } from './InvoiceParts.tsx';
import {
  previousMonth,
  useFinalizeInvoices,
  useInvoices,
  useRunInvoiceDrafts,
  type FinalizeOutcome,
  type InvoiceListItem,
  type InvoiceRunResult,
} from './invoicesApi.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * 請求書 (staff console): the month's invoices per customer, with the change against the month
 * before. Admins and billing operators draft the month (again, as often as needed) and finalize it.
 */
export function InvoicesPage({ canManage }: { canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get('month') ?? '';
  // The month being closed is normally the one just ended.
  const month = MONTH.test(asked) ? asked : previousMonth(todayJst().slice(0, 7));
  const invoices = useInvoices(month);
  const before = useInvoices(previousMonth(month));
  const run = useRunInvoiceDrafts();
  const finalize = useFinalizeInvoices();
  const [confirming, setConfirming] = useState(false);
  const drafts = invoices.data?.filter((i) => i.status === 'draft').length ?? 0;

  const changeMonth = (value: string) => {
    if (!MONTH.test(value)) return;
    run.reset();
    finalize.reset();
    setConfirming(false);
    setParams({ month: value });
  };

  return (
    <>
      <PageHeader title={t('invoices.title')} subtitle={t('invoices.subtitle')} />
      <div className="card">
        <div className="toolbar">
          <label className="inline-label nowrap">
            {t('invoices.month')}
            <input type="month" value={month} onChange={(e) => changeMonth(e.target.value)} />
          </label>
          {canManage && (
            <>
              <button
                type="button"
                className="button button-primary"
                disabled={run.isPending || finalize.isPending}
                onClick={() => {
                  finalize.reset();
                  setConfirming(false);
                  run.mutate(month);
                }}
              >
                {run.isPending ? t('invoices.run.running') : t('invoices.run.submit')}
              </button>
              <button
                type="button"
                className="button button-secondary"
                disabled={drafts === 0 || run.isPending || finalize.isPending}
                onClick={() => {
                  run.reset();
                  setConfirming(true);
                }}
              >
                {t('invoices.finalize.submit')}
              </button>
            </>
          )}
        </div>
        {confirming && (
          <div className="confirm" role="alertdialog" aria-label={t('invoices.finalize.confirmTitle')}>
            <p>{t('invoices.finalize.confirm', { month: formatBillingPeriod(month, i18n.language), count: drafts })}</p>
            <div className="form-actions">
              <button
                type="button"
                className="button button-primary"
                onClick={() => {
                  setConfirming(false);
                  finalize.mutate(month);
                }}
              >
                {t('invoices.finalize.confirmSubmit')}
              </button>
              <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        )}
      </div>
      {run.isError && <Refusal lead={t('invoices.run.refused')} error={run.error} />}
      {run.data && <RunResult result={run.data} />}
      {finalize.isError && <Refusal lead={t('invoices.finalize.refused')} error={finalize.error} />}
      {finalize.data && <FinalizeResult outcomes={finalize.data} />}
      <QueryView query={invoices}>
        {(list) => (
          <InvoiceTable month={month} invoices={list} previous={before.isSuccess && !before.isPlaceholderData ? before.data : null} />
        )}
      </QueryView>
    </>
  );
}

/** A business refusal shows the server's reason in full (e.g. the FX rates a run still needs). */
function Refusal({ lead, error }: { lead: string; error: unknown }) {
  const errorText = useErrorText();
  const reason = error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 403;
  return (
    <div className="banner banner-error pre" role="alert">
      {lead}
      {'\n'}
      {reason ? error.message : errorText(error)}
    </div>
  );
}

function RunResult({ result }: { result: InvoiceRunResult }) {
  const { t, i18n } = useTranslation();
  const unassigned = Object.entries(result.unassignedUsd);
  return (
    <Section title={t('invoices.run.resultTitle', { month: formatBillingPeriod(result.month, i18n.language) })}>
      <div className="banner banner-success" role="status">
        {t('invoices.run.done', { count: result.drafts.length })}
      </div>
      {result.drafts.length > 0 && (
        <table className="table run-drafts">
          <thead>
            <tr>
              <th>{t('invoices.code')}</th>
              <th className="num">{t('invoices.lineCount')}</th>
              <th className="num">{t('invoices.total')}</th>
            </tr>
          </thead>
          <tbody>
            {result.drafts.map((d) => (
              <tr key={d.invoiceId}>
                <td className="mono">
                  <Link to={`/invoices/${d.invoiceId}`}>{d.companyCode}</Link>
                </td>
                <td className="num">{d.lines}</td>
                <td className="num">{formatYen(d.totalJpy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.finalized.length > 0 && (
        <p className="info-note">{t('invoices.run.alreadyFinalized', { codes: result.finalized.join(', ') })}</p>
      )}
      {result.nothingToBill.length > 0 && (
        <p className="info-note">{t('invoices.run.nothingToBill', { codes: result.nothingToBill.join(', ') })}</p>
      )}
      {unassigned.length > 0 && (
        <div className="banner banner-warn run-unassigned">
          {t('invoices.run.unassigned')}
          <ul>
            {unassigned.map(([account, usd]) => (
              <li key={account}>
                <span className="mono">{account}</span>: USD {formatDecimal(usd)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Warnings warnings={result.warnings} />
    </Section>
  );
}

function FinalizeResult({ outcomes }: { outcomes: FinalizeOutcome[] }) {
  const { t } = useTranslation();
  const finalized = outcomes.filter((o) => o.status === 'finalized');
  const refused = outcomes.filter((o) => o.status === 'refused');
  return (
    <Section title={t('invoices.finalize.resultTitle')}>
      {finalized.length > 0 && (
        <div className="banner banner-success" role="status">
          {t('invoices.finalize.done', { count: finalized.length })}
          <ul>
            {finalized.map((o) => (
              <li key={o.invoiceId}>
                <span className="mono">{o.companyCode}</span>: {t('invoices.number')} <span className="mono">{o.number}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {refused.length > 0 && (
        <div className="banner banner-error" role="alert">
          {t('invoices.finalize.someRefused', { count: refused.length })}
          <ul>
            {refused.map((o) => (
              <li key={o.invoiceId}>
                <span className="mono">{o.companyCode}</span>: {o.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Section>
  );
}

function Warnings({ warnings }: { warnings: string[] }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <div className="banner banner-warn">
      {t('invoices.warnings')}
      <ul>
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  );
}

/** `previous`: the month before's invoices, null while they load. */
function InvoiceTable({ month, invoices, previous }: { month: string; invoices: InvoiceListItem[]; previous: InvoiceListItem[] | null }) {
  const { t, i18n } = useTranslation();
  const previousTotal = new Map((previous ?? []).map((i) => [i.company_code, i.total_jpy]));
  const change = (invoice: InvoiceListItem) => {
    if (previous === null) return '…';
    const before = previousTotal.get(invoice.company_code);
    return before === undefined ? (
      <span className="muted small">{t('invoices.noPrevious')}</span>
    ) : (
      formatYenChange(invoice.total_jpy - before)
    );
  };
  return (
    <div className="card">
      <div className="card-header">
        <h2>{t('invoices.listTitle', { month: formatBillingPeriod(month, i18n.language) })}</h2>
        <span className="muted small">{t('invoices.count', { count: invoices.length })}</span>
      </div>
      {invoices.length === 0 ? (
        <Empty>{t('invoices.empty')}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="table invoice-table">
            <thead>
              <tr>
                <th>{t('invoices.code')}</th>
                <th>{t('invoices.customer')}</th>
                <th>{t('invoices.status')}</th>
                <th>{t('invoices.number')}</th>
                <th className="num">{t('invoices.subtotal')}</th>
                <th className="num">{t('invoices.tax')}</th>
                <th className="num">{t('invoices.total')}</th>
                <th className="num">{t('invoices.change')}</th>
                <th>{t('invoices.warnings')}</th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((invoice) => (
                <tr key={invoice.id}>
                  <td className="mono nowrap">
                    <Link to={`/invoices/${invoice.id}`}>{invoice.company_code}</Link>
                  </td>
                  <td>{invoice.company_name}</td>
                  <td className="nowrap">
                    <InvoiceStatusBadge status={invoice.status} />
                  </td>
                  <td className="mono nowrap">
                    {invoice.number ?? '—'}
                    {invoice.issue_date && (
                      <div className="small muted">{t('invoices.issuedOn', { date: formatDay(invoice.issue_date) })}</div>
                    )}
                  </td>
                  <td className="num nowrap">{formatYen(invoice.subtotal_jpy)}</td>
                  <td className="num nowrap">{formatYen(invoice.tax_jpy)}</td>
                  <td className="num nowrap">{formatYen(invoice.total_jpy)}</td>
                  <td className="num nowrap">{change(invoice)}</td>
                  <td className="small">
                    {invoice.warnings.length > 0 && (
                      <ul className="plain-list">
                        {invoice.warnings.map((w) => (
                          <li key={w}>{w}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
