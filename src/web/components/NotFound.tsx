import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from './ui.tsx';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <p>{t('notFound.lead')}</p>
      <Link to="/">{t('notFound.home')}</Link>
    </>
  );
}
