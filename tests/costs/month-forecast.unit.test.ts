import { describe, expect, it } from 'vitest';
import { forecastMonthEnd } from '../../src/modules/costs/rules/month-forecast.ts';

describe('forecastMonthEnd', () => {
  it('adds the last seven days’ average for every remaining day', () => {
    // November has 30 days. Days 1–3 at 100, days 4–10 at 10 → to date 300 + 70 = 370;
    // run rate = 70 / 7 = 10 a day; 20 days remain → 370 + 200 = 570.
    const daily = Array.from({ length: 10 }, (_, i) => ({ date: `2026-11-${String(i + 1).padStart(2, '0')}`, amount: i < 3 ? '100' : '10' }));
    const result = forecastMonthEnd({ month: '2026-11', lastDay: '2026-11-10', daily });
    expect(result.toDate.toString()).toBe('370');
    expect(result.forecast.toString()).toBe('570');
    expect([result.daysElapsed, result.daysInMonth]).toEqual([10, 30]);
  });

  it('uses the days there are early in the month and counts a missing day as zero', () => {
    // Feb 2027 has 28 days; day 1 = 30.5, day 2 missing, day 3 = 0.1 → 30.6 over 3 days = 10.2/day; 25 remain → 30.6 + 255 = 285.6.
    const result = forecastMonthEnd({ month: '2027-02', lastDay: '2027-02-03', daily: [{ date: '2027-02-01', amount: '30.5' }, { date: '2027-02-03', amount: '0.1' }, { date: '2027-03-01', amount: '999' }] });
    expect(result.toDate.toString()).toBe('30.6');
    expect(result.forecast.toString()).toBe('285.6');
  });

  it('forecasts the amount itself on the last day', () => {
    const result = forecastMonthEnd({ month: '2026-10', lastDay: '2026-10-31', daily: [{ date: '2026-10-15', amount: '12.34' }] });
    expect(result.forecast.toString()).toBe('12.34');
  });

  it('refuses a last day outside the month', () => {
    expect(() => forecastMonthEnd({ month: '2026-10', lastDay: '2026-11-01', daily: [] })).toThrow(/not a day of 2026-10/);
  });
});
