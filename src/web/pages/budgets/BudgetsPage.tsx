import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Checkbox, Empty, ErrorBanner, Field, Notice, PageHeader, QueryView, Section } from '../../components/ui.tsx';
import { formatBillingPeriod, formatDay } from '../../format.ts';
import { useMayChange } from '../../read-only-view.tsx';
import { formatYen } from '../invoicing/InvoiceParts.tsx';
import {
  useBudgets,
  useCreateBudget,
  useDeleteBudget,
  useUpdateBudget,
  type Budget,
  type BudgetFields,
  type BudgetsOverview,
} from './budgetsApi.ts';
import { fill, useBudgetsText } from './i18n.ts';

/** 予算 (customer portal): the company's monthly budgets with this month's actual and forecast in yen. */
export function BudgetsPage({ companyId }: { companyId: string }) {
  const text = useBudgetsText();
  const { i18n } = useTranslation();
  const [month, setMonth] = useState<string | null>(null);
  const budgets = useBudgets(companyId, month);
  const mayChange = useMayChange();
  return (
    <>
      <PageHeader
        title={text.budgetsTitle}
        subtitle={text.budgetsLead}
        actions={
          <label className="inline-label">
            {text.month}
            <input
              type="month"
              value={month ?? budgets.data?.month ?? ''}
              onChange={(e) => e.target.value && setMonth(e.target.value)}
              style={{ width: 'auto' }}
              aria-label={text.month}
            />
          </label>
        }
      />
      <QueryView query={budgets}>
        {(data) => (
          <>
            <Section title={`${formatBillingPeriod(data.month, i18n.language)} ${data.complete ? '' : `（${text.estimate}）`}`}>
              <RateNote data={data} />
              <BudgetTable data={data} />
              <p className="info-note">{text.beforeMarkup}</p>
              {!data.canManage && <p className="info-note">{text.readOnly}</p>}
            </Section>
            {mayChange && data.canManage && <BudgetForm key="new" companyId={companyId} data={data} />}
          </>
        )}
      </QueryView>
    </>
  );
}

function RateNote({ data }: { data: BudgetsOverview }) {
  const text = useBudgetsText();
  const rate = data.rate;
  return (
    <p className="info-note">
      {rate === null
        ? text.noRate
        : fill(rate.basis === 'latest' ? text.rateLatest : text.rateUsageMonth, {
            rate: rate.usdJpy,
            date: formatDay(rate.rateDate),
            day: 3,
          })}
      {data.lastDay && <> {fill(text.dataThrough, { date: formatDay(data.lastDay) })}</>} {text.monthNote}
    </p>
  );
}

/** A bar of the amount against the budget, with a tick at each threshold. */
function Progress({ percent, thresholds }: { percent: number | null; thresholds: number[] }) {
  if (percent === null) return null;
  const max = Math.max(100, ...thresholds);
  const width = Math.min(percent, max) / max;
  const color = percent >= 100 ? '#c0392b' : thresholds.some((t) => percent >= t) ? '#d68910' : '#1e8449';
  return (
    <div style={{ position: 'relative', height: 8, background: '#e5e9f0', borderRadius: 4, marginTop: 4, minWidth: 140 }}>
      <div style={{ width: `${width * 100}%`, height: '100%', background: color, borderRadius: 4 }} />
      {thresholds.map((t) => (
        <div
          key={t}
          title={`${t}%`}
          style={{ position: 'absolute', left: `${(Math.min(t, max) / max) * 100}%`, top: -2, width: 2, height: 12, background: '#34495e' }}
        />
      ))}
    </div>
  );
}

function BudgetTable({ data }: { data: BudgetsOverview }) {
  const text = useBudgetsText();
  const remove = useDeleteBudget();
  const [editing, setEditing] = useState<string | null>(null);
  const canManage = useMayChange() && data.canManage;
  if (data.budgets.length === 0) return <Empty>{text.empty}</Empty>;
  const accountName = new Map(data.accounts.map((a) => [a.accountId, a.name]));
  const serviceName = new Map(data.services.map((s) => [s.serviceCode, s.serviceName]));
  const target = (b: Budget) =>
    b.scope === 'account'
      ? `${b.accountId} ${accountName.get(b.accountId ?? '') ?? ''}`
      : b.scope === 'service'
        ? (serviceName.get(b.serviceCode ?? '') ?? b.serviceCode)
        : '';
  return (
    <>
      <ErrorBanner error={remove.error} />
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th>{text.name}</th>
              <th>{text.scope}</th>
              <th className="num">{text.amount}</th>
              <th className="num">{text.actual}</th>
              <th className="num">{text.forecast}</th>
              <th>{text.thresholds}</th>
              {canManage && <th className="actions-col">{text.actions}</th>}
            </tr>
          </thead>
          <tbody>
            {data.budgets.map((b) => (
              <tr key={b.id}>
                <td>{b.name}</td>
                <td>
                  {text.scopes[b.scope]}
                  <div className="small muted">{target(b)}</div>
                </td>
                <td className="num mono">{formatYen(b.amountJpy)}</td>
                <td className="num mono">
                  {b.actualJpy === null ? '—' : formatYen(b.actualJpy)}
                  <div className="small muted">{b.actualPercent === null ? '' : `${b.actualPercent.toFixed(1)}%`}</div>
                  <Progress percent={b.actualPercent} thresholds={b.thresholds} />
                </td>
                <td className="num mono">
                  {b.forecastJpy === null ? '—' : formatYen(b.forecastJpy)}
                  <div className="small muted">{b.forecastPercent === null ? '' : `${b.forecastPercent.toFixed(1)}%`}</div>
                  <Progress percent={b.forecastPercent} thresholds={b.thresholds} />
                </td>
                <td>
                  {b.thresholds.map((t) => (
                    <span key={t} style={{ marginRight: 4 }}>
                      <Badge
                        tone={
                          b.actualPercent !== null && b.actualPercent >= t
                            ? 'bad'
                            : b.forecastPercent !== null && b.forecastPercent >= t
                              ? 'warn'
                              : 'neutral'
                        }
                      >
                        {t}%
                      </Badge>
                    </span>
                  ))}
                  {b.alertOnForecast && <div className="small muted">{text.alertOnForecast}</div>}
                </td>
                {canManage && (
                  <td className="actions-col">
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      onClick={() => setEditing(editing === b.id ? null : b.id)}
                    >
                      {text.edit}
                    </button>{' '}
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      disabled={remove.isPending}
                      onClick={() => window.confirm(fill(text.confirmDelete, { name: b.name })) && remove.mutate(b.id)}
                    >
                      {text.delete}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && data.budgets.some((b) => b.id === editing) && (
        <BudgetForm key={editing} data={data} budget={data.budgets.find((b) => b.id === editing)} onDone={() => setEditing(null)} />
      )}
    </>
  );
}

type FormValues = {
  name: string;
  scope: BudgetFields['scope'];
  accountId: string;
  serviceCode: string;
  amountJpy: string;
  thresholds: string;
  alertOnForecast: boolean;
};

function BudgetForm({
  companyId,
  data,
  budget,
  onDone,
}: {
  companyId?: string;
  data: BudgetsOverview;
  budget?: Budget | undefined;
  onDone?: () => void;
}) {
  const text = useBudgetsText();
  const create = useCreateBudget(companyId ?? '');
  const update = useUpdateBudget();
  const initial: FormValues = budget
    ? {
        name: budget.name,
        scope: budget.scope,
        accountId: budget.accountId ?? '',
        serviceCode: budget.serviceCode ?? '',
        amountJpy: String(budget.amountJpy),
        thresholds: budget.thresholds.join(', '),
        alertOnForecast: budget.alertOnForecast,
      }
    : { name: '', scope: 'company', accountId: '', serviceCode: '', amountJpy: '', thresholds: '80, 100', alertOnForecast: true };
  const [values, setValues] = useState(initial);
  const [created, setCreated] = useState(false);
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(false);
    const fields: BudgetFields = {
      name: values.name.trim(),
      scope: values.scope,
      accountId: values.scope === 'account' ? values.accountId : null,
      serviceCode: values.scope === 'service' ? values.serviceCode : null,
      amountJpy: Number(values.amountJpy.replace(/[,¥\s]/g, '')),
      thresholds: values.thresholds
        .split(/[,、\s]+/)
        .filter(Boolean)
        .map(Number),
      alertOnForecast: values.alertOnForecast,
    };
    if (budget) update.mutate({ id: budget.id, fields }, { onSuccess: () => onDone?.() });
    else
      create.mutate(fields, {
        onSuccess: () => {
          setValues(initial);
          setCreated(true);
        },
      });
  };
  const pending = create.isPending || update.isPending;
  return (
    <Section title={budget ? text.form.editTitle : text.form.createTitle}>
      {created && <Notice>{text.form.created}</Notice>}
      <ErrorBanner error={budget ? update.error : create.error} />
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label={text.name} required>
            {(id) => <input id={id} value={values.name} maxLength={100} onChange={(e) => set('name', e.target.value)} />}
          </Field>
          <Field label={text.scope} required>
            {(id) => (
              <select id={id} value={values.scope} onChange={(e) => set('scope', e.target.value as FormValues['scope'])}>
                {(['company', 'account', 'service'] as const).map((s) => (
                  <option key={s} value={s}>
                    {text.scopes[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {values.scope === 'account' && (
            <Field label={text.scopes.account} required>
              {(id) => (
                <select id={id} value={values.accountId} onChange={(e) => set('accountId', e.target.value)}>
                  <option value="">{text.form.pick}</option>
                  {data.accounts.map((a) => (
                    <option key={a.accountId} value={a.accountId}>
                      {a.accountId} {a.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {values.scope === 'service' && (
            <Field label={text.scopes.service} required>
              {(id) => (
                <select id={id} value={values.serviceCode} onChange={(e) => set('serviceCode', e.target.value)}>
                  <option value="">{text.form.pick}</option>
                  {data.services.map((s) => (
                    <option key={s.serviceCode} value={s.serviceCode}>
                      {s.serviceName}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label={text.amount} required>
            {(id) => (
              <input
                id={id}
                className="mono"
                inputMode="numeric"
                value={values.amountJpy}
                onChange={(e) => set('amountJpy', e.target.value)}
              />
            )}
          </Field>
          <Field label={text.thresholds} required hint={text.thresholdsHint}>
            {(id) => <input id={id} className="mono" value={values.thresholds} onChange={(e) => set('thresholds', e.target.value)} />}
          </Field>
        </div>
        <Checkbox label={text.alertOnForecast} checked={values.alertOnForecast} onChange={(v) => set('alertOnForecast', v)} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={pending}>
            {budget ? text.form.save : text.form.create}
          </button>
          {budget && (
            <button type="button" className="button button-secondary" onClick={onDone}>
              {text.form.cancel}
            </button>
          )}
        </div>
      </form>
    </Section>
  );
}
