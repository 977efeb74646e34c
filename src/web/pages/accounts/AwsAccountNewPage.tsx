import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { AwsAccount } from '../../api/types.ts';
import { Checkbox, ErrorBanner, Field, PageHeader } from '../../components/ui.tsx';
import { isEmail, todayJst } from '../../format.ts';
import { useCompanies } from '../companies/CompaniesPage.tsx';

type Input = { accountId: string; name: string; rootEmail?: string; rootHeldByReseller: boolean; companyId?: string; validFrom?: string };

export function AwsAccountNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const companies = useCompanies();
  const [accountId, setAccountId] = useState('');
  const [name, setName] = useState('');
  const [rootEmail, setRootEmail] = useState('');
  const [rootHeld, setRootHeld] = useState(true);
  const [companyId, setCompanyId] = useState(params.get('companyId') ?? '');
  const [validFrom, setValidFrom] = useState(todayJst());
  const [errors, setErrors] = useState<Partial<Record<'accountId' | 'name' | 'rootEmail' | 'validFrom', string>>>({});
  const create = useMutation({
    mutationFn: (input: Input) => api.post<AwsAccount>('/aws-accounts', input),
    onSuccess: (account) => {
      void queryClient.invalidateQueries({ queryKey: ['aws-accounts'] });
      void queryClient.invalidateQueries({ queryKey: ['companies'] });
      void navigate(`/aws-accounts/${account.accountId}`, { state: { notice: 'accountRegistered' } });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = accountId.replace(/[\s-]/g, '');
    const found: typeof errors = {};
    if (!/^\d{12}$/.test(id)) found.accountId = t('validation.accountId');
    if (!name.trim()) found.name = t('validation.required', { field: t('accounts.name') });
    if (rootEmail.trim() && !isEmail(rootEmail)) found.rootEmail = t('validation.email');
    if (companyId && !validFrom) found.validFrom = t('validation.required', { field: t('accounts.validFrom') });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const input: Input = { accountId: id, name: name.trim(), rootHeldByReseller: rootHeld };
    if (rootEmail.trim()) input.rootEmail = rootEmail.trim();
    if (companyId) {
      input.companyId = companyId;
      input.validFrom = validFrom;
    }
    create.mutate(input);
  };

  return (
    <>
      <PageHeader back={{ to: '/aws-accounts', label: t('nav.awsAccounts') }} title={t('accounts.registerTitle')} subtitle={t('accounts.registerLead')} />
      <div className="card card-narrow">
        <div className="card-body">
          <ErrorBanner error={create.error} />
          <form className="form" onSubmit={submit} noValidate>
            <Field label={t('accounts.accountId')} error={errors.accountId} required hint={t('accounts.accountIdHint')}>
              {(id) => <input id={id} inputMode="numeric" value={accountId} onChange={(e) => setAccountId(e.target.value)} maxLength={14} placeholder="123456789012" />}
            </Field>
            <Field label={t('accounts.name')} error={errors.name} required>
              {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />}
            </Field>
            <Field label={t('accounts.rootEmail')} error={errors.rootEmail}>
              {(id) => <input id={id} type="email" value={rootEmail} onChange={(e) => setRootEmail(e.target.value)} />}
            </Field>
            <Checkbox label={t('accounts.rootHeldLabel')} checked={rootHeld} onChange={setRootHeld} />
            <Field label={t('accounts.company')} hint={t('accounts.companyHint')}>
              {(id) => (
                <select id={id} value={companyId} onChange={(e) => setCompanyId(e.target.value)}>
                  <option value="">{t('accounts.noCompany')}</option>
                  {companies.data?.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.code} — {c.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {companyId && (
              <Field label={t('accounts.validFrom')} error={errors.validFrom} required>
                {(id) => <input id={id} type="date" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />}
              </Field>
            )}
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={create.isPending}>
                {t('accounts.registerSubmit')}
              </button>
              <button type="button" className="button button-secondary" onClick={() => void navigate('/aws-accounts')}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        </div>
      </div>
    </>
  );
}
