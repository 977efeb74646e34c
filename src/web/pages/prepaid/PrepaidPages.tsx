import { useState, type FormEvent } from 'react';
import { Badge, Empty, ErrorBanner, Field, Notice, PageHeader, QueryView, Section } from '../../components/ui.tsx';
import { formatDateTime, formatDay, formatDecimal, todayJst } from '../../format.ts';
import { formatYen } from '../invoicing/InvoiceParts.tsx';
import { fill, usePrepaidText } from './i18n.ts';
import {
  PURCHASE_TYPES,
  useAcknowledgeNotice,
  useFileNotice,
  usePrepaidOverview,
  useResolveAlert,
  useWithdrawNotice,
  type NoticeFields,
  type PrepaidNotice,
  type PrepaidPurchase,
} from './prepaidApi.ts';

const NOTICE_TONE = { filed: 'warn', acknowledged: 'good', withdrawn: 'neutral' } as const;
const PURCHASE_TONE = { matched: 'good', open: 'bad', resolved: 'neutral' } as const;

/** 大口前払い購入の事前連絡 (customer portal): representatives file notices; everyone sees them and the alerts. */
export function CustomerPrepaidPage({ companyId, canFile }: { companyId: string; canFile: boolean }) {
  const text = usePrepaidText();
  const overview = usePrepaidOverview(companyId);
  return (
    <>
      <PageHeader title={text.customerTitle} subtitle={text.customerLead} />
      {canFile && <FileNotice companyId={companyId} />}
      <QueryView query={overview}>
        {(data) => (
          <>
            <Purchases purchases={data.purchases} staff={false} />
            <Notices notices={data.notices} staff={false} canWithdraw={canFile} />
          </>
        )}
      </QueryView>
    </>
  );
}

/** 大口前払い購入 (staff console): every company's notices to acknowledge and alerts to resolve. */
export function StaffPrepaidPage() {
  const text = usePrepaidText();
  const overview = usePrepaidOverview(null);
  return (
    <>
      <PageHeader title={text.staffTitle} subtitle={text.staffLead} />
      <QueryView query={overview}>
        {(data) => (
          <>
            <Purchases purchases={data.purchases} staff />
            <Notices notices={data.notices} staff canWithdraw={false} />
          </>
        )}
      </QueryView>
    </>
  );
}

function FileNotice({ companyId }: { companyId: string }) {
  const text = usePrepaidText();
  const file = useFileNotice(companyId);
  const empty: NoticeFields = { purchaseType: 'RI', expectedUsd: '', expectedDate: '', note: '' };
  const [values, setValues] = useState(empty);
  const [filed, setFiled] = useState(false);
  const set = <K extends keyof NoticeFields>(key: K, value: NoticeFields[K]) => setValues((v) => ({ ...v, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFiled(false);
    file.mutate(
      { ...values, expectedUsd: values.expectedUsd.replace(/,/g, '').trim() },
      {
        onSuccess: () => {
          setValues(empty);
          setFiled(true);
        },
      },
    );
  };
  return (
    <Section title={text.file.title}>
      <p className="info-note">{text.file.lead}</p>
      {filed && <Notice>{text.file.filed}</Notice>}
      <ErrorBanner error={file.error} />
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label={text.type} required>
            {(id) => (
              <select id={id} value={values.purchaseType} onChange={(e) => set('purchaseType', e.target.value as NoticeFields['purchaseType'])}>
                {PURCHASE_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {text.types[type]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={text.expectedUsd} required hint={text.file.usdHint}>
            {(id) => <input id={id} className="mono" inputMode="decimal" value={values.expectedUsd} onChange={(e) => set('expectedUsd', e.target.value)} />}
          </Field>
          <Field label={text.expectedDate} required>
            {(id) => <input id={id} type="date" min={todayJst()} value={values.expectedDate} onChange={(e) => set('expectedDate', e.target.value)} />}
          </Field>
          <Field label={text.note}>
            {(id) => <input id={id} value={values.note} maxLength={1000} onChange={(e) => set('note', e.target.value)} />}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={file.isPending}>
            {text.file.submit}
          </button>
        </div>
      </form>
    </Section>
  );
}

function Purchases({ purchases, staff }: { purchases: PrepaidPurchase[]; staff: boolean }) {
  const text = usePrepaidText();
  const resolve = useResolveAlert();
  const [notes, setNotes] = useState<Record<string, string>>({});
  return (
    <Section title={text.purchases.title}>
      <p className="info-note">{text.purchases.lead}</p>
      <ErrorBanner error={resolve.error} />
      {purchases.length === 0 ? (
        <Empty>{text.purchases.empty}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th>{text.purchases.date}</th>
                {staff && <th>{text.company}</th>}
                <th>{text.purchases.account}</th>
                <th>{text.type}</th>
                <th className="num">USD</th>
                <th className="num">{text.purchases.jpy}</th>
                <th>{text.status}</th>
                {staff && <th>{text.actions}</th>}
              </tr>
            </thead>
            <tbody>
              {purchases.map((p) => (
                <tr key={p.id}>
                  <td className="nowrap">{formatDay(p.purchaseDate)}</td>
                  {staff && <td>{p.companyCode ?? text.purchases.noCompany}</td>}
                  <td className="mono">{p.usageAccountId}</td>
                  <td>
                    {text.types[p.purchaseType]}
                    <div className="small muted">{p.serviceName || p.serviceCode}</div>
                  </td>
                  <td className="num mono">{formatDecimal(p.amountUsd)}</td>
                  <td className="num mono">
                    {p.amountJpy === null ? (
                      <Badge tone="warn">{text.purchases.noRate}</Badge>
                    ) : (
                      <>
                        {formatYen(p.amountJpy)}
                        <div className="small muted">{fill(text.purchases.rate, { rate: p.usdJpy ?? '', date: formatDay(p.rateDate) })}</div>
                      </>
                    )}
                  </td>
                  <td>
                    <Badge tone={PURCHASE_TONE[p.status]}>{text.purchases.statuses[p.status]}</Badge>
                    {p.resolutionNote && <div className="small muted">{p.resolutionNote}</div>}
                  </td>
                  {staff && (
                    <td>
                      {p.status === 'open' && (
                        <form
                          style={{ display: 'flex', gap: 8 }}
                          onSubmit={(e) => {
                            e.preventDefault();
                            resolve.mutate({ alertId: p.id, note: notes[p.id] ?? '' });
                          }}
                        >
                          <input
                            aria-label={text.purchases.resolutionNote}
                            placeholder={text.purchases.resolutionNote}
                            value={notes[p.id] ?? ''}
                            onChange={(e) => setNotes((n) => ({ ...n, [p.id]: e.target.value }))}
                          />
                          <button type="submit" className="button button-secondary button-small" disabled={resolve.isPending || !(notes[p.id] ?? '').trim()}>
                            {text.purchases.resolve}
                          </button>
                        </form>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function Notices({ notices, staff, canWithdraw }: { notices: PrepaidNotice[]; staff: boolean; canWithdraw: boolean }) {
  const text = usePrepaidText();
  const acknowledge = useAcknowledgeNotice();
  const withdraw = useWithdrawNotice();
  return (
    <Section title={text.notices.title}>
      <ErrorBanner error={acknowledge.error ?? withdraw.error} />
      {notices.length === 0 ? (
        <Empty>{text.notices.empty}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                {staff && <th>{text.company}</th>}
                <th>{text.type}</th>
                <th className="num">{text.expectedUsd}</th>
                <th>{text.expectedDate}</th>
                <th>{text.note}</th>
                <th>{text.notices.filed}</th>
                <th>{text.status}</th>
                {(staff || canWithdraw) && <th>{text.actions}</th>}
              </tr>
            </thead>
            <tbody>
              {notices.map((n) => (
                <tr key={n.id}>
                  {staff && <td>{n.companyName}</td>}
                  <td>{text.types[n.purchaseType]}</td>
                  <td className="num mono">{formatDecimal(n.expectedUsd)}</td>
                  <td className="nowrap">{formatDay(n.expectedDate)}</td>
                  <td>{n.note ?? '—'}</td>
                  <td>
                    {formatDateTime(n.filedAt)}
                    <div className="small muted">{n.filedBy}</div>
                  </td>
                  <td>
                    <Badge tone={NOTICE_TONE[n.status]}>{text.notices.statuses[n.status]}</Badge>
                    {staff && n.acknowledgedBy && <div className="small muted">{n.acknowledgedBy}</div>}
                  </td>
                  {(staff || canWithdraw) && (
                    <td>
                      {staff && n.status === 'filed' && (
                        <button type="button" className="button button-secondary button-small" disabled={acknowledge.isPending} onClick={() => acknowledge.mutate(n.id)}>
                          {text.notices.acknowledge}
                        </button>
                      )}
                      {canWithdraw && n.status !== 'withdrawn' && (
                        <button type="button" className="button button-secondary button-small" disabled={withdraw.isPending} onClick={() => withdraw.mutate(n.id)}>
                          {text.notices.withdraw}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
