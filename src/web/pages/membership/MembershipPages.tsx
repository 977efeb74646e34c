import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { Badge, Checkbox, Details, Empty, ErrorBanner, Field, Notice, PageHeader, QueryView, Section } from '../../components/ui.tsx';
import { formatBytes, formatDateTime, formatDay } from '../../format.ts';
import { useMayChange } from '../../read-only-view.tsx';
import { formatYen } from '../invoicing/InvoiceParts.tsx';
import { formatMinutes, useInquiriesText } from '../inquiries/i18n.ts';
import { useInquiryQueue } from '../inquiries/inquiriesApi.ts';
import { fill, useMembershipText } from './i18n.ts';
import {
  RANKS,
  readUpload,
  STATUSES,
  useAdjustTickets,
  useApplication,
  useApply,
  useCancelApplication,
  useMembership,
  useMoveApplication,
  useOverrideRank,
  usePostMessage,
  useRequestTraining,
  useSaveService,
  useSaveThresholds,
  useSaveTrainingItem,
  useStaffOverview,
  useUpdateTraining,
  type ApplicationSummary,
  type Membership,
  type Rank,
  type Service,
  type Status,
  type StaffOverview,
  type TicketEntry,
  type TrainingMenuItem,
  type TrainingRequest,
} from './membershipApi.ts';

const RANK_TONE: Record<Rank, 'info' | 'warn' | 'neutral' | 'good'> = {
  PLATINUM: 'info',
  GOLD: 'warn',
  SILVER: 'neutral',
  BRONZE: 'neutral',
  REGULAR: 'neutral',
};
const STATUS_TONE: Record<Status, 'info' | 'warn' | 'good' | 'bad' | 'neutral'> = {
  applied: 'warn',
  scheduling: 'info',
  in_progress: 'info',
  reported: 'good',
  done: 'good',
  rejected: 'bad',
  cancelled: 'neutral',
};
const NEXT_STATUSES: Record<Status, Status[]> = {
  applied: ['scheduling', 'rejected'],
  scheduling: ['in_progress', 'rejected'],
  in_progress: ['reported'],
  reported: ['done', 'in_progress'],
  done: [],
  rejected: [],
  cancelled: [],
};

function useServiceName() {
  const { i18n } = useTranslation();
  return (a: { serviceNameJa: string; serviceNameEn: string }) => (i18n.language === 'en' ? a.serviceNameEn : a.serviceNameJa);
}

/** cloudpack+ (customer portal): rank, tickets, accounts, CSM, services, applications, training. */
export function CustomerMembershipPage({ companyId, canApply }: { companyId: string; canApply: boolean }) {
  const text = useMembershipText();
  const membership = useMembership(companyId);
  if (membership.error instanceof ApiError && membership.error.status === 404) {
    return (
      <>
        <PageHeader title={text.title} />
        <Empty>{text.notEligible}</Empty>
      </>
    );
  }
  return (
    <>
      <PageHeader title={text.title} subtitle={text.lead} />
      <QueryView query={membership}>
        {(m) => (
          <>
            <Summary m={m} />
            <Applications applications={m.applications} />
            {canApply ? <ApplyForm m={m} /> : <p className="info-note">{text.onlyRepresentatives}</p>}
            <Catalog services={m.services} />
            <Training m={m} canApply={canApply} />
            <Ledger entries={m.ledger} />
          </>
        )}
      </QueryView>
    </>
  );
}

function Summary({ m }: { m: Membership }) {
  const text = useMembershipText();
  return (
    <Section title={`${m.companyName} — ${m.fiscalYear}`}>
      {!m.yearOpened && <p className="info-note">{text.notOpened}</p>}
      <Details
        items={[
          [
            text.rank,
            <span key="r">
              <Badge tone={RANK_TONE[m.rank]}>{m.rank}</Badge> {m.overridden && <Badge>{text.overridden}</Badge>}
            </span>,
          ],
          [text.validity, `${formatDay(m.validFrom)} – ${formatDay(m.validTo)}`],
          [text.balance, <strong key="b" data-testid="ticket-balance">{`${m.balance} ${text.tickets}`}</strong>],
          [text.expires, formatDay(m.ticketsExpireOn)],
          [text.csm, m.csm ? `${m.csm.name}（${m.csm.email}）` : text.noCsm],
          [text.accounts, m.accounts.length ? m.accounts.map((a) => `${a.accountId} ${a.name}`).join('、') : text.noAccounts],
        ]}
      />
    </Section>
  );
}

function Applications({ applications }: { applications: ApplicationSummary[] }) {
  const text = useMembershipText();
  const name = useServiceName();
  // An application's page is a conversation (messages, cancel): not part of staff's read-only view.
  const linked = useMayChange();
  return (
    <Section title={text.applications}>
      {applications.length === 0 ? (
        <Empty>{text.applicationsEmpty}</Empty>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{text.service}</th>
              <th>{text.account}</th>
              <th className="num">{text.cost}</th>
              <th>{text.status}</th>
              <th>{text.appliedAt}</th>
              <th>{text.earliestStart}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {applications.map((a) => (
              <tr key={a.id}>
                <td>{name(a)}</td>
                <td className="mono">{a.awsAccountId ?? '—'}</td>
                <td className="num">{a.tickets}</td>
                <td>
                  <Badge tone={STATUS_TONE[a.status]}>{text.statuses[a.status]}</Badge>
                </td>
                <td>{formatDateTime(a.appliedAt)}</td>
                <td>{formatDay(a.earliestStart)}</td>
                <td>{linked && <Link to={`/membership/applications/${a.id}`}>{text.open}</Link>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function Catalog({ services }: { services: Service[] }) {
  const text = useMembershipText();
  const name = useServiceName();
  return (
    <Section title={text.services}>
      <table className="table">
        <thead>
          <tr>
            <th>{text.service}</th>
            <th className="num">{text.cost}</th>
            <th>{text.scope}</th>
            <th>{text.leadDays}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {services.map((s) => (
            <tr key={s.code}>
              <td>{name({ serviceNameJa: s.nameJa, serviceNameEn: s.nameEn })}</td>
              <td className="num">{s.costFromTrainingMenu ? `${s.ticketCost}〜` : s.ticketCost}</td>
              <td>{s.perAccount ? text.perAccount : text.wholeCompany}</td>
              <td>{s.leadBusinessDays ? fill(text.businessDays, { n: s.leadBusinessDays }) : '—'}</td>
              <td>
                {!s.cancellable && <Badge tone="warn">{text.noCancel}</Badge>}{' '}
                {s.yearlyCapacity !== null && <Badge>{fill(text.capacity, { used: s.capacityUsed, cap: s.yearlyCapacity })}</Badge>}{' '}
                {s.problem && <Badge tone="bad">{fill(text.problems[s.problem], { rank: s.minRank })}</Badge>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function ApplyForm({ m }: { m: Membership }) {
  const text = useMembershipText();
  const name = useServiceName();
  const apply = useApply(m.companyId);
  const available = m.services.filter((s) => s.problem === null);
  const [serviceCode, setServiceCode] = useState(available[0]?.code ?? '');
  const [account, setAccount] = useState('');
  const [training, setTraining] = useState(m.trainingMenu[0]?.code ?? '');
  const [note, setNote] = useState('');
  const [done, setDone] = useState(false);
  const service = m.services.find((s) => s.code === serviceCode);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    apply.mutate(
      {
        serviceCode,
        awsAccountId: service?.perAccount ? account || null : null,
        trainingCode: service?.costFromTrainingMenu ? training : null,
        note,
      },
      {
        onSuccess: () => {
          setNote('');
          setDone(true);
        },
      },
    );
  };
  return (
    <Section title={text.applyTitle}>
      {done && <Notice>{text.applied}</Notice>}
      <ErrorBanner error={apply.error} />
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label={text.service} required>
            {(id) => (
              <select id={id} value={serviceCode} onChange={(e) => setServiceCode(e.target.value)}>
                {available.map((s) => (
                  <option key={s.code} value={s.code}>
                    {name({ serviceNameJa: s.nameJa, serviceNameEn: s.nameEn })}（
                    {s.costFromTrainingMenu ? `${s.ticketCost}〜` : s.ticketCost}
                    {text.tickets}）
                  </option>
                ))}
              </select>
            )}
          </Field>
          {service?.perAccount && (
            <Field label={text.account} required>
              {(id) => (
                <select id={id} value={account} onChange={(e) => setAccount(e.target.value)}>
                  <option value="">{text.chooseAccount}</option>
                  {m.accounts.map((a) => (
                    <option key={a.accountId} value={a.accountId}>
                      {a.accountId} {a.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {service?.costFromTrainingMenu && (
            <Field label={text.training} required>
              {(id) => (
                <select id={id} value={training} onChange={(e) => setTraining(e.target.value)}>
                  {m.trainingMenu.map((t) => (
                    <option key={t.code} value={t.code}>
                      {t.nameJa}（{t.ticketCost}
                      {text.tickets}）
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label={text.note}>
            {(id) => <textarea id={id} value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} />}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={apply.isPending || !serviceCode}>
            {text.apply}
          </button>
        </div>
      </form>
    </Section>
  );
}

function Training({ m, canApply }: { m: Membership; canApply: boolean }) {
  const text = useMembershipText();
  const request = useRequestTraining(m.companyId);
  const [code, setCode] = useState(m.trainingMenu[0]?.code ?? '');
  const [dates, setDates] = useState(['', '', '']);
  const [done, setDone] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    request.mutate({ trainingCode: code, preferredDates: dates.filter(Boolean), note: '' }, { onSuccess: () => setDone(true) });
  };
  return (
    <Section title={text.trainingTitle}>
      <p className="info-note">
        {m.training.offerTicketedOption ? text.trainingUsed : fill(text.trainingLead, { quota: m.training.quota, left: m.training.left })}
      </p>
      {done && <Notice>{text.trainingRequested}</Notice>}
      <ErrorBanner error={request.error} />
      {canApply && !m.training.offerTicketedOption && (
        <form className="form" onSubmit={submit} noValidate>
          <div className="form-grid">
            <Field label={text.training} required>
              {(id) => (
                <select id={id} value={code} onChange={(e) => setCode(e.target.value)}>
                  {m.trainingMenu.map((t) => (
                    <option key={t.code} value={t.code}>
                      {t.nameJa}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={text.preferredDates} required>
              {(id) => (
                <div id={id} className="inline">
                  {dates.map((d, i) => (
                    <input
                      key={i}
                      type="date"
                      min={m.today}
                      value={d}
                      onChange={(e) => setDates((all) => all.map((x, j) => (j === i ? e.target.value : x)))}
                    />
                  ))}
                </div>
              )}
            </Field>
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={request.isPending || !dates.some(Boolean)}>
              {text.requestTraining}
            </button>
          </div>
        </form>
      )}
      {m.training.requests.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>{text.training}</th>
              <th>{text.preferredDates}</th>
              <th>{text.status}</th>
            </tr>
          </thead>
          <tbody>
            {m.training.requests.map((r) => (
              <tr key={r.id}>
                <td>{r.trainingName}</td>
                <td>{r.preferredDates.map(formatDay).join('、')}</td>
                <td>
                  {text.trainingStatuses[r.status]}
                  {r.scheduledOn && ` ${formatDay(r.scheduledOn)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function Ledger({ entries }: { entries: TicketEntry[] }) {
  const text = useMembershipText();
  return (
    <Section title={text.history}>
      {entries.length === 0 ? (
        <Empty>{text.historyEmpty}</Empty>
      ) : (
        <table className="table" data-testid="ticket-history">
          <thead>
            <tr>
              <th>{text.date}</th>
              <th>{text.kind}</th>
              <th className="num">{text.amount}</th>
              <th className="num">{text.after}</th>
              <th>{text.reason}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.at)}</td>
                <td>{text.kinds[e.kind]}</td>
                <td className="num">{e.amount > 0 ? `+${e.amount}` : e.amount}</td>
                <td className="num">{e.balanceAfter}</td>
                <td>{e.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

/** One application: its thread, attachments and reports; staff change its status, representatives cancel. */
export function ApplicationPage({ staff, canCancel }: { staff: boolean; canCancel: boolean }) {
  const text = useMembershipText();
  const name = useServiceName();
  const { applicationId = '' } = useParams();
  const application = useApplication(applicationId);
  const cancel = useCancelApplication();
  return (
    <QueryView query={application}>
      {(a) => (
        <>
          <PageHeader title={name(a)} back={{ to: '/membership', label: text.back }} />
          <Section title={a.companyName}>
            <Details
              items={[
                [
                  text.status,
                  <Badge key="s" tone={STATUS_TONE[a.status]}>
                    {text.statuses[a.status]}
                  </Badge>,
                ],
                [text.account, a.awsAccountId ?? '—'],
                [text.cost, `${a.tickets} ${text.tickets}`],
                [text.appliedAt, formatDateTime(a.appliedAt)],
                [text.earliestStart, formatDay(a.earliestStart)],
                [text.note, a.note || '—'],
              ]}
            />
            <ErrorBanner error={cancel.error} />
            {canCancel && a.cancellable && (
              <button type="button" className="button button-secondary" disabled={cancel.isPending} onClick={() => cancel.mutate(a.id)}>
                {text.cancel}
              </button>
            )}
          </Section>
          {staff && <MoveForm applicationId={a.id} status={a.status} />}
          <Section title={text.thread}>
            <ul className="thread">
              {a.messages.map((m) => (
                <li key={m.id} className={`thread-item thread-${m.side}`}>
                  <div className="thread-meta">
                    <strong>{m.side === 'system' ? text.system : (m.authorName ?? text.staffSide)}</strong> {formatDateTime(m.at)}{' '}
                    {m.statusTo && <Badge tone={STATUS_TONE[m.statusTo]}>{text.statuses[m.statusTo]}</Badge>}
                  </div>
                  {m.body && <p className="thread-body">{m.body}</p>}
                  {m.attachments.map((f) => (
                    <p key={f.id}>
                      {f.isReport && <Badge tone="good">{text.report}</Badge>}{' '}
                      <a href={`/api/membership/applications/${a.id}/attachments/${f.id}`} download>
                        {f.fileName}
                      </a>{' '}
                      ({formatBytes(f.sizeBytes)})
                    </p>
                  ))}
                </li>
              ))}
            </ul>
            <MessageForm applicationId={a.id} staff={staff} />
          </Section>
        </>
      )}
    </QueryView>
  );
}

function MessageForm({ applicationId, staff }: { applicationId: string; staff: boolean }) {
  const text = useMembershipText();
  const post = usePostMessage(applicationId);
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [asReport, setAsReport] = useState(false);
  const [inputKey, setInputKey] = useState(0);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const attachments = await Promise.all(files.map(readUpload));
    post.mutate(
      { body, attachments, isReport: staff && asReport },
      {
        onSuccess: () => {
          setBody('');
          setFiles([]);
          setAsReport(false);
          setInputKey((k) => k + 1);
        },
      },
    );
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorBanner error={post.error} />
      <Field label={text.message}>
        {(id) => <textarea id={id} value={body} maxLength={10000} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      <Field label={text.attach}>
        {(id) => (
          <input
            key={inputKey}
            id={id}
            type="file"
            multiple
            accept=".pdf,.png,.jpg,.jpeg,.txt,.csv,.zip,.xlsx,.docx,.pptx"
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
        )}
      </Field>
      {staff && (
        <label className="checkbox">
          <input type="checkbox" checked={asReport} onChange={(e) => setAsReport(e.target.checked)} /> {text.asReport}
        </label>
      )}
      <div className="form-actions">
        <button type="submit" className="button" disabled={post.isPending || (!body.trim() && files.length === 0)}>
          {text.send}
        </button>
      </div>
    </form>
  );
}

function MoveForm({ applicationId, status }: { applicationId: string; status: Status }) {
  const text = useMembershipText();
  const move = useMoveApplication(applicationId);
  const options = NEXT_STATUSES[status];
  const [to, setTo] = useState<Status | ''>(options[0] ?? '');
  const [note, setNote] = useState('');
  if (options.length === 0) return null;
  const target = options.includes(to as Status) ? (to as Status) : options[0]!;
  return (
    <Section title={text.moveTo}>
      <ErrorBanner error={move.error} />
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          move.mutate({ to: target, note }, { onSuccess: () => setNote('') });
        }}
      >
        <div className="form-grid">
          <Field label={text.status}>
            {(id) => (
              <select id={id} value={target} onChange={(e) => setTo(e.target.value as Status)}>
                {options.map((s) => (
                  <option key={s} value={s}>
                    {text.statuses[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={text.moveNote}>{(id) => <input id={id} value={note} onChange={(e) => setNote(e.target.value)} />}</Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={move.isPending}>
            {text.moveTo}
          </button>
        </div>
      </form>
    </Section>
  );
}

/** cloudpack+ administration (staff console): overview, queue, companies, thresholds, catalog. */
export function StaffMembershipPage({ admin }: { admin: boolean }) {
  const text = useMembershipText();
  const overview = useStaffOverview();
  return (
    <>
      <PageHeader title={text.staffTitle} subtitle={text.staffLead} />
      <QueryView query={overview}>
        {(o) => (
          <>
            <Section title={`${text.overview} — ${o.fiscalYear}`}>
              <Details
                items={[
                  [text.byRank, RANKS.map((r) => `${r} ${o.byRank[r]}`).join(' / ')],
                  [text.outstanding, `${o.ticketsOutstanding} ${text.tickets}`],
                  [
                    text.applications,
                    STATUSES.filter((s) => o.applicationsByStatus[s] > 0)
                      .map((s) => `${text.statuses[s]} ${o.applicationsByStatus[s]}`)
                      .join(' / ') || '—',
                  ],
                  [text.inquiriesWaiting, <InquiriesWaiting key="inquiries" />],
                ]}
              />
            </Section>
            <Section title={text.queue}>
              <StaffQueue applications={o.applications} />
            </Section>
            <StaffTraining requests={o.trainingRequests} />
            <StaffCompanies o={o} admin={admin} />
            {admin && <ThresholdsForm o={o} />}
            {admin && <CatalogEditor services={o.services} />}
            {admin && <TrainingMenuEditor menu={o.trainingMenu} />}
          </>
        )}
      </QueryView>
    </>
  );
}

/** Inquiries waiting for staff and the longest wait, in service hours (the inquiries module's queue). */
function InquiriesWaiting() {
  const text = useMembershipText();
  const inquiryText = useInquiriesText();
  const queue = useInquiryQueue();
  if (!queue.data) return <>—</>;
  const waiting = queue.data.inquiries.filter((i) => i.status === 'open' && i.awaitingStaff);
  const longest = waiting.reduce<number | null>((max, i) => Math.max(max ?? 0, i.waitingMinutes ?? 0), null);
  return (
    <span data-testid="inquiries-waiting">
      {fill(text.inquiriesWaitingCount, { n: waiting.length })}
      {longest !== null && ` — ${fill(text.longestWait, { time: formatMinutes(inquiryText, longest) })}`}{' '}
      <Link to="/inquiries">{text.open}</Link>
    </span>
  );
}

function StaffQueue({ applications }: { applications: ApplicationSummary[] }) {
  const text = useMembershipText();
  const order = (a: ApplicationSummary) => STATUSES.indexOf(a.status);
  const sorted = [...applications].sort((x, y) => order(x) - order(y));
  if (sorted.length === 0) return <Empty>{text.applicationsEmpty}</Empty>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th>{text.company}</th>
          <th>{text.service}</th>
          <th className="num">{text.cost}</th>
          <th>{text.status}</th>
          <th>{text.appliedAt}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {sorted.map((a) => (
          <tr key={a.id}>
            <td>{a.companyName}</td>
            <td>{a.serviceNameJa}</td>
            <td className="num">{a.tickets}</td>
            <td>
              <Badge tone={STATUS_TONE[a.status]}>{text.statuses[a.status]}</Badge>
            </td>
            <td>{formatDateTime(a.appliedAt)}</td>
            <td>
              <Link to={`/membership/applications/${a.id}`}>{text.open}</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StaffTraining({ requests }: { requests: TrainingRequest[] }) {
  const text = useMembershipText();
  const update = useUpdateTraining();
  const [dates, setDates] = useState<Record<string, string>>({});
  return (
    <Section title={text.trainingRequests}>
      <ErrorBanner error={update.error} />
      {requests.length === 0 ? (
        <Empty>{text.applicationsEmpty}</Empty>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{text.company}</th>
              <th>{text.training}</th>
              <th>{text.preferredDates}</th>
              <th>{text.status}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => (
              <tr key={r.id}>
                <td>{r.companyName}</td>
                <td>{r.trainingName}</td>
                <td>{r.preferredDates.map(formatDay).join('、')}</td>
                <td>
                  {text.trainingStatuses[r.status]}
                  {r.scheduledOn && ` ${formatDay(r.scheduledOn)}`}
                </td>
                <td>
                  {r.status === 'requested' && (
                    <div className="inline">
                      <input
                        aria-label={text.trainingStatuses.scheduled}
                        type="date"
                        value={dates[r.id] ?? r.preferredDates[0] ?? ''}
                        onChange={(e) => setDates((d) => ({ ...d, [r.id]: e.target.value }))}
                      />
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() =>
                          update.mutate({ id: r.id, status: 'scheduled', scheduledOn: dates[r.id] ?? r.preferredDates[0] ?? null })
                        }
                      >
                        {text.trainingStatuses.scheduled}
                      </button>
                    </div>
                  )}
                  {r.status === 'scheduled' && (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => update.mutate({ id: r.id, status: 'done', scheduledOn: null })}
                    >
                      {text.trainingStatuses.done}
                    </button>
                  )}{' '}
                  {(r.status === 'requested' || r.status === 'scheduled') && (
                    <button
                      type="button"
                      className="button button-small button-secondary"
                      onClick={() => update.mutate({ id: r.id, status: 'cancelled', scheduledOn: null })}
                    >
                      {text.trainingStatuses.cancelled}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function StaffCompanies({ o, admin }: { o: StaffOverview; admin: boolean }) {
  const text = useMembershipText();
  const override = useOverrideRank();
  const adjust = useAdjustTickets();
  const [rank, setRank] = useState<Record<string, Rank>>({});
  const [reason, setReason] = useState<Record<string, string>>({});
  const [amount, setAmount] = useState<Record<string, string>>({});
  return (
    <Section title={text.companies}>
      <ErrorBanner error={override.error ?? adjust.error} />
      <table className="table">
        <thead>
          <tr>
            <th>{text.company}</th>
            <th>{text.rank}</th>
            <th className="num">{text.basis}</th>
            <th className="num">{text.balance}</th>
            <th>{text.csm}</th>
            {admin && (
              <th>
                {text.override} / {text.adjust}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {o.companies.map((c) => (
            <tr key={c.companyId}>
              <td>
                {c.name} <span className="mono">{c.code}</span>
              </td>
              <td>
                <Badge tone={RANK_TONE[c.rank]}>{c.rank}</Badge> {c.overrideReason && <Badge>{text.overridden}</Badge>}
              </td>
              <td className="num">{c.basisTotalJpy === null ? '—' : formatYen(c.basisTotalJpy)}</td>
              <td className="num">{c.balance}</td>
              <td>{c.csmName ?? text.noCsm}</td>
              {admin && (
                <td>
                  <div className="inline">
                    <select
                      aria-label={text.rank}
                      value={rank[c.companyId] ?? c.rank}
                      onChange={(e) => setRank((r) => ({ ...r, [c.companyId]: e.target.value as Rank }))}
                    >
                      {RANKS.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                    <input
                      aria-label={text.reason}
                      placeholder={text.reason}
                      value={reason[c.companyId] ?? ''}
                      onChange={(e) => setReason((r) => ({ ...r, [c.companyId]: e.target.value }))}
                    />
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() =>
                        override.mutate({
                          companyId: c.companyId,
                          fiscalYear: o.fiscalYear,
                          rank: rank[c.companyId] ?? c.rank,
                          reason: reason[c.companyId] ?? '',
                        })
                      }
                    >
                      {text.override}
                    </button>
                    <input
                      aria-label={text.amount}
                      className="mono"
                      size={4}
                      placeholder="±"
                      value={amount[c.companyId] ?? ''}
                      onChange={(e) => setAmount((r) => ({ ...r, [c.companyId]: e.target.value }))}
                    />
                    <button
                      type="button"
                      className="button button-small button-secondary"
                      onClick={() =>
                        adjust.mutate({
                          companyId: c.companyId,
                          amount: Number(amount[c.companyId] ?? 0),
                          reason: reason[c.companyId] ?? '',
                        })
                      }
                    >
                      {text.adjust}
                    </button>
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function ThresholdsForm({ o }: { o: StaffOverview }) {
  const text = useMembershipText();
  const save = useSaveThresholds();
  const [values, setValues] = useState(o.thresholds);
  const [saved, setSaved] = useState(false);
  const order = ['PLATINUM', 'GOLD', 'SILVER', 'BRONZE'] as const;
  // Each rank needs more than the one below it, and BRONZE more than nothing (the server says the same).
  const problem = (r: (typeof order)[number], i: number) => {
    if (values[r] <= 0) return text.errPositive;
    const below = order[i + 1];
    return below && values[r] <= values[below] ? fill(text.errAbove, { rank: below }) : undefined;
  };
  const invalid = order.some((r, i) => problem(r, i));
  return (
    <Section title={text.thresholds}>
      <p className="muted">{text.thresholdsLead}</p>
      {saved && <Notice>{fill(text.saved, { name: text.thresholds })}</Notice>}
      <ErrorBanner error={save.error} />
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          if (!invalid) save.mutate(values, { onSuccess: () => setSaved(true) });
        }}
      >
        <div className="form-grid">
          {order.map((r, i) => (
            <Field key={r} label={r} error={problem(r, i)}>
              {(id) => (
                <input
                  id={id}
                  className="mono"
                  inputMode="numeric"
                  value={values[r]}
                  onChange={(e) => setValues((v) => ({ ...v, [r]: Number(e.target.value.replace(/[^\d]/g, '')) }))}
                />
              )}
            </Field>
          ))}
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={save.isPending || invalid}>
            {text.save}
          </button>
        </div>
      </form>
    </Section>
  );
}

/** A whole number typed in a form: the number, or the message to show under the field. */
function wholeNumber(value: string, min: number, max: number, text: ReturnType<typeof useMembershipText>): number | string {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : fill(text.errWhole, { min, max });
}

type ServiceDraft = Omit<Service, 'ticketCost' | 'yearlyCapacity' | 'leadBusinessDays'> & {
  ticketCost: string;
  yearlyCapacity: string;
  leadBusinessDays: string;
};

/** The catalog of option services (seed 004 §3.2): every rule of a service is edited here. */
function CatalogEditor({ services }: { services: Service[] }) {
  const text = useMembershipText();
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const service = services.find((s) => s.code === editing);
  return (
    <Section title={text.catalog}>
      <p className="muted">{text.catalogLead}</p>
      {saved && <Notice>{fill(text.saved, { name: saved })}</Notice>}

      <table className="table">
        <thead>
          <tr>
            <th>{text.service}</th>
            <th className="num">{text.cost}</th>
            <th>{text.minRank}</th>
            <th>{text.scope}</th>
            <th className="num">{text.capacityShort}</th>
            <th>{text.leadDays}</th>
            <th>{text.state}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {services.map((s) => (
            <tr key={s.code}>
              <td>{s.nameJa}</td>
              <td className="num">{s.costFromTrainingMenu ? `${s.ticketCost}〜` : s.ticketCost}</td>
              <td>{s.minRank}</td>
              <td className="nowrap">{s.perAccount ? text.perAccount : text.wholeCompany}</td>
              <td className="num nowrap">{s.yearlyCapacity === null ? text.unlimited : `${s.capacityUsed}/${s.yearlyCapacity}`}</td>
              <td className="nowrap">{s.leadBusinessDays ? fill(text.businessDays, { n: s.leadBusinessDays }) : '—'}</td>
              <td>
                {s.active ? <Badge tone="good">{text.active}</Badge> : <Badge tone="bad">{text.withdrawn}</Badge>}{' '}
                {!s.cancellable && <Badge tone="warn">{text.noCancel}</Badge>}{' '}
                {s.offeredUntil && <Badge>{fill(text.until, { date: formatDay(s.offeredUntil) })}</Badge>}
              </td>
              <td>
                <button
                  type="button"
                  className="button button-small button-secondary"
                  aria-label={`${text.edit} ${s.nameJa}`}
                  onClick={() => {
                    setSaved(null);
                    setEditing(s.code);
                  }}
                >
                  {text.edit}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {service && (
        <ServiceForm
          key={service.code}
          service={service}
          onClose={(savedName) => {
            setEditing(null);
            setSaved(savedName);
          }}
        />
      )}
    </Section>
  );
}

function ServiceForm({ service, onClose }: { service: Service; onClose: (savedName: string | null) => void }) {
  const text = useMembershipText();
  const save = useSaveService();
  const [v, setV] = useState<ServiceDraft>({
    ...service,
    ticketCost: String(service.ticketCost),
    yearlyCapacity: service.yearlyCapacity === null ? '' : String(service.yearlyCapacity),
    leadBusinessDays: String(service.leadBusinessDays),
  });
  const [shown, setShown] = useState(false);
  const set = (patch: Partial<ServiceDraft>) => setV((d) => ({ ...d, ...patch }));
  const cost = wholeNumber(v.ticketCost, 1, 100, text);
  const capacity = v.yearlyCapacity.trim() === '' ? null : wholeNumber(v.yearlyCapacity, 1, 10_000, text);
  const lead = wholeNumber(v.leadBusinessDays, 0, 120, text);
  const errors = {
    nameJa: v.nameJa.trim() ? undefined : text.errRequired,
    nameEn: v.nameEn.trim() ? undefined : text.errRequired,
    ticketCost: typeof cost === 'string' ? cost : undefined,
    yearlyCapacity: typeof capacity === 'string' ? capacity : undefined,
    leadBusinessDays: typeof lead === 'string' ? lead : undefined,
  };
  const show = (e: string | undefined) => (shown ? e : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (Object.values(errors).some(Boolean) || typeof cost === 'string' || typeof capacity === 'string' || typeof lead === 'string') return;
    save.mutate({ ...v, ticketCost: cost, yearlyCapacity: capacity, leadBusinessDays: lead }, { onSuccess: () => onClose(v.nameJa) });
  };
  return (
    <form className="form edit-panel" onSubmit={submit} noValidate aria-label={`${text.edit} ${service.nameJa}`}>
      <h3>
        {text.edit}: {service.nameJa} <span className="mono muted">{service.code}</span>
      </h3>
      <ErrorBanner error={save.error} />
      <div className="form-grid">
        <Field label={text.nameJa} required error={show(errors.nameJa)}>
          {(id) => <input id={id} value={v.nameJa} maxLength={100} onChange={(e) => set({ nameJa: e.target.value })} />}
        </Field>
        <Field label={text.nameEn} required error={show(errors.nameEn)}>
          {(id) => <input id={id} value={v.nameEn} maxLength={100} onChange={(e) => set({ nameEn: e.target.value })} />}
        </Field>
        <Field
          label={text.cost}
          required
          error={show(errors.ticketCost)}
          hint={service.costFromTrainingMenu ? text.costFromMenuHint : undefined}
        >
          {(id) => (
            <input
              id={id}
              className="mono"
              inputMode="numeric"
              value={v.ticketCost}
              onChange={(e) => set({ ticketCost: e.target.value })}
            />
          )}
        </Field>
        <Field label={text.minRank} required>
          {(id) => (
            <select id={id} value={v.minRank} onChange={(e) => set({ minRank: e.target.value as Rank })}>
              {RANKS.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={text.yearlyCapacity} error={show(errors.yearlyCapacity)} hint={text.yearlyCapacityHint}>
          {(id) => (
            <input
              id={id}
              className="mono"
              inputMode="numeric"
              value={v.yearlyCapacity}
              onChange={(e) => set({ yearlyCapacity: e.target.value })}
            />
          )}
        </Field>
        <Field label={text.leadBusinessDays} required error={show(errors.leadBusinessDays)} hint={text.leadBusinessDaysHint}>
          {(id) => (
            <input
              id={id}
              className="mono"
              inputMode="numeric"
              value={v.leadBusinessDays}
              onChange={(e) => set({ leadBusinessDays: e.target.value })}
            />
          )}
        </Field>
        <Field label={text.offeredUntil} hint={text.offeredUntilHint}>
          {(id) => (
            <input id={id} type="date" value={v.offeredUntil ?? ''} onChange={(e) => set({ offeredUntil: e.target.value || null })} />
          )}
        </Field>
      </div>
      <Checkbox label={text.perAccountLabel} checked={v.perAccount} onChange={(perAccount) => set({ perAccount })} />
      <Checkbox label={text.cancellableLabel} checked={v.cancellable} onChange={(cancellable) => set({ cancellable })} />
      <Checkbox label={text.activeLabel} checked={v.active} onChange={(active) => set({ active })} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {text.save}
        </button>
        <button type="button" className="button button-secondary" onClick={() => onClose(null)}>
          {text.cancelEdit}
        </button>
      </div>
    </form>
  );
}

type TrainingDraft = Omit<TrainingMenuItem, 'ticketCost'> & { ticketCost: string; isNew: boolean };
const NEW_TRAINING: TrainingDraft = {
  code: '',
  nameJa: '',
  nameEn: '',
  format: 'lecture',
  hours: '2',
  ticketCost: '2',
  active: true,
  isNew: true,
};

/** The training menu (seed 004 §3.3, §3.2.7): reviewed every year, so staff add, edit and retire items. */
function TrainingMenuEditor({ menu }: { menu: TrainingMenuItem[] }) {
  const text = useMembershipText();
  const [editing, setEditing] = useState<TrainingDraft | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const open = (draft: TrainingDraft) => {
    setSaved(null);
    setEditing(draft);
  };
  return (
    <Section
      title={text.trainingMenu}
      actions={
        <button type="button" className="button button-small" onClick={() => open(NEW_TRAINING)}>
          {text.addTraining}
        </button>
      }
    >
      <p className="muted">{text.trainingMenuLead}</p>
      {saved && <Notice>{fill(text.saved, { name: saved })}</Notice>}
      <table className="table">
        <thead>
          <tr>
            <th>{text.training}</th>
            <th>{text.code}</th>
            <th>{text.format}</th>
            <th className="num">{text.hours}</th>
            <th className="num">{text.trainingCost}</th>
            <th>{text.state}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {menu.map((m) => (
            <tr key={m.code}>
              <td>{m.nameJa}</td>
              <td className="mono">{m.code}</td>
              <td>{text.formats[m.format]}</td>
              <td className="num">{m.hours}</td>
              <td className="num">{m.ticketCost}</td>
              <td>{m.active ? <Badge tone="good">{text.active}</Badge> : <Badge>{text.retired}</Badge>}</td>
              <td>
                <button
                  type="button"
                  className="button button-small button-secondary"
                  aria-label={`${text.edit} ${m.nameJa}`}
                  onClick={() => open({ ...m, ticketCost: String(m.ticketCost), isNew: false })}
                >
                  {text.edit}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <TrainingItemForm
          key={editing.isNew ? 'new' : editing.code}
          initial={editing}
          onClose={(savedName) => {
            setEditing(null);
            setSaved(savedName);
          }}
        />
      )}
    </Section>
  );
}

function TrainingItemForm({ initial, onClose }: { initial: TrainingDraft; onClose: (savedName: string | null) => void }) {
  const text = useMembershipText();
  const save = useSaveTrainingItem();
  const [v, setV] = useState(initial);
  const [shown, setShown] = useState(false);
  const set = (patch: Partial<TrainingDraft>) => setV((d) => ({ ...d, ...patch }));
  const cost = wholeNumber(v.ticketCost, 2, 100, text);
  const errors = {
    code: /^[a-z0-9-]{1,40}$/.test(v.code) ? undefined : text.errCode,
    nameJa: v.nameJa.trim() ? undefined : text.errRequired,
    nameEn: v.nameEn.trim() ? undefined : text.errRequired,
    hours: /^\d{1,2}(\.\d{1,2})?$/.test(v.hours) && Number(v.hours) > 0 ? undefined : text.errHours,
    ticketCost: typeof cost === 'string' ? cost : undefined,
  };
  const show = (e: string | undefined) => (shown ? e : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (Object.values(errors).some(Boolean) || typeof cost === 'string') return;
    save.mutate({ ...v, ticketCost: cost }, { onSuccess: () => onClose(v.nameJa) });
  };
  return (
    <form
      className="form edit-panel"
      onSubmit={submit}
      noValidate
      aria-label={initial.isNew ? text.addTraining : `${text.edit} ${initial.nameJa}`}
    >
      <h3>{initial.isNew ? text.addTraining : `${text.edit}: ${initial.nameJa}`}</h3>
      <ErrorBanner error={save.error} />
      <div className="form-grid">
        <Field label={text.code} required error={show(errors.code)} hint={initial.isNew ? text.codeHint : undefined}>
          {(id) => (
            <input
              id={id}
              className="mono"
              value={v.code}
              disabled={!initial.isNew}
              maxLength={40}
              onChange={(e) => set({ code: e.target.value })}
            />
          )}
        </Field>
        <Field label={text.nameJa} required error={show(errors.nameJa)}>
          {(id) => <input id={id} value={v.nameJa} maxLength={100} onChange={(e) => set({ nameJa: e.target.value })} />}
        </Field>
        <Field label={text.nameEn} required error={show(errors.nameEn)}>
          {(id) => <input id={id} value={v.nameEn} maxLength={100} onChange={(e) => set({ nameEn: e.target.value })} />}
        </Field>
        <Field label={text.format} required>
          {(id) => (
            <select id={id} value={v.format} onChange={(e) => set({ format: e.target.value as TrainingDraft['format'] })}>
              <option value="lecture">{text.formats.lecture}</option>
              <option value="hands-on">{text.formats['hands-on']}</option>
            </select>
          )}
        </Field>
        <Field label={text.hours} required error={show(errors.hours)}>
          {(id) => <input id={id} className="mono" inputMode="decimal" value={v.hours} onChange={(e) => set({ hours: e.target.value })} />}
        </Field>
        <Field label={text.trainingCost} required error={show(errors.ticketCost)}>
          {(id) => (
            <input
              id={id}
              className="mono"
              inputMode="numeric"
              value={v.ticketCost}
              onChange={(e) => set({ ticketCost: e.target.value })}
            />
          )}
        </Field>
      </div>
      <Checkbox label={text.trainingActiveLabel} checked={v.active} onChange={(active) => set({ active })} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {text.save}
        </button>
        <button type="button" className="button button-secondary" onClick={() => onClose(null)}>
          {text.cancelEdit}
        </button>
      </div>
    </form>
  );
}
