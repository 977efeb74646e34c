import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { Badge, Details, Empty, ErrorBanner, Field, Notice, PageHeader, QueryView, Section } from '../../components/ui.tsx';
import { formatDateTime } from '../../format.ts';
import { fill, formatMinutes, useInquiriesText } from './i18n.ts';
import {
  CATEGORIES,
  useCloseInquiry,
  useCompanyInquiries,
  useInquiry,
  useInquiryQueue,
  useOpenInquiry,
  usePostMessage,
  type Category,
  type InquirySummary,
} from './inquiriesApi.ts';

/** お問い合わせ (portal): every user of the company asks and follows its inquiries. */
export function CustomerInquiriesPage({ companyId }: { companyId: string }) {
  const text = useInquiriesText();
  const list = useCompanyInquiries(companyId);
  return (
    <>
      <PageHeader title={text.title} subtitle={text.lead} />
      <NewInquiry companyId={companyId} />
      <Section title={text.title}>
        <QueryView query={list}>{(data) => <InquiryTable inquiries={data.inquiries} staff={false} />}</QueryView>
      </Section>
    </>
  );
}

/** お問い合わせ対応 (staff console): the queue, those waiting longest first. */
export function StaffInquiriesPage() {
  const text = useInquiriesText();
  const queue = useInquiryQueue();
  return (
    <>
      <PageHeader title={text.staffTitle} subtitle={text.staffLead} />
      <QueryView query={queue}>
        {(data) => (
          <>
            <Details
              items={[
                [text.averageFirstResponse, formatMinutes(text, data.averageFirstResponseMinutes)],
                [text.averageResolution, formatMinutes(text, data.averageResolutionMinutes)],
              ]}
            />
            <Section title={text.staffTitle}>
              <InquiryTable inquiries={data.inquiries} staff />
            </Section>
          </>
        )}
      </QueryView>
    </>
  );
}

function NewInquiry({ companyId }: { companyId: string }) {
  const text = useInquiriesText();
  const open = useOpenInquiry(companyId);
  const empty = { subject: '', category: 'membership' as Category, body: '' };
  const [values, setValues] = useState(empty);
  const [sent, setSent] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSent(false);
    open.mutate(values, {
      onSuccess: () => {
        setValues(empty);
        setSent(true);
      },
    });
  };
  return (
    <Section title={text.newTitle}>
      {sent && <Notice>{text.sent}</Notice>}
      <ErrorBanner error={open.error} />
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label={text.subject} required>
            {(id) => (
              <input
                id={id}
                value={values.subject}
                maxLength={200}
                onChange={(e) => setValues((v) => ({ ...v, subject: e.target.value }))}
              />
            )}
          </Field>
          <Field label={text.category} required>
            {(id) => (
              <select id={id} value={values.category} onChange={(e) => setValues((v) => ({ ...v, category: e.target.value as Category }))}>
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {text.categories[c]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label={text.body} required>
          {(id) => (
            <textarea
              id={id}
              rows={5}
              value={values.body}
              maxLength={10000}
              onChange={(e) => setValues((v) => ({ ...v, body: e.target.value }))}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button" disabled={open.isPending || !values.subject.trim() || !values.body.trim()}>
            {text.submit}
          </button>
        </div>
      </form>
    </Section>
  );
}

function StatusBadge({ inquiry }: { inquiry: InquirySummary }) {
  const text = useInquiriesText();
  if (inquiry.status === 'closed') return <Badge tone="neutral">{text.statuses.closed}</Badge>;
  return inquiry.awaitingStaff ? <Badge tone="warn">{text.awaitingStaff}</Badge> : <Badge tone="info">{text.awaitingCustomer}</Badge>;
}

function InquiryTable({ inquiries, staff }: { inquiries: InquirySummary[]; staff: boolean }) {
  const text = useInquiriesText();
  if (inquiries.length === 0) return <Empty>{text.empty}</Empty>;
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th>{text.subject}</th>
            {staff && <th>{text.company}</th>}
            <th>{text.category}</th>
            <th>{text.status}</th>
            <th>{text.openedAt}</th>
            {staff && <th className="num">{text.waiting}</th>}
            <th className="num">{text.firstResponse}</th>
            <th className="num">{text.resolution}</th>
          </tr>
        </thead>
        <tbody>
          {inquiries.map((i) => (
            <tr key={i.id}>
              <td>
                <Link to={`/inquiries/${i.id}`}>{i.subject}</Link>
                <div className="small muted">{i.openedBy}</div>
              </td>
              {staff && <td>{i.companyCode}</td>}
              <td>{text.categories[i.category]}</td>
              <td>
                <StatusBadge inquiry={i} />
              </td>
              <td className="nowrap">{formatDateTime(i.openedAt)}</td>
              {staff && <td className="num">{formatMinutes(text, i.waitingMinutes)}</td>}
              <td className="num">{formatMinutes(text, i.firstResponseMinutes)}</td>
              <td className="num">{formatMinutes(text, i.resolutionMinutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One inquiry's thread, for the customer or staff. */
export function InquiryDetailPage({ staff }: { staff: boolean }) {
  const { inquiryId = '' } = useParams();
  const text = useInquiriesText();
  const inquiry = useInquiry(inquiryId);
  const post = usePostMessage(inquiryId);
  const close = useCloseInquiry(inquiryId);
  const [body, setBody] = useState('');
  const send = (event: FormEvent) => {
    event.preventDefault();
    post.mutate(body, { onSuccess: () => setBody('') });
  };
  return (
    <QueryView query={inquiry}>
      {(i) => (
        <>
          <PageHeader
            title={i.subject}
            back={{ to: '/inquiries', label: text.back }}
            actions={
              i.status === 'open' ? (
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={close.isPending}
                  onClick={() => close.mutate(undefined)}
                >
                  {text.close}
                </button>
              ) : undefined
            }
          />
          <ErrorBanner error={close.error} />
          <Details
            items={[
              ...(staff ? ([[text.company, `${i.companyName}（${i.companyCode}）`]] as [string, string][]) : []),
              [text.category, text.categories[i.category]],
              [text.status, <StatusBadge key="s" inquiry={i} />],
              [text.openedBy, `${i.openedBy} / ${formatDateTime(i.openedAt)}`],
              [text.firstResponse, formatMinutes(text, i.firstResponseMinutes)],
              [text.resolution, formatMinutes(text, i.resolutionMinutes)],
            ]}
          />
          <Section title={text.thread}>
            <ol className="thread" style={{ listStyle: 'none', padding: 0, display: 'grid', gap: 12 }}>
              {i.messages.map((m) => (
                <li
                  key={m.id}
                  className="thread-message"
                  style={{
                    border: '1px solid #e5e7eb',
                    borderRadius: 8,
                    padding: 12,
                    background: m.authorKind === 'staff' ? '#f0f7ff' : '#fff',
                    marginLeft: m.authorKind === 'staff' ? 0 : 48,
                    marginRight: m.authorKind === 'staff' ? 48 : 0,
                  }}
                >
                  <div className="small muted">
                    {m.authorName}
                    {m.authorKind === 'staff' && ` ・ ${text.staffLabel}`} ・ {formatDateTime(m.createdAt)}
                  </div>
                  <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{m.body}</div>
                </li>
              ))}
            </ol>
            {i.status === 'closed' && i.closedBy && i.closedAt && (
              <p className="info-note">{fill(text.closedBy, { name: i.closedBy, at: formatDateTime(i.closedAt) })}</p>
            )}
            <form className="form" onSubmit={send} noValidate>
              <ErrorBanner error={post.error} />
              <Field label={text.reply} hint={i.status === 'closed' ? text.reopenHint : undefined}>
                {(id) => <textarea id={id} rows={4} value={body} maxLength={10000} onChange={(e) => setBody(e.target.value)} />}
              </Field>
              <div className="form-actions">
                <button type="submit" className="button" disabled={post.isPending || !body.trim()}>
                  {text.send}
                </button>
              </div>
            </form>
          </Section>
        </>
      )}
    </QueryView>
  );
}
