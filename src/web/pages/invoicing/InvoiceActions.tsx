import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { Badge, Details, Empty, ErrorBanner, Field, Notice, QueryView, Section } from '../../components/ui.tsx';
import { formatDateTime, formatDay } from '../../format.ts';
import { formatYen } from './InvoiceParts.tsx';
import type { InvoiceHeader } from './invoicesApi.ts';

/** GET /api/invoices/:invoiceId/payments (src/modules/receivables/payments-presenter.ts). */
type InvoicePayments = {
  totalJpy: number;
  dueDate: string | null;
  sentAt: string | null;
  status: 'draft' | 'finalized' | 'sent' | 'partially-paid' | 'paid' | 'overdue' | 'void';
  paidJpy: number;
  balanceJpy: number;
  payments: {
    id: string;
    receivedOn: string;
    amountJpy: number;
    method: string;
    note: string | null;
    recordedBy: string | null;
    createdAt: string;
  }[];
};

const ja = {
  receivable: '入金',
  standing: '入金状況',
  statuses: {
    draft: '下書き',
    finalized: '未送付',
    sent: '未入金',
    'partially-paid': '一部入金',
    paid: '入金済',
    overdue: '期限超過',
    void: '取消',
  },
  sentAt: '送付日時',
  notSent: '未送付',
  paid: '入金額',
  balance: '未入金残高',
  noPayments: '入金はまだ記録されていません。',
  receivedOn: '入金日',
  amount: '入金額（円）',
  note: '備考',
  recorded: '記録者',
  record: '入金を記録',
  recordedNotice: '入金を記録しました。',
  overpaid: '請求額を {{yen}} 上回る入金です。返金または次回請求での調整をご検討ください。',
  send: '請求書を送付',
  sendLead: '請求先メールアドレスへ PDF を添付して送付します。送付日が受領日になります。',
  voidTitle: '請求書の取消',
  voidLead: '入金のない請求書を取り消し、適格返還請求書を発行します。次回の請求書作成でこの月を再作成できます。',
  reason: '取消の理由',
  void: '取り消して返還請求書を発行',
  voidConfirm: 'この請求書を取り消しますか？取り消しは元に戻せません。',
  voidedNotice: '請求書を取り消し、返還請求書 {{number}} を発行しました。',
  paidCannotVoid: '入金のある請求書は取り消せません。',
  isVoid: 'この請求書は取り消されています。',
};
type Texts = typeof ja;
const en: Texts = {
  receivable: 'Payments',
  standing: 'Standing',
  statuses: {
    draft: 'Draft',
    finalized: 'Not sent',
    sent: 'Unpaid',
    'partially-paid': 'Partially paid',
    paid: 'Paid',
    overdue: 'Overdue',
    void: 'Void',
  },
  sentAt: 'Sent',
  notSent: 'Not sent',
  paid: 'Paid',
  balance: 'Balance',
  noPayments: 'No payment recorded yet.',
  receivedOn: 'Received on',
  amount: 'Amount (JPY)',
  note: 'Note',
  recorded: 'Recorded by',
  record: 'Record payment',
  recordedNotice: 'Payment recorded.',
  overpaid: 'This payment exceeds the invoice by {{yen}}. Consider a refund or an adjustment on the next invoice.',
  send: 'Send invoice',
  sendLead: 'E-mails the PDF to the billing contact. The day it is sent is the receipt date.',
  voidTitle: 'Void the invoice',
  voidLead: 'Voids an unpaid invoice with a credit note (適格返還請求書). The next invoice run drafts the month again.',
  reason: 'Reason',
  void: 'Void and issue a credit note',
  voidConfirm: 'Void this invoice? This cannot be undone.',
  voidedNotice: 'Invoice voided; credit note {{number}} issued.',
  paidCannotVoid: 'An invoice with payments cannot be voided.',
  isVoid: 'This invoice has been voided.',
};

function useTexts(): Texts {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? en : ja;
}
const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');

const tone = {
  draft: 'neutral',
  finalized: 'warn',
  sent: 'info',
  'partially-paid': 'warn',
  paid: 'good',
  overdue: 'bad',
  void: 'neutral',
} as const;

/**
 * The staff's work on an issued invoice: where its payment stands, recording a bank transfer, sending
 * it to the customer, voiding it with a credit note. `canManage`: admin and billing (others read).
 */
export function InvoiceActions({ invoice, canManage }: { invoice: InvoiceHeader; canManage: boolean }) {
  const payments = useQuery({
    queryKey: ['invoices', 'payments', invoice.id],
    queryFn: () => api.get<InvoicePayments>(`/invoices/${invoice.id}/payments`),
  });
  return (
    <QueryView query={payments}>
      {(data) => (
        <>
          <Payments invoice={invoice} data={data} canManage={canManage} />
          {canManage && invoice.status === 'finalized' && <SendInvoice invoice={invoice} />}
          {canManage && <VoidInvoice invoice={invoice} paid={data.paidJpy > 0} />}
        </>
      )}
    </QueryView>
  );
}

function Payments({ invoice, data, canManage }: { invoice: InvoiceHeader; data: InvoicePayments; canManage: boolean }) {
  const text = useTexts();
  return (
    <Section title={text.receivable}>
      <>
        <Details
          items={[
            [text.standing, <Badge tone={tone[data.status]}>{text.statuses[data.status]}</Badge>],
            [text.sentAt, data.sentAt ? formatDateTime(data.sentAt) : text.notSent],
            [text.paid, formatYen(data.paidJpy)],
            [text.balance, data.status === 'void' ? '—' : <strong>{formatYen(data.balanceJpy)}</strong>],
          ]}
        />
        {data.payments.length === 0 ? (
          <Empty>{text.noPayments}</Empty>
        ) : (
          <table className="table" data-testid="payments">
            <thead>
              <tr>
                <th>{text.receivedOn}</th>
                <th className="num">{text.amount}</th>
                <th>{text.note}</th>
                <th>{text.recorded}</th>
              </tr>
            </thead>
            <tbody>
              {data.payments.map((p) => (
                <tr key={p.id}>
                  <td>{formatDay(p.receivedOn)}</td>
                  <td className="num">{formatYen(p.amountJpy)}</td>
                  <td>{p.note ?? '—'}</td>
                  <td className="small">{p.recordedBy ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canManage && (invoice.status === 'finalized' || invoice.status === 'sent') && <RecordPayment invoice={invoice} />}
      </>
    </Section>
  );
}

function RecordPayment({ invoice }: { invoice: InvoiceHeader }) {
  const text = useTexts();
  const queryClient = useQueryClient();
  const [receivedOn, setReceivedOn] = useState('');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const record = useMutation({
    mutationFn: () =>
      api.post<{ overpaid: boolean; overpaidJpy: number }>(`/invoices/${invoice.id}/payments`, {
        receivedOn,
        amountJpy: amount.replace(/[,\s]/g, ''),
        note: note || null,
      }),
    onSuccess: () => {
      setAmount('');
      setNote('');
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['invoices'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate();
  };
  return (
    <>
      <ErrorBanner error={record.error} />
      {record.data && (
        <Notice>{record.data.overpaid ? fill(text.overpaid, { yen: formatYen(record.data.overpaidJpy) }) : text.recordedNotice}</Notice>
      )}
      <form className="form-grid" onSubmit={submit}>
        <Field label={text.receivedOn} required>
          {(id) => <input id={id} type="date" value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} required />}
        </Field>
        <Field label={text.amount} required>
          {(id) => <input id={id} inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} required />}
        </Field>
        <Field label={text.note}>{(id) => <input id={id} value={note} onChange={(e) => setNote(e.target.value)} />}</Field>
        <div>
          <button className="button button-primary" type="submit" disabled={record.isPending}>
            {text.record}
          </button>
        </div>
      </form>
    </>
  );
}

function SendInvoice({ invoice }: { invoice: InvoiceHeader }) {
  const text = useTexts();
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: () =>
      api.post<{ receiptDate: string }>('/invoices/send', { month: invoice.billing_month, companyCode: invoice.company_code }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['invoices'] }),
  });
  return (
    <Section title={text.send}>
      <>
        <p className="muted">{text.sendLead}</p>
        <ErrorBanner error={send.error} />
        <button className="button button-primary" type="button" disabled={send.isPending} onClick={() => send.mutate()}>
          {text.send}
        </button>
      </>
    </Section>
  );
}

function VoidInvoice({ invoice, paid }: { invoice: InvoiceHeader; paid: boolean }) {
  const text = useTexts();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const voiding = useMutation({
    mutationFn: () => api.post<{ creditNoteNumber: string }>('/invoices/void', { number: invoice.number, reason }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['invoices'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (window.confirm(text.voidConfirm)) voiding.mutate();
  };
  return (
    <Section title={text.voidTitle}>
      <>
        <p className="muted">{invoice.status === 'void' ? text.isVoid : paid ? text.paidCannotVoid : text.voidLead}</p>
        <ErrorBanner error={voiding.error} />
        {voiding.data && <Notice>{fill(text.voidedNotice, { number: voiding.data.creditNoteNumber })}</Notice>}
        {!paid && invoice.status !== 'void' && (
          <form className="form-grid" onSubmit={submit}>
            <Field label={text.reason} required>
              {(id) => <input id={id} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} />}
            </Field>
            <div>
              <button className="button button-danger" type="submit" disabled={voiding.isPending}>
                {text.void}
              </button>
            </div>
          </form>
        )}
      </>
    </Section>
  );
}
