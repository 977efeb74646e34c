import { describe, expect, it } from 'vitest';
import { corporateNumberProblem } from '../../src/modules/companies/rules/corporate-number.ts';

describe('corporate number (法人番号)', () => {
  it('accepts 13 digits whose first is the check digit of the other twelve', () => {
    // 5010401067252: digits of 010401067252 from the right × 1,2,1,2…:
    // 2·1 + 5·2 + 2·1 + 7·2 + 6·1 + 0·2 + 1·1 + 0·2 + 4·1 + 0·2 + 1·1 + 0·2 = 40; 9 − (40 mod 9) = 9 − 4 = 5.
    expect(corporateNumberProblem('5010401067252')).toBeNull();
    // The National Tax Agency's own number (worked out in registration-number.unit.test.ts).
    expect(corporateNumberProblem('7000012050002')).toBeNull();
  });

  it('refuses a wrong check digit', () => {
    expect(corporateNumberProblem('6010401067252')).toBe('check-digit');
    expect(corporateNumberProblem('4010401067252')).toBe('check-digit');
    // Two digits swapped keep the length but not the check digit: …1067225 sums to 37; 9 − 1 = 8, not 5.
    expect(corporateNumberProblem('5010401067225')).toBe('check-digit');
  });

  it('refuses anything but 13 ASCII digits', () => {
    for (const value of [
      '501040106725',
      '50104010672520',
      'T5010401067252',
      '5010-4010-6725',
      '５０１０４０１０６７２５２',
      '',
      ' 5010401067252',
    ]) {
      expect(corporateNumberProblem(value), value).toBe('not-13-digits');
    }
  });
});
