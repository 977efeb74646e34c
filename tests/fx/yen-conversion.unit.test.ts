import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { convertUsdToJpy } from '../../src/modules/fx/rules/yen-conversion.ts';

describe('USD to whole yen, rounded once', () => {
  it('rounds a half by each mode', () => {
    // 1.5 × 151.00 = 226.5
    expect(convertUsdToJpy('1.5', '151.00', 'half-up')).toBe(227n);
    expect(convertUsdToJpy('1.5', '151.00', 'down')).toBe(226n);
    expect(convertUsdToJpy('1.5', '151.00', 'up')).toBe(227n);
    expect(convertUsdToJpy('1.5', '151.00', 'half-even')).toBe(226n);
    // 2.5 × 151.00 = 377.5: half-even goes to the even 378
    expect(convertUsdToJpy('2.5', '151.00', 'half-even')).toBe(378n);
  });

  it('rounds a value that is not a half', () => {
    // 10.01 × 150.25 = 1504.0025
    expect(convertUsdToJpy('10.01', '150.25', 'half-up')).toBe(1504n);
    expect(convertUsdToJpy('10.01', '150.25', 'down')).toBe(1504n);
    expect(convertUsdToJpy('10.01', '150.25', 'up')).toBe(1505n);
    expect(convertUsdToJpy('10.01', '150.25', 'half-even')).toBe(1504n);
    // 0.01 × 151.2345 = 1.512345
    expect(convertUsdToJpy('0.01', '151.2345')).toBe(2n);
  });

  it('rounds refunds symmetrically', () => {
    // -1.5 × 151.00 = -226.5
    expect(convertUsdToJpy('-1.5', '151.00', 'half-up')).toBe(-227n);
    expect(convertUsdToJpy('-1.5', '151.00', 'down')).toBe(-226n);
    expect(convertUsdToJpy('-1.5', '151.00', 'up')).toBe(-227n);
    expect(convertUsdToJpy('-1.5', '151.00', 'half-even')).toBe(-226n);
  });

  it('stays exact on a 30-digit CUR amount', () => {
    // (10^20 − 10^-10) × 150.0001 = 15000010000000000000000 − 0.000000015000001
    const usd = '99999999999999999999.9999999999';
    expect(convertUsdToJpy(usd, '150.0001', 'half-up')).toBe(15000010000000000000000n);
    expect(convertUsdToJpy(usd, '150.0001', 'down')).toBe(15000009999999999999999n);
    // CUR amounts with 10 decimals: 0.0000000001 × 150 = 0.000000015 → 0, up → 1
    expect(convertUsdToJpy(new Decimal('0.0000000001'), '150', 'up')).toBe(1n);
    expect(convertUsdToJpy('0.0000000001', '150')).toBe(0n);
  });

  it('refuses what is not an amount or a rate', () => {
    expect(() => convertUsdToJpy('12.3', '0')).toThrow(/rate/);
    expect(() => convertUsdToJpy('12.3', '-150')).toThrow(/rate/);
    expect(() => convertUsdToJpy('Infinity', '150')).toThrow(/USD amount/);
  });
});
