import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Empty, PageHeader, QueryView, Section } from '../../components/ui.tsx';
import { formatBillingPeriod, formatDateTime, formatDay, formatDecimal } from '../../format.ts';
import { formatYen } from '../invoicing/InvoiceParts.tsx';
import { fill, useMonthCloseText } from './i18n.ts';
import { useMonthClose, type MonthClose, type StepState } from './monthCloseApi.ts';

const TONE = { done: 'good', pending: 'warn', attention: 'bad', none: 'neutral' } as const;

/** The month before the current UTC month: the one being closed. */
function lastMonth() {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

/** 月次締め (staff: admin, billing): each step of a usage month's close with its numbers, linking to the pages that do the work. */
export function MonthClosePage() {
  const text = useMonthCloseText();
  const { i18n } = useTranslation();
  const [month, setMonth] = useState(lastMonth());
  const close = useMonthClose(month);
  return (
    <>
      <PageHeader
        title={text.title}
        subtitle={text.lead}
        actions={
          <label className="inline-label">
            {text.month}
            <input
              type="month"
              aria-label={text.month}
              value={month}
              onChange={(e) => e.target.value && setMonth(e.target.value)}
              style={{ width: 'auto' }}
            />
          </label>
        }
      />
      <QueryView query={close}>
        {(data) => (
          <>
            <h2 style={{ margin: '0 0 12px' }}>{formatBillingPeriod(data.month, i18n.language)}</h2>
            <Steps data={data} />
            <Restricted data={data} />
          </>
        )}
      </QueryView>
    </>
  );
}

function Step({ title, state, link, children }: { title: string; state: StepState; link: string; children: ReactNode }) {
  const text = useMonthCloseText();
  return (
    <Section
      title={
        <span style={{ display: 'inline-flex', gap: 10, alignItems: 'center' }}>
          <Badge tone={TONE[state]}>{text.states[state]}</Badge>
          {title}
        </span>
      }
      actions={<Link to={link}>{text.open} →</Link>}
    >
      {children}
    </Section>
  );
}

function Steps({ data }: { data: MonthClose }) {
  const text = useMonthCloseText();
  const d = data.deliveries;
  return (
    <div data-testid="month-close-steps">
      <Step title={text.steps.deliveries} state={data.steps.deliveries} link="/cost-data">
        {d.periods.length === 0 ? (
          <Empty>{text.deliveries.none}</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{text.deliveries.payer}</th>
                <th className="num">{text.deliveries.version}</th>
                <th />
                <th className="num">{text.deliveries.usd}</th>
                <th className="num">{text.deliveries.accounts}</th>
                <th>{text.deliveries.updated}</th>
              </tr>
            </thead>
            <tbody>
              {d.periods.map((p) => (
                <tr key={p.payerAccountId}>
                  <td className="mono">{p.payerAccountId}</td>
                  <td className="num">{p.version}</td>
                  <td>
                    <Badge tone={p.isFinal ? 'good' : 'warn'}>{p.isFinal ? text.deliveries.final : text.deliveries.notFinal}</Badge>
                  </td>
                  <td className="num mono">{formatDecimal(p.unblendedUsd)}</td>
                  <td className="num">{p.accounts}</td>
                  <td className="nowrap">{formatDateTime(p.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="info-note">{fill(text.deliveries.ingestions, d.ingestions)}</p>
      </Step>
      <Step title={text.steps.fx} state={data.steps.fx} link="/fx-rates">
        <p style={{ margin: 0 }}>
          {fill(text.fx.requested, { date: formatDay(data.fx.requestedDate) })}
          {' — '}
          {data.fx.rate ? (
            <>
              {fill(text.fx.rate, { date: formatDay(data.fx.rate.rateDate), rate: data.fx.rate.usdJpy, source: data.fx.rate.source })}
              {data.fx.rate.fallback && text.fx.fallback}
            </>
          ) : (
            <>
              {text.fx.missing}
              <div className="small muted">{data.fx.missing}</div>
            </>
          )}
        </p>
      </Step>
      <Step title={text.steps.drafts} state={data.steps.drafts} link="/invoices">
        <p style={{ margin: 0 }}>
          {fill(text.invoices.summary, { ...data.invoices, warnings: data.invoices.draftsWithWarnings })}
          <br />
          {fill(text.invoices.total, { total: formatYen(data.invoices.totalJpy) })}
        </p>
      </Step>
      <Step title={text.steps.finalized} state={data.steps.finalized} link="/invoices">
        <p style={{ margin: 0 }}>{fill(text.invoices.summary, { ...data.invoices, warnings: data.invoices.draftsWithWarnings })}</p>
      </Step>
      <Step title={text.steps.sent} state={data.steps.sent} link="/invoices">
        <p style={{ margin: 0 }}>{fill(text.invoices.summary, { ...data.invoices, warnings: data.invoices.draftsWithWarnings })}</p>
      </Step>
      <Step title={text.steps.paid} state={data.steps.paid} link="/invoices">
        <p style={{ margin: 0 }}>
          {fill(text.payments.summary, {
            due: data.payments.due,
            paid: data.payments.paid,
            partial: data.payments.partiallyPaid,
            overdue: data.payments.overdue,
          })}
          <br />
          {fill(text.payments.amounts, { billed: formatYen(data.payments.billedJpy), received: formatYen(data.payments.receivedJpy) })}
        </p>
      </Step>
    </div>
  );
}

function Restricted({ data }: { data: MonthClose }) {
  const text = useMonthCloseText();
  return (
    <Section title={text.restricted.title}>
      {data.restricted.length === 0 ? (
        <Empty>{text.restricted.none}</Empty>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{text.restricted.company}</th>
              <th>{text.restricted.account}</th>
              <th>{text.restricted.service}</th>
              <th className="num">{text.restricted.amount}</th>
            </tr>
          </thead>
          <tbody>
            {data.restricted.map((r, i) => (
              <tr key={i}>
                <td>
                  {r.companyName}
                  <div className="small muted">{r.companyCode}</div>
                </td>
                <td className="mono">{r.usageAccountId}</td>
                <td>{r.serviceName}</td>
                <td className="num mono">
                  {r.amountJpy === null ? '—' : formatYen(r.amountJpy)}
                  <div className="small muted">USD {formatDecimal(r.amountUsd)}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
