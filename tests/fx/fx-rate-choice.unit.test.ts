import { describe, expect, it } from 'vitest';
import {
  explainChoice,
  fxRateTable,
  MissingFxRateError,
  rateForPurchase,
  rateForUsageMonth,
  usageRateDate,
  type FxRateRule,
  type PublishedRate,
} from '../../src/modules/fx/rules/fx-rate-choice.ts';

// A published TTM series around the cases (bank business days only, as a bank publishes).
const MUFG: [string, string][] = [
  ['2024-10-31', '153.16'], // Thu
  ['2024-11-01', '152.41'], // Fri
  ['2024-11-05', '152.30'], // Tue (11-02 Sat, 11-03 Sun 文化の日, 11-04 振替休日)
  ['2024-11-08', '153.06'], // Fri
  ['2024-11-11', '153.80'], // Mon
  ['2024-12-02', '150.74'], // Mon
  ['2024-12-03', '149.80'], // Tue
  ['2024-12-27', '157.80'], // Fri
  ['2024-12-30', '158.18'], // Mon (12-31 … 01-03 bank holidays)
  ['2025-01-06', '157.62'], // Mon
];
const published = (rows: [string, string][], source = 'MUFG'): PublishedRate[] => rows.map(([date, usdJpy]) => ({ date, usdJpy, source }));
const table = fxRateTable([...published(MUFG), ...published([['2024-11-02', '999.99']], 'OTHER')]);
const without = (...dates: string[]) => fxRateTable(published(MUFG.filter(([d]) => !dates.includes(d))));
const RULE: FxRateRule = { source: 'MUFG', usageRateDay: 3, fallback: 'preceding', maxFallbackDays: 10 };

function missing(run: () => unknown): MissingFxRateError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MissingFxRateError);
    return error as MissingFxRateError;
  }
  throw new Error('expected a MissingFxRateError');
}

describe('the rate of a usage month: the 3rd of the next month', () => {
  it('2024-11 converts at Tuesday 2024-12-03, published', () => {
    expect(rateForUsageMonth('2024-11', table, RULE)).toEqual({
      basis: { kind: 'usage-month', month: '2024-11' },
      requestedDate: '2024-12-03',
      rateDate: '2024-12-03',
      usdJpy: '149.80',
      source: 'MUFG',
      fallback: false,
      skipped: [],
    });
  });

  it('2024-10: 2024-11-03 is a holiday (Sunday), 11-02 a Saturday → Friday 2024-11-01', () => {
    const chosen = rateForUsageMonth('2024-10', table, RULE);
    expect(chosen).toMatchObject({ requestedDate: '2024-11-03', rateDate: '2024-11-01', usdJpy: '152.41', fallback: true });
    expect(chosen.skipped.map((s) => s.date)).toEqual(['2024-11-03', '2024-11-02']);
    expect(explainChoice(chosen)).toBe(
      'usage month 2024-10 converts at the rate of 2024-11-03; no rate on 2024-11-03 Sunday, 文化の日 (National Culture Day); 2024-11-02 Saturday; the nearest preceding day with a rate is 2024-11-01.',
    );
  });

  it('2024-12: January 3 is a bank holiday → the last December business day, 2024-12-30', () => {
    const chosen = rateForUsageMonth('2024-12', table, RULE);
    expect(chosen).toMatchObject({ requestedDate: '2025-01-03', rateDate: '2024-12-30', usdJpy: '158.18', fallback: true });
    expect(chosen.skipped.map((s) => s.date)).toEqual(['2025-01-03', '2025-01-02', '2025-01-01', '2024-12-31']);
  });

  it('follows the configured day and direction', () => {
    expect(usageRateDate('2024-12', 3)).toBe('2025-01-03');
    expect(rateForUsageMonth('2024-11', table, { ...RULE, usageRateDay: 2 })).toMatchObject({
      rateDate: '2024-12-02',
      usdJpy: '150.74',
      fallback: false,
    });
    // Following: 11-03 Sunday, 11-04 振替休日 → Tuesday 11-05.
    expect(rateForUsageMonth('2024-10', table, { ...RULE, fallback: 'following' })).toMatchObject({
      rateDate: '2024-11-05',
      usdJpy: '152.30',
    });
    expect(rateForUsageMonth('2024-12', table, { ...RULE, fallback: 'following' })).toMatchObject({
      rateDate: '2025-01-06',
      usdJpy: '157.62',
    });
  });

  it('uses only the configured source', () => {
    // OTHER has a rate on Saturday 11-02; MUFG's rule never sees it.
    expect(rateForUsageMonth('2024-10', table, RULE).rateDate).toBe('2024-11-01');
    expect(rateForUsageMonth('2024-10', table, { ...RULE, source: 'OTHER' })).toMatchObject({
      rateDate: '2024-11-02',
      usdJpy: '999.99',
      source: 'OTHER',
    });
  });
});

describe('the rate of a purchase: the purchase date', () => {
  it('a business day with a rate', () => {
    expect(rateForPurchase('2024-11-11', table, RULE)).toMatchObject({
      requestedDate: '2024-11-11',
      rateDate: '2024-11-11',
      usdJpy: '153.80',
      fallback: false,
    });
  });

  it('refuses a day that is not a date or lies outside the holiday calendar', () => {
    expect(() => rateForPurchase('2024-02-30', table, RULE)).toThrow(/not a date/);
    expect(() => rateForPurchase('2051-01-04', table, RULE)).toThrow('2051-01-04 is outside the business calendar (1970–2050)');
    expect(() => rateForUsageMonth('2024-13', table, RULE)).toThrow(/not a month/);
  });

  it('a Saturday purchase converts at Friday', () => {
    const chosen = rateForPurchase('2024-11-09', table, RULE);
    expect(chosen).toMatchObject({
      basis: { kind: 'purchase-date', date: '2024-11-09' },
      rateDate: '2024-11-08',
      usdJpy: '153.06',
      fallback: true,
    });
  });
});

describe('a missing rate stops the run, naming the day', () => {
  it('the fallback day itself is missing: needs 2024-11-01, never October 31', () => {
    const error = missing(() => rateForUsageMonth('2024-10', without('2024-11-01'), RULE));
    expect(error.neededDate).toBe('2024-11-01');
    expect(error.code).toBe('fx_rate_missing');
    expect(error.message).toMatch(/^missing FX rate: needs the USD\/JPY rate of 2024-11-01 \(source MUFG\) for usage month 2024-10;/);
    expect(error.message).toContain('2024-11-01 is a bank business day without a rate in the table');
  });

  it('the requested business day is missing: needs 2024-12-03, not 2024-12-02', () => {
    const error = missing(() => rateForUsageMonth('2024-11', without('2024-12-03'), RULE));
    expect(error.neededDate).toBe('2024-12-03');
    expect(error.message).toContain('needs the USD/JPY rate of 2024-12-03 (source MUFG)');
  });

  it('an empty table, another source', () => {
    expect(missing(() => rateForPurchase('2024-11-11', table, { ...RULE, source: 'SMBC' })).message).toContain(
      'needs the USD/JPY rate of 2024-11-11 (source SMBC) for the purchase on 2024-11-11',
    );
  });

  it('a fallback longer than allowed is a gap, not a month-old rate', () => {
    const error = missing(() => rateForUsageMonth('2024-12', table, { ...RULE, maxFallbackDays: 2 }));
    expect(error.neededDate).toBe('2024-12-30');
    expect(error.message).toContain('the fallback may go at most 2 day(s) back');
  });
});
