import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, type Language } from '../i18n/index.ts';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const active = currentLanguage();
  const languages: Language[] = ['ja', 'en'];
  return (
    <div className="language-switch" role="group" aria-label={t('app.language')}>
      {languages.map((lng) => (
        <button key={lng} type="button" className={lng === active ? 'active' : ''} aria-pressed={lng === active} onClick={() => void changeLanguage(lng)}>
          {t(`locales.${lng}`)}
        </button>
      ))}
    </div>
  );
}
