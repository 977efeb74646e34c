import { describe, expect, it } from 'vitest';
import {
  corporateNumberCheckDigit,
  corporateNumberOf,
  isValidRegistrationNumber,
} from '../../src/modules/invoicing/rules/registration-number.ts';

describe('registration number (T + corporate number)', () => {
  it('computes the corporate number check digit', () => {
    // 国税庁 7000012050002: digits of 000012050002 from the right × 1,2,1,2…:
    // 2·1 + 0·2 + 0·1 + 0·2 + 5·1 + 0·2 + 2·1 + 1·2 + 0… = 11; 9 − (11 mod 9) = 7.
    expect(corporateNumberCheckDigit('000012050002')).toBe(7);
    // 180301018771: 1·1+7·2+7·1+8·2+1·1+0·2+1·1+0·2+3·1+0·2+8·1+1·2 = 53; 9 − (53 mod 9) = 1.
    expect(corporateNumberCheckDigit('180301018771')).toBe(1);
    // A sum divisible by 9 gives 9, never 0: 234567890123 → 72; 9 − 0 = 9.
    expect(corporateNumberCheckDigit('234567890123')).toBe(9);
  });

  it('accepts T and a corporate number whose check digit holds', () => {
    expect(isValidRegistrationNumber('T7000012050002')).toBe(true);
    expect(isValidRegistrationNumber('T1180301018771')).toBe(true);
    expect(isValidRegistrationNumber('T9234567890123')).toBe(true);
  });

  it('refuses a wrong check digit, a missing T and wrong lengths', () => {
    expect(isValidRegistrationNumber('T8000012050002')).toBe(false);
    expect(isValidRegistrationNumber('7000012050002')).toBe(false);
    expect(isValidRegistrationNumber('t7000012050002')).toBe(false);
    expect(isValidRegistrationNumber('T700001205000')).toBe(false);
    expect(isValidRegistrationNumber('T70000120500021')).toBe(false);
  });

  it('gives the 13-digit corporate number behind it', () => {
    expect(corporateNumberOf('T7000012050002')).toBe('7000012050002');
    expect(() => corporateNumberOf('T8000012050002')).toThrow(/Not a registration number/);
  });
});
