/**
 * The qualified invoice issuer's registration number (適格請求書発行事業者登録番号): 'T' and a
 * 13-digit number. For a corporation that number is its corporate number (法人番号), whose first
 * digit is a check digit over the other twelve (法人番号の指定等に関する省令 第2条):
 *   check = 9 − (Σ Pn × Qn mod 9), n = 1..12 counted from the rightmost digit,
 *   Pn the digit, Qn = 1 when n is odd and 2 when n is even.
 */
export function corporateNumberCheckDigit(base12: string): number {
  if (!/^\d{12}$/.test(base12)) throw new Error(`Not 12 digits: ${base12}`);
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export function isValidCorporateNumber(value: string): boolean {
  return /^\d{13}$/.test(value) && Number(value[0]) === corporateNumberCheckDigit(value.slice(1));
}

export function isValidRegistrationNumber(value: string): boolean {
  return /^T\d{13}$/.test(value) && isValidCorporateNumber(value.slice(1));
}

/** The 13-digit number behind a registration number (the Peppol JP endpoint, scheme 0188). */
export function corporateNumberOf(registrationNumber: string): string {
  if (!isValidRegistrationNumber(registrationNumber)) throw new Error(`Not a registration number: ${registrationNumber}`);
  return registrationNumber.slice(1);
}
