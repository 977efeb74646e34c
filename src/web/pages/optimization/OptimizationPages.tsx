import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SessionUser } from '../../api/types.ts';
import { Badge, Details, Empty, ErrorBanner, Field, PageHeader, QueryView, Section } from '../../components/ui.tsx';
import { formatDateTime, formatDay, todayJst } from '../../format.ts';
import { useCompanies } from '../companies/CompaniesPage.tsx';
import { formatYen } from '../invoicing/InvoiceParts.tsx';
import { fill, useOptimizationText } from './i18n.ts';
import {
  useAssignCsm,
  useChangeStatus,
  useCompanyOptimization,
  useCsmWorkloads,
  useOpenProposal,
  useProposal,
  useSetPriority,
  type CompanyOptimization,
  type Priority,
  type Proposal,
  type ProposalDetail,
  type ProposalStatus,
} from './optimizationApi.ts';

const STATUS_TONE = {
  proposed: 'info',
  agreed: 'good',
  in_progress: 'warn',
  implemented: 'good',
  measured: 'good',
  declined: 'neutral',
} as const;
const NEXT: Record<ProposalStatus, ProposalStatus[]> = {
  proposed: ['agreed', 'declined'],
  agreed: ['in_progress', 'declined'],
  in_progress: ['implemented', 'declined'],
  implemented: ['measured'],
  measured: [],
  declined: [],
};

/** クラウド最適化 (portal): the company's CSM and proposals. */
export function CustomerOptimizationPage({ companyId }: { companyId: string }) {
  const text = useOptimizationText();
  return (
    <>
      <PageHeader title={text.title} subtitle={text.lead} />
      <CompanyOptimizationView companyId={companyId} me={null} />
    </>
  );
}

/** Staff: every CSM with the companies it serves, and the companies to open. */
export function StaffOptimizationPage() {
  const text = useOptimizationText();
  const csms = useCsmWorkloads();
  const companies = useCompanies();
  return (
    <>
      <PageHeader title={text.staffTitle} subtitle={text.staffLead} />
      <QueryView query={companies}>
        {(list) => (
          <Section title={text.companies}>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
              {list.map((c) => (
                <Link key={c.id} to={`/optimization/companies/${c.id}`}>
                  {c.name}
                </Link>
              ))}
            </div>
          </Section>
        )}
      </QueryView>
      <QueryView query={csms}>
        {(data) => (
          <Section title={`${text.csm}（${data.fiscalYear}）`}>
            <table className="table">
              <thead>
                <tr>
                  <th>{text.csm}</th>
                  <th>{text.companies}</th>
                </tr>
              </thead>
              <tbody>
                {data.csms.map((c) => (
                  <tr key={c.id}>
                    <td>
                      {c.name}
                      <div className="small muted">{c.email}</div>
                    </td>
                    <td>
                      {c.companies.length === 0
                        ? '—'
                        : c.companies.map((co) => (
                            <span key={co.id} style={{ marginRight: 12 }}>
                              <Link to={`/optimization/companies/${co.id}`}>{co.name}</Link>{' '}
                              <Badge tone={co.rank === 'PLATINUM' ? 'info' : 'neutral'}>{co.rank}</Badge>
                            </span>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
        )}
      </QueryView>
    </>
  );
}

/** Staff: one company's optimization service (reached from the CSM list or the company page). */
export function StaffCompanyOptimizationPage({ me }: { me: SessionUser }) {
  const { companyId = '' } = useParams();
  const text = useOptimizationText();
  return (
    <>
      <PageHeader title={text.title} back={{ to: '/optimization', label: text.staffTitle }} />
      <CompanyOptimizationView companyId={companyId} me={me} />
    </>
  );
}

function CompanyOptimizationView({ companyId, me }: { companyId: string; me: SessionUser | null }) {
  const text = useOptimizationText();
  const overview = useCompanyOptimization(companyId);
  if (overview.isError && (overview.error as { code?: string }).code === 'optimization_not_offered')
    return <Empty>{text.notOffered}</Empty>;
  const admin = me?.kind === 'staff' && me.role === 'admin';
  return (
    <QueryView query={overview}>
      {(o) => {
        const mayPropose = admin || (me?.kind === 'staff' && me.role === 'csm' && o.csm?.id === me.id);
        return (
          <>
            <Details
              items={[
                ['', o.companyName],
                [
                  text.rank,
                  <Badge key="r" tone="info">
                    {o.rank}
                  </Badge>,
                ],
                [text.csm, o.csm ? `${o.csm.name}（${text.csmKinds[o.csmKind]}）` : text.noCsm],
              ]}
            />
            {admin && <AssignCsm companyId={companyId} current={o.csm?.id ?? null} />}
            {mayPropose && <NewProposal overview={o} />}
            <Section title={text.proposals}>
              <ProposalTable proposals={o.proposals} />
            </Section>
          </>
        );
      }}
    </QueryView>
  );
}

function AssignCsm({ companyId, current }: { companyId: string; current: string | null }) {
  const text = useOptimizationText();
  const csms = useCsmWorkloads();
  const assign = useAssignCsm(companyId);
  const [csmId, setCsmId] = useState(current ?? '');
  return (
    <Section title={text.assign}>
      <ErrorBanner error={assign.error} />
      <QueryView query={csms}>
        {(data) => (
          <form
            className="form"
            style={{ display: 'flex', gap: 8, alignItems: 'flex-end' }}
            onSubmit={(e) => {
              e.preventDefault();
              assign.mutate(csmId);
            }}
          >
            <Field label={text.csm}>
              {(id) => (
                <select id={id} value={csmId} onChange={(e) => setCsmId(e.target.value)}>
                  <option value="">—</option>
                  {data.csms.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}（{c.companies.map((x) => x.code).join(', ') || '—'}）
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit" className="button" disabled={!csmId || assign.isPending}>
              {text.assignButton}
            </button>
          </form>
        )}
      </QueryView>
    </Section>
  );
}

function NewProposal({ overview }: { overview: CompanyOptimization }) {
  const text = useOptimizationText();
  const open = useOpenProposal(overview.companyId);
  const empty = {
    category: 'cost' as Proposal['category'],
    title: '',
    description: '',
    expectedEffect: '',
    expectedSavingJpy: '',
    effort: 'small' as Proposal['effort'],
    accountIds: [] as string[],
    serviceCodes: '',
  };
  const [v, setV] = useState(empty);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate(
      {
        category: v.category,
        title: v.title,
        description: v.description,
        expectedEffect: v.expectedEffect,
        expectedSavingJpy: v.category === 'cost' ? Number(v.expectedSavingJpy.replace(/[,¥\s]/g, '')) : null,
        effort: v.effort,
        accountIds: v.accountIds,
        serviceCodes: v.serviceCodes
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      },
      { onSuccess: () => setV(empty) },
    );
  };
  return (
    <Section title={text.newProposal}>
      <ErrorBanner error={open.error} />
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label={text.category} required>
            {(id) => (
              <select id={id} value={v.category} onChange={(e) => setV({ ...v, category: e.target.value as Proposal['category'] })}>
                {(['cost', 'security', 'architecture'] as const).map((c) => (
                  <option key={c} value={c}>
                    {text.categories[c]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={text.titleField} required>
            {(id) => <input id={id} value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} />}
          </Field>
          <Field label={text.expectedEffect} required>
            {(id) => <input id={id} value={v.expectedEffect} onChange={(e) => setV({ ...v, expectedEffect: e.target.value })} />}
          </Field>
          {v.category === 'cost' && (
            <Field label={text.expectedSaving} required>
              {(id) => (
                <input
                  id={id}
                  inputMode="numeric"
                  value={v.expectedSavingJpy}
                  onChange={(e) => setV({ ...v, expectedSavingJpy: e.target.value })}
                />
              )}
            </Field>
          )}
          <Field label={text.effort} required>
            {(id) => (
              <select id={id} value={v.effort} onChange={(e) => setV({ ...v, effort: e.target.value as Proposal['effort'] })}>
                {(['small', 'medium', 'large'] as const).map((c) => (
                  <option key={c} value={c}>
                    {text.efforts[c]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={text.services}>
            {(id) => (
              <input
                id={id}
                className="mono"
                value={v.serviceCodes}
                placeholder="AmazonEC2, AmazonRDS"
                onChange={(e) => setV({ ...v, serviceCodes: e.target.value })}
              />
            )}
          </Field>
        </div>
        <Field label={text.description} required>
          {(id) => <textarea id={id} rows={4} value={v.description} onChange={(e) => setV({ ...v, description: e.target.value })} />}
        </Field>
        <fieldset>
          <legend>{text.accounts}</legend>
          {overview.accounts.map((a) => (
            <label key={a.accountId} style={{ marginRight: 16 }}>
              <input
                type="checkbox"
                checked={v.accountIds.includes(a.accountId)}
                onChange={(e) =>
                  setV({
                    ...v,
                    accountIds: e.target.checked ? [...v.accountIds, a.accountId] : v.accountIds.filter((x) => x !== a.accountId),
                  })
                }
              />{' '}
              <span className="mono">{a.accountId}</span> {a.name}
            </label>
          ))}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button" disabled={open.isPending || !v.title.trim()}>
            {text.submit}
          </button>
        </div>
      </form>
    </Section>
  );
}

function ProposalTable({ proposals }: { proposals: Proposal[] }) {
  const text = useOptimizationText();
  if (proposals.length === 0) return <Empty>{text.noProposals}</Empty>;
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th>{text.titleField}</th>
            <th>{text.category}</th>
            <th>{text.expectedEffect}</th>
            <th>{text.effort}</th>
            <th>{text.agreed}</th>
            <th>{text.status}</th>
          </tr>
        </thead>
        <tbody>
          {proposals.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`/optimization/proposals/${p.id}`}>{p.title}</Link>
              </td>
              <td>{text.categories[p.category]}</td>
              <td>
                {p.expectedEffect}
                {p.expectedSavingJpy !== null && (
                  <div className="small muted">{fill(text.perMonth, { yen: formatYen(p.expectedSavingJpy) })}</div>
                )}
              </td>
              <td>{text.efforts[p.effort]}</td>
              <td>{p.agreedPriority ? text.priorities[p.agreedPriority] : text.notAgreed}</td>
              <td>
                <Badge tone={STATUS_TONE[p.status]}>{text.statuses[p.status]}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One proposal: priorities of both sides, its status, and for a cost proposal the measured effect. */
export function ProposalPage({ me }: { me: SessionUser }) {
  const { proposalId = '' } = useParams();
  const text = useOptimizationText();
  const detail = useProposal(proposalId);
  const setPriority = useSetPriority(proposalId);
  const change = useChangeStatus(proposalId);
  const [changeDate, setChangeDate] = useState('');
  const [note, setNote] = useState('');
  const customer = me.kind === 'customer';
  const mayPrioritize = customer ? me.role === 'representative' : me.role === 'admin' || me.role === 'csm';
  return (
    <QueryView query={detail}>
      {({ proposal: p, measurement }) => {
        const mine = customer ? p.customerPriority : p.csmPriority;
        const moves = NEXT[p.status].filter((s) => (customer ? me.role === 'representative' && s === 'declined' : true));
        const who = (priority: Priority | null, by: string | null) =>
          priority ? `${text.priorities[priority]}${by ? fill(text.by, { who: by }) : ''}` : '—';
        return (
          <>
            <PageHeader
              title={p.title}
              back={{ to: customer ? '/optimization' : `/optimization/companies/${p.companyId}`, label: text.back }}
            />
            <Details
              items={[
                [text.category, text.categories[p.category]],
                [
                  text.status,
                  <Badge key="s" tone={STATUS_TONE[p.status]}>
                    {text.statuses[p.status]}
                  </Badge>,
                ],
                [
                  text.expectedEffect,
                  p.expectedSavingJpy === null
                    ? p.expectedEffect
                    : `${p.expectedEffect}（${fill(text.perMonth, { yen: formatYen(p.expectedSavingJpy) })}）`,
                ],
                [text.effort, text.efforts[p.effort]],
                [text.customerPriority, who(p.customerPriority, p.customerPriorityBy)],
                [text.csmPriority, who(p.csmPriority, p.csmPriorityBy)],
                [
                  text.agreed,
                  p.agreedPriority ? (
                    <Badge key="a" tone="good">
                      {text.priorities[p.agreedPriority]}
                    </Badge>
                  ) : (
                    text.notAgreed
                  ),
                ],
                ...(p.changeDate ? ([[text.changeDate, formatDay(p.changeDate)]] as [string, string][]) : []),
                [text.proposedBy, `${p.proposedBy} / ${formatDateTime(p.proposedAt)}`],
              ]}
            />
            <p style={{ whiteSpace: 'pre-wrap' }}>{p.description}</p>
            <ErrorBanner error={setPriority.error ?? change.error} />
            {mayPrioritize && !['measured', 'declined'].includes(p.status) && (
              <Section title={text.setPriority}>
                <div style={{ display: 'flex', gap: 8 }} role="group" aria-label={text.setPriority}>
                  {(['high', 'medium', 'low'] as const).map((pr) => (
                    <button
                      key={pr}
                      type="button"
                      className={`button ${mine === pr ? '' : 'button-secondary'} button-small`}
                      aria-pressed={mine === pr}
                      disabled={setPriority.isPending}
                      onClick={() => setPriority.mutate(pr)}
                    >
                      {text.priorities[pr]}
                    </button>
                  ))}
                </div>
              </Section>
            )}
            {moves.length > 0 && (
              <Section title={text.status}>
                <div className="form" style={{ display: 'flex', gap: 8, alignItems: 'flex-end', flexWrap: 'wrap' }}>
                  {moves.includes('implemented') && (
                    <Field label={text.changeDate}>
                      {(id) => (
                        <input id={id} type="date" max={todayJst()} value={changeDate} onChange={(e) => setChangeDate(e.target.value)} />
                      )}
                    </Field>
                  )}
                  <Field label={text.note}>
                    {(id) => <input id={id} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />}
                  </Field>
                  {moves.map((s) => (
                    <button
                      key={s}
                      type="button"
                      className={`button ${s === 'declined' ? 'button-secondary' : ''}`}
                      disabled={change.isPending}
                      onClick={() =>
                        change.mutate({ status: s, changeDate: s === 'implemented' ? changeDate || null : null, note: note.trim() || null })
                      }
                    >
                      {fill(text.moveTo, { status: text.statuses[s] })}
                    </button>
                  ))}
                </div>
              </Section>
            )}
            {measurement && <Measurement m={measurement} />}
          </>
        );
      }}
    </QueryView>
  );
}

const PHASE_COLOR = { before: '#94a3b8', change: '#cbd5e1', after: '#2563eb', pending: '#e2e8f0' } as const;

function Measurement({ m }: { m: NonNullable<ProposalDetail['measurement']> }) {
  const text = useOptimizationText();
  const yen = (v: number | null) => (v === null ? '—' : formatYen(v));
  const data = m.months.map((x) => ({
    month: `${x.month.slice(0, 4)}年${Number(x.month.slice(5))}月`,
    jpy: x.phase === 'pending' ? 0 : (x.jpy ?? 0),
    phase: x.phase,
  }));
  return (
    <Section title={text.measurement}>
      <p className="info-note">{text.measurementLead}</p>
      {m.state === 'waiting' && <p className="info-note">{text.waiting}</p>}
      <Details
        items={[
          [text.before, yen(m.beforeAverage.jpy)],
          [text.after, yen(m.afterAverage.jpy)],
          [
            text.saving,
            m.savingPerMonth.jpy === null ? '—' : `${yen(m.savingPerMonth.jpy)}${m.savingPercent ? `（${m.savingPercent}%）` : ''}`,
          ],
        ]}
      />
      <div style={{ width: '100%', height: 280 }} aria-label={text.measurement} role="img">
        <ResponsiveContainer>
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" fontSize={11} />
            <YAxis fontSize={11} width={90} tickFormatter={(v: number) => formatYen(v)} />
            <Tooltip formatter={(v) => formatYen(Number(v))} />
            {m.beforeAverage.jpy !== null && (
              <ReferenceLine
                y={m.beforeAverage.jpy}
                stroke="#64748b"
                strokeDasharray="4 4"
                label={{ value: text.before, fontSize: 11, position: 'insideTopRight' }}
              />
            )}
            {m.afterAverage.jpy !== null && (
              <ReferenceLine
                y={m.afterAverage.jpy}
                stroke="#1d4ed8"
                strokeDasharray="4 4"
                label={{ value: text.after, fontSize: 11, position: 'insideBottomRight' }}
              />
            )}
            <Bar dataKey="jpy" isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.month} fill={PHASE_COLOR[d.phase]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="small muted" style={{ display: 'flex', gap: 16 }}>
        {(['before', 'change', 'after'] as const).map((p) => (
          <span key={p}>
            <span style={{ display: 'inline-block', width: 10, height: 10, background: PHASE_COLOR[p], marginRight: 4 }} />
            {text.phases[p]}
          </span>
        ))}
      </div>
    </Section>
  );
}
