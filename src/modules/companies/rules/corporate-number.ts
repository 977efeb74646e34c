import { isValidCorporateNumber } from '../../invoicing/rules/registration-number.ts';

/** What a corporate number is, for the messages that refuse one. */
export const CORPORATE_NUMBER_RULE = '13 digits, the first being the check digit of the other twelve (法人番号)';

/**
 * Why a company's corporate number (法人番号) is refused, or null when it is one. The check digit
 * is the National Tax Agency's, the same rule as behind a T-number (registration-number.ts).
 */
export function corporateNumberProblem(value: string): 'not-13-digits' | 'check-digit' | null {
  if (!/^\d{13}$/.test(value)) return 'not-13-digits';
  return isValidCorporateNumber(value) ? null : 'check-digit';
}
