import { describe, expect, it } from 'vitest';
import {
  companyOfAccountOn,
  isUtcDate,
  utcDateOf,
  windowContains,
  windowIntersection,
  windowsOverlap,
  type AccountAssignment,
} from '../../src/modules/accounts/rules/assignment-windows.ts';

const ACCOUNT = '012345678901';

describe('companyOfAccountOn', () => {
  // Moved from ALPHA to BETA on 2025-03-15: the 14th is ALPHA's last day, the 15th BETA's first.
  const moved: AccountAssignment[] = [
    { accountId: ACCOUNT, companyId: 'ALPHA', validFrom: '2024-11-01', validTo: '2025-03-15' },
    { accountId: ACCOUNT, companyId: 'BETA', validFrom: '2025-03-15', validTo: null },
    { accountId: '999999999999', companyId: 'GAMMA', validFrom: '2020-01-01', validTo: null },
  ];

  it('splits a month at a mid-month move', () => {
    expect(companyOfAccountOn(moved, ACCOUNT, '2025-03-01')).toBe('ALPHA');
    expect(companyOfAccountOn(moved, ACCOUNT, '2025-03-14')).toBe('ALPHA');
    expect(companyOfAccountOn(moved, ACCOUNT, '2025-03-15')).toBe('BETA');
    expect(companyOfAccountOn(moved, ACCOUNT, '2025-03-31')).toBe('BETA');
    expect(companyOfAccountOn(moved, ACCOUNT, '2031-01-01')).toBe('BETA');
  });

  it('is null before the first window, in a gap, after a closed window, and for unknown accounts', () => {
    expect(companyOfAccountOn(moved, ACCOUNT, '2024-10-31')).toBeNull();
    const gap: AccountAssignment[] = [
      { accountId: ACCOUNT, companyId: 'ALPHA', validFrom: '2025-01-01', validTo: '2025-02-01' },
      { accountId: ACCOUNT, companyId: 'ALPHA', validFrom: '2025-03-01', validTo: '2025-04-01' },
    ];
    expect(companyOfAccountOn(gap, ACCOUNT, '2025-02-10')).toBeNull();
    expect(companyOfAccountOn(gap, ACCOUNT, '2025-04-01')).toBeNull();
    expect(companyOfAccountOn(moved, '123456789012', '2025-03-15')).toBeNull();
  });

  it('keeps accounts apart that differ only by leading zeros', () => {
    expect(companyOfAccountOn(moved, '12345678901', '2025-03-01')).toBeNull();
  });
});

describe('date windows', () => {
  it('are half-open', () => {
    expect(windowContains({ validFrom: '2025-01-01', validTo: '2025-02-01' }, '2025-01-01')).toBe(true);
    expect(windowContains({ validFrom: '2025-01-01', validTo: '2025-02-01' }, '2025-02-01')).toBe(false);
    expect(windowsOverlap({ validFrom: '2025-01-01', validTo: '2025-02-01' }, { validFrom: '2025-02-01', validTo: null })).toBe(false);
    expect(windowsOverlap({ validFrom: '2025-01-01', validTo: '2025-02-02' }, { validFrom: '2025-02-01', validTo: null })).toBe(true);
    expect(windowsOverlap({ validFrom: '2025-01-01', validTo: null }, { validFrom: '2020-01-01', validTo: null })).toBe(true);
  });

  it('intersect', () => {
    expect(windowIntersection({ validFrom: '2025-01-01', validTo: null }, { validFrom: '2024-06-01', validTo: '2025-03-15' })).toEqual({
      validFrom: '2025-01-01',
      validTo: '2025-03-15',
    });
    expect(windowIntersection({ validFrom: '2025-01-01', validTo: null }, { validFrom: '2025-02-01', validTo: null })).toEqual({
      validFrom: '2025-02-01',
      validTo: null,
    });
  });

  it('take real calendar dates only, and UTC days', () => {
    expect(isUtcDate('2024-02-29')).toBe(true);
    expect(isUtcDate('2025-02-29')).toBe(false);
    expect(isUtcDate('2025-1-01')).toBe(false);
    expect(isUtcDate('2025/01/01')).toBe(false);
    // 08:30 in Tokyo on April 1 is still March 31 in UTC.
    expect(utcDateOf(new Date('2025-04-01T08:30:00+09:00'))).toBe('2025-03-31');
  });
});
