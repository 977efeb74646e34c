import { useTranslation } from 'react-i18next';
import { useSignOut } from '../../session.tsx';

/** Leaves a half-finished sign-in (ends the session) and goes back to the sign-in form. */
export function CancelSignIn() {
  const { t } = useTranslation();
  const { signOut, pending } = useSignOut();
  return (
    <p className="auth-cancel">
      <button type="button" className="link-button" disabled={pending} onClick={() => void signOut()}>
        {t('auth.cancel')}
      </button>
    </p>
  );
}
