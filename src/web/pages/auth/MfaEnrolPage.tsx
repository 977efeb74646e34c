import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { Stage } from '../../api/types.ts';
import { Checkbox, ErrorBanner, Field, QueryView } from '../../components/ui.tsx';
import { stagePath, useSessionUpdate } from '../../session.tsx';
import { AuthFrame } from './AuthFrame.tsx';
import { CancelSignIn } from './CancelSignIn.tsx';

type Enrolment = { secret: string; otpauthUri: string; qrCodeDataUrl: string };
const ENROLMENT_KEY = ['mfa-enrolment'] as const;

/** The key in groups of four, as authenticator apps show it: easier to type. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

export function MfaEnrolPage() {
  const { t } = useTranslation();
  const [result, setResult] = useState<{ stage: Stage; recoveryCodes: string[] }>();
  // Starting an enrolment makes a new secret: one per visit of the page, not retried or refetched.
  const enrolment = useQuery({
    queryKey: ENROLMENT_KEY,
    queryFn: () => api.post<Enrolment>('/auth/mfa/enrolment'),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });

  if (result) return <RecoveryCodes stage={result.stage} codes={result.recoveryCodes} />;
  return (
    <AuthFrame step={t('auth.steps.mfa')} title={t('auth.enrol.title')} lead={t('auth.enrol.lead')}>
      <QueryView query={enrolment}>{(data) => <EnrolForm enrolment={data} onConfirmed={setResult} />}</QueryView>
      <CancelSignIn />
    </AuthFrame>
  );
}

function EnrolForm({ enrolment, onConfirmed }: { enrolment: Enrolment; onConfirmed: (result: { stage: Stage; recoveryCodes: string[] }) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const confirm = useMutation({
    mutationFn: () => api.post<{ stage: Stage; recoveryCodes: string[] }>('/auth/mfa/enrolment/confirm', { code: code.replace(/\s/g, '') }),
    onSuccess: onConfirmed,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = /^\d{6}$/.test(code.replace(/\s/g, '')) ? undefined : t('validation.sixDigits');
    setError(problem);
    if (!problem) confirm.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <ol className="steps">
        <li>{t('auth.enrol.step1')}</li>
        <li>
          {t('auth.enrol.step2')}
          <div className="qr">
            <img src={enrolment.qrCodeDataUrl} alt={t('auth.enrol.qrAlt')} width={180} height={180} />
            <div className="qr-key">
              <p className="qr-key-label">{t('auth.enrol.manualKey')}</p>
              <code className="secret" data-testid="mfa-secret">
                {grouped(enrolment.secret)}
              </code>
              <p className="qr-key-hint">{t('auth.enrol.manualHint')}</p>
            </div>
          </div>
        </li>
        <li>{t('auth.enrol.step3')}</li>
      </ol>
      <ErrorBanner error={confirm.error} />
      <Field label={t('auth.enrol.code')} error={error}>
        {(id) => <input id={id} className="code-input" inputMode="numeric" autoComplete="one-time-code" maxLength={7} value={code} onChange={(e) => setCode(e.target.value)} placeholder="123456" />}
      </Field>
      <button type="submit" className="button button-primary button-block" disabled={confirm.isPending}>
        {t('auth.enrol.submit')}
      </button>
    </form>
  );
}

function RecoveryCodes({ stage, codes }: { stage: Stage; codes: string[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSessionUpdate();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState(false);
  const text = codes.join('\n');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  const proceed = () => {
    queryClient.removeQueries({ queryKey: ENROLMENT_KEY });
    session.advanced(stage);
    void navigate(stagePath(stage), { replace: true });
  };
  return (
    <AuthFrame step={t('auth.steps.recovery')} title={t('auth.recovery.title')} lead={t('auth.recovery.lead')}>
      <div className="banner banner-warn" role="note">
        {t('auth.recovery.warning')}
      </div>
      <ul className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="recovery-actions">
        <button type="button" className="button button-secondary button-small" onClick={() => void copy()}>
          {copied ? t('auth.recovery.copied') : t('auth.recovery.copy')}
        </button>
        <a className="button button-secondary button-small" href={`data:text/plain;charset=utf-8,${encodeURIComponent(`Daiko recovery codes\n\n${text}\n`)}`} download="daiko-recovery-codes.txt">
          {t('auth.recovery.download')}
        </a>
      </div>
      <Checkbox label={t('auth.recovery.saved')} checked={saved} onChange={setSaved} />
      <button type="button" className="button button-primary button-block" disabled={!saved} onClick={proceed}>
        {t('auth.recovery.continue')}
      </button>
    </AuthFrame>
  );
}
