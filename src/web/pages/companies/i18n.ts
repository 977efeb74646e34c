import { useTranslation } from 'react-i18next';

/** The company pages' newer texts, kept out of the main dictionary like prepaid's (its typed keys are at TypeScript's depth limit). */
export const companiesJa = {
  corporateNumber: '法人番号',
  corporateNumberHint: '13桁（国税庁の法人番号公表サイトの番号）。デジタルインボイス（JP PINT）で請求先の識別子になります。',
  corporateNumberDigits: '法人番号は13桁の数字で入力してください。',
  corporateNumberCheckDigit: '法人番号のチェックデジット（先頭の1桁）が一致しません。番号をご確認ください。',
};

export const companiesEn: typeof companiesJa = {
  corporateNumber: 'Corporate number',
  corporateNumberHint: '13 digits (as published by the National Tax Agency). Identifies the customer on its JP PINT e-invoices.',
  corporateNumberDigits: 'Enter the corporate number as 13 digits.',
  corporateNumberCheckDigit: 'The check digit (the first digit) of this corporate number does not match. Please check the number.',
};

/** The texts in the language shown. */
export function useCompaniesText() {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? companiesEn : companiesJa;
}
