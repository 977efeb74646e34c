import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { Stage } from '../../api/types.ts';
import { ErrorBanner, Field } from '../../components/ui.tsx';
import { stagePath, useSessionUpdate } from '../../session.tsx';
import { AuthFrame } from './AuthFrame.tsx';
import { CancelSignIn } from './CancelSignIn.tsx';

export function MfaChallengePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSessionUpdate();
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const verify = useMutation({
    mutationFn: () => api.post<{ stage: Stage }>('/auth/mfa/verify', useRecovery ? { recoveryCode: value.trim() } : { code: value.replace(/\s/g, '') }),
    onSuccess: ({ stage }) => {
      session.advanced(stage);
      void navigate(stagePath(stage), { replace: true });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let problem: string | undefined;
    if (useRecovery) {
      if (!value.trim()) problem = t('validation.required', { field: t('auth.mfa.recoveryCode') });
    } else if (!/^\d{6}$/.test(value.replace(/\s/g, ''))) {
      problem = t('validation.sixDigits');
    }
    setError(problem);
    if (!problem) verify.mutate();
  };

  const toggle = () => {
    setUseRecovery(!useRecovery);
    setValue('');
    setError(undefined);
    verify.reset();
  };

  return (
    <AuthFrame title={t('auth.mfa.title')} lead={useRecovery ? t('auth.mfa.recoveryLead') : t('auth.mfa.lead')}>
      <form onSubmit={submit} noValidate>
        <ErrorBanner error={verify.error} />
        {useRecovery ? (
          <Field label={t('auth.mfa.recoveryCode')} error={error}>
            {(id) => <input id={id} autoComplete="off" spellCheck={false} value={value} onChange={(e) => setValue(e.target.value)} autoFocus placeholder="xxxxx-xxxxx" />}
          </Field>
        ) : (
          <Field label={t('auth.mfa.code')} error={error}>
            {(id) => (
              <input id={id} className="code-input" inputMode="numeric" autoComplete="one-time-code" maxLength={7} value={value} onChange={(e) => setValue(e.target.value)} autoFocus placeholder="123456" />
            )}
          </Field>
        )}
        <button type="submit" className="button button-primary button-block" disabled={verify.isPending}>
          {t('auth.mfa.submit')}
        </button>
      </form>
      <p className="auth-switch">
        <button type="button" className="link-button" onClick={toggle}>
          {useRecovery ? t('auth.mfa.useCode') : t('auth.mfa.useRecovery')}
        </button>
      </p>
      <CancelSignIn />
    </AuthFrame>
  );
}
