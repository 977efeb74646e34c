import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';

/** The frame of the sign-in steps: a centred card under the product name. */
export function AuthFrame({ title, lead, step, children }: { title: string; lead?: ReactNode; step?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="auth">
      <div className="auth-top">
        <LanguageSwitch />
      </div>
      <div className="auth-card">
        <div className="auth-brand">
          <span className="brand-name">Daiko</span>
          <span className="auth-tagline">{t('app.tagline')}</span>
        </div>
        {step && <p className="auth-step">{step}</p>}
        <h1>{title}</h1>
        {lead && <p className="auth-lead">{lead}</p>}
        {children}
      </div>
    </div>
  );
}
