import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { ja } from './ja.ts';

export type Language = 'ja' | 'en';
const STORAGE_KEY = 'daiko.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof ja };
  }
}

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

/** Japanese first; the person's choice of English is kept in localStorage. */
export function setupI18n() {
  const lng = storedLanguage();
  document.documentElement.lang = lng;
  return i18n.use(initReactI18next).init({
    resources: { ja: { translation: ja }, en: { translation: en } },
    lng,
    fallbackLng: 'ja',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

export function changeLanguage(lng: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Storage can be unavailable (private mode); the switch still applies to this page.
  }
  document.documentElement.lang = lng;
  return i18n.changeLanguage(lng);
}

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'ja';
}
