import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../../api/client.ts';
import type { Stage } from '../../api/types.ts';
import { ErrorBanner, Field } from '../../components/ui.tsx';
import { stagePath, useSessionUpdate } from '../../session.tsx';
import { AuthFrame } from './AuthFrame.tsx';
import { CancelSignIn } from './CancelSignIn.tsx';

const MIN_LENGTH = 12;
const MAX_LENGTH = 128;

type Rule = 'length' | 'maxLength' | 'notEmail' | 'different' | 'notCommon';

/** The policy rules the browser can check before sending (the server checks all, also common passwords). */
function ruleResults(password: string, current: string, email: string): Record<Exclude<Rule, 'notCommon'>, boolean> {
  const length = [...password].length;
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  return {
    length: length >= MIN_LENGTH,
    maxLength: length <= MAX_LENGTH,
    notEmail: local.length < 4 || !password.toLowerCase().includes(local),
    different: password === '' || password !== current,
  };
}

/** The server words its policy refusal in English; these phrases tell which rules failed. */
const SERVER_PHRASES: [string, Rule][] = [
  ['at least', 'length'],
  ['at most', 'maxLength'],
  ['commonly used', 'notCommon'],
  ['e-mail name', 'notEmail'],
  ['different from the current', 'different'],
];

export function PasswordChangePage({ email }: { email: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSessionUpdate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string; confirm?: string }>({});
  const change = useMutation({
    mutationFn: () => api.post<{ stage: Stage }>('/auth/password', { currentPassword: current, newPassword: next }),
    onSuccess: ({ stage }) => {
      session.advanced(stage);
      void navigate(stagePath(stage), { replace: true });
    },
  });

  const results = ruleResults(next, current, email);
  const serverRules =
    change.error instanceof ApiError && change.error.code === 'invalid_input'
      ? SERVER_PHRASES.filter(([phrase]) => (change.error as ApiError).message.includes(phrase)).map(([, rule]) => rule)
      : [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!current) found.current = t('validation.required', { field: t('auth.password.current') });
    if (!next) found.next = t('validation.required', { field: t('auth.password.new') });
    else if (!Object.values(results).every(Boolean)) found.next = t('auth.password.policyNotMet');
    if (next && confirm !== next) found.confirm = t('auth.password.mismatch');
    setErrors(found);
    if (Object.keys(found).length === 0) change.mutate();
  };

  const rules: Rule[] = ['length', 'notCommon', 'notEmail', 'different'];
  return (
    <AuthFrame step={t('auth.steps.password')} title={t('auth.password.title')} lead={t('auth.password.lead')}>
      <form onSubmit={submit} noValidate>
        {serverRules.length > 0 ? (
          <div className="banner banner-error" role="alert">
            {t('auth.password.serverRefused')}
            <ul>
              {serverRules.map((rule) => (
                <li key={rule}>{t(`auth.password.rules.${rule}`, { min: MIN_LENGTH, max: MAX_LENGTH })}</li>
              ))}
            </ul>
          </div>
        ) : (
          <ErrorBanner error={change.error} />
        )}
        <Field label={t('auth.password.current')} error={errors.current} hint={t('auth.password.currentHint')}>
          {(id) => <input id={id} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} autoFocus />}
        </Field>
        <Field label={t('auth.password.new')} error={errors.next}>
          {(id) => <input id={id} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />}
        </Field>
        <div className="policy">
          <p className="policy-title">{t('auth.password.policyTitle')}</p>
          <ul>
            {rules.map((rule) => {
              const state = rule === 'notCommon' ? 'unknown' : next === '' ? 'pending' : results[rule] && (rule !== 'length' || results.maxLength) ? 'ok' : 'bad';
              return (
                <li key={rule} className={`policy-${state}`}>
                  <span className="policy-mark" aria-hidden="true">
                    {state === 'ok' ? '✓' : state === 'bad' ? '✕' : '・'}
                  </span>
                  {t(`auth.password.rules.${rule}`, { min: MIN_LENGTH, max: MAX_LENGTH })}
                </li>
              );
            })}
          </ul>
          <p className="policy-note">{t('auth.password.policyNote')}</p>
        </div>
        <Field label={t('auth.password.confirm')} error={errors.confirm}>
          {(id) => <input id={id} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
        </Field>
        <button type="submit" className="button button-primary button-block" disabled={change.isPending}>
          {t('auth.password.submit')}
        </button>
      </form>
      <CancelSignIn />
    </AuthFrame>
  );
}
