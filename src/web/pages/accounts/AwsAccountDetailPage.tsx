import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Assignment, AwsAccount } from '../../api/types.ts';
import { Badge, Details, Empty, ErrorBanner, Field, LocationNotice, Notice, PageHeader, QueryView, Section } from '../../components/ui.tsx';
import { dayAfter, formatDay, formatWindow, todayJst } from '../../format.ts';
import { useCompanies } from '../companies/CompaniesPage.tsx';
import { useAwsAccounts, windowContains } from './accountsApi.ts';

/** One AWS account: its data and its company windows (admins add, close and remove them). */
export function AwsAccountDetailPage({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const { accountId = '' } = useParams();
  const accounts = useAwsAccounts();
  return (
    <QueryView query={accounts}>
      {(list) => {
        const account = list.find((a) => a.accountId === accountId);
        if (!account) {
          return (
            <>
              <PageHeader back={{ to: '/aws-accounts', label: t('nav.awsAccounts') }} title={accountId} />
              <div className="banner banner-error">{t('errors.not_found')}</div>
            </>
          );
        }
        return <AccountDetail account={account} canManage={canManage} />;
      }}
    </QueryView>
  );
}

function AccountDetail({ account, canManage }: { account: AwsAccount; canManage: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string>();
  const [closing, setClosing] = useState<Assignment>();
  const [removing, setRemoving] = useState<Assignment>();
  const today = todayJst();
  const windows = [...account.assignments].sort((a, b) => b.validFrom.localeCompare(a.validFrom));

  const refresh = (message: string) => {
    void queryClient.invalidateQueries({ queryKey: ['aws-accounts'] });
    void queryClient.invalidateQueries({ queryKey: ['companies'] });
    setNotice(message);
  };
  const close = useMutation({
    mutationFn: ({ assignment, lastDay }: { assignment: Assignment; lastDay: string }) =>
      api.patch(`/aws-accounts/${account.accountId}/assignments/${assignment.id}`, { validTo: dayAfter(lastDay) }),
    onSuccess: () => {
      setClosing(undefined);
      refresh(t('accounts.windowClosed'));
    },
  });
  const remove = useMutation({
    mutationFn: (assignment: Assignment) => api.delete(`/aws-accounts/${account.accountId}/assignments/${assignment.id}`),
    onSuccess: () => {
      setRemoving(undefined);
      refresh(t('accounts.windowRemoved'));
    },
  });

  return (
    <>
      <PageHeader back={{ to: '/aws-accounts', label: t('nav.awsAccounts') }} title={account.name} subtitle={account.accountId} />
      <LocationNotice />
      {notice && <Notice>{notice}</Notice>}
      <Section title={t('accounts.details')}>
        <Details
          items={[
            [t('accounts.accountId'), <code key="id">{account.accountId}</code>],
            [t('accounts.name'), account.name],
            [t('accounts.rootEmail'), account.rootEmail ?? '—'],
            [t('accounts.rootHeld'), account.rootHeldByReseller ? t('accounts.rootHeldYes') : t('accounts.rootHeldNo')],
          ]}
        />
      </Section>
      <Section title={t('accounts.assignments')}>
        <p className="field-hint">{t('accounts.windowsLead')}</p>
        <ErrorBanner error={close.error ?? remove.error} />
        {windows.length === 0 ? (
          <Empty>{t('accounts.noWindows')}</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('accounts.company')}</th>
                <th>{t('accounts.period')}</th>
                <th>{t('accounts.state')}</th>
                {canManage && <th className="actions-col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {windows.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/companies/${a.companyId}`}>{a.companyName}</Link> <span className="muted small">{a.companyCode}</span>
                  </td>
                  <td>{formatWindow(a.validFrom, a.validTo, t('accounts.openEnded'))}</td>
                  <td>
                    {windowContains(a, today) ? (
                      <Badge tone="good">{t('accounts.current')}</Badge>
                    ) : a.validFrom > today ? (
                      <Badge tone="info">{t('accounts.future')}</Badge>
                    ) : (
                      <Badge>{t('accounts.past')}</Badge>
                    )}
                  </td>
                  {canManage && (
                    <td className="actions-col">
                      {a.validTo === null && (
                        <button type="button" className="button button-secondary button-small" onClick={() => { setRemoving(undefined); close.reset(); setClosing(a); }}>
                          {t('accounts.closeWindow')}
                        </button>
                      )}{' '}
                      <button type="button" className="button button-danger-outline button-small" onClick={() => { setClosing(undefined); remove.reset(); setRemoving(a); }}>
                        {t('accounts.removeWindow')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {closing && <CloseWindowForm assignment={closing} pending={close.isPending} onSubmit={(lastDay) => close.mutate({ assignment: closing, lastDay })} onCancel={() => setClosing(undefined)} />}
        {removing && (
          <div className="confirm" role="alertdialog">
            <p>{t('accounts.removeConfirm', { company: removing.companyName, period: formatWindow(removing.validFrom, removing.validTo, t('accounts.openEnded')) })}</p>
            <div className="form-actions">
              <button type="button" className="button button-danger" disabled={remove.isPending} onClick={() => remove.mutate(removing)}>
                {t('accounts.removeSubmit')}
              </button>
              <button type="button" className="button button-secondary" onClick={() => setRemoving(undefined)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        )}
      </Section>
      {canManage && <AddWindow account={account} onAdded={() => refresh(t('accounts.windowAdded'))} />}
    </>
  );
}

function CloseWindowForm({ assignment, pending, onSubmit, onCancel }: { assignment: Assignment; pending: boolean; onSubmit: (lastDay: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [lastDay, setLastDay] = useState(todayJst() >= assignment.validFrom ? todayJst() : assignment.validFrom);
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = !lastDay ? t('validation.required', { field: t('accounts.lastDay') }) : lastDay < assignment.validFrom ? t('validation.endBeforeStart', { from: formatDay(assignment.validFrom) }) : undefined;
    setError(problem);
    if (!problem) onSubmit(lastDay);
  };
  return (
    <form className="confirm" onSubmit={submit} noValidate>
      <p>{t('accounts.closeLead', { company: assignment.companyName, from: formatDay(assignment.validFrom) })}</p>
      <Field label={t('accounts.lastDay')} error={error} hint={t('accounts.lastDayHint')}>
        {(id) => <input id={id} type="date" value={lastDay} min={assignment.validFrom} onChange={(e) => setLastDay(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {t('accounts.closeSubmit')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function AddWindow({ account, onAdded }: { account: AwsAccount; onAdded: () => void }) {
  const { t } = useTranslation();
  const companies = useCompanies();
  const latestEnd = account.assignments.map((a) => a.validTo).filter((d): d is string => d !== null).sort().at(-1);
  const [companyId, setCompanyId] = useState('');
  const [validFrom, setValidFrom] = useState(latestEnd ?? todayJst());
  const [lastDay, setLastDay] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'companyId' | 'validFrom' | 'lastDay', string>>>({});
  const add = useMutation({
    mutationFn: () => api.post(`/aws-accounts/${account.accountId}/assignments`, { companyId, validFrom, validTo: lastDay ? dayAfter(lastDay) : null }),
    onSuccess: () => {
      setCompanyId('');
      setLastDay('');
      onAdded();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!companyId) found.companyId = t('validation.choose', { field: t('accounts.company') });
    if (!validFrom) found.validFrom = t('validation.required', { field: t('accounts.validFrom') });
    if (validFrom && lastDay && lastDay < validFrom) found.lastDay = t('validation.endBeforeStart', { from: formatDay(validFrom) });
    setErrors(found);
    if (Object.keys(found).length === 0) add.mutate();
  };
  return (
    <Section title={t('accounts.addWindow')}>
      <ErrorBanner error={add.error} />
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label={t('accounts.company')} error={errors.companyId} required>
            {(id) => (
              <select id={id} value={companyId} onChange={(e) => setCompanyId(e.target.value)}>
                <option value="">{t('common.choose')}</option>
                {companies.data?.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.code} — {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('accounts.validFrom')} error={errors.validFrom} required>
            {(id) => <input id={id} type="date" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />}
          </Field>
          <Field label={t('accounts.lastDay')} error={errors.lastDay} hint={t('accounts.lastDayOptional')}>
            {(id) => <input id={id} type="date" value={lastDay} min={validFrom || undefined} onChange={(e) => setLastDay(e.target.value)} />}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={add.isPending}>
            {t('accounts.addWindowSubmit')}
          </button>
        </div>
      </form>
    </Section>
  );
}
