import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { ErrorBanner, Field } from '../../components/ui.tsx';
import { isEmail } from '../../format.ts';
import { stagePath, useSessionUpdate } from '../../session.tsx';
import { AuthFrame } from './AuthFrame.tsx';

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSessionUpdate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const signIn = useMutation({
    mutationFn: () => api.post<Me>('/auth/sign-in', { email: email.trim(), password }),
    onSuccess: (me) => {
      session.signedIn(me);
      void navigate(stagePath(me.stage), { replace: true });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!email.trim()) found.email = t('validation.required', { field: t('auth.signIn.email') });
    else if (!isEmail(email)) found.email = t('validation.email');
    if (!password) found.password = t('validation.required', { field: t('auth.signIn.password') });
    setErrors(found);
    if (Object.keys(found).length === 0) signIn.mutate();
  };

  return (
    <AuthFrame title={t('auth.signIn.title')} lead={t('auth.signIn.lead')}>
      <form onSubmit={submit} noValidate>
        <ErrorBanner error={signIn.error} />
        <Field label={t('auth.signIn.email')} error={errors.email}>
          {(id) => <input id={id} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />}
        </Field>
        <Field label={t('auth.signIn.password')} error={errors.password}>
          {(id) => <input id={id} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <button type="submit" className="button button-primary button-block" disabled={signIn.isPending}>
          {signIn.isPending ? t('auth.signIn.submitting') : t('auth.signIn.submit')}
        </button>
      </form>
      <p className="auth-note">{t('auth.signIn.note')}</p>
    </AuthFrame>
  );
}
