import { useTranslation } from 'react-i18next';

/** Texts of staff's read-only view of a customer's portal (ja first, en the same keys). */
const viewAsJa = {
  open: '顧客として表示',
  openHint: 'お客様のポータルを閲覧専用で開きます（監査ログに記録されます）。',
  banner: '閲覧専用 — {{name}}として表示中',
  bannerNote: 'お客様が見ている画面です。変更の操作は表示されません。この表示は監査ログに記録されています。',
  exit: '表示を終了',
};

const viewAsEn: typeof viewAsJa = {
  open: 'View as customer',
  openHint: 'Opens the customer’s portal read-only (recorded in the audit log).',
  banner: 'Read-only — viewing as {{name}}',
  bannerNote: 'These are the customer’s own pages. Controls that change data are not shown. This view is recorded in the audit log.',
  exit: 'Exit view',
};

export function useViewAsText() {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? viewAsEn : viewAsJa;
}
