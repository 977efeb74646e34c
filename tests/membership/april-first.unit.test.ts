import cronParser from 'cron-parser';
import { describe, expect, it } from 'vitest';
import {
  APRIL_FIRST_CRON,
  APRIL_FIRST_TZ,
  aprilFirstRunAt,
  dueFiscalYear,
  nextAprilFirstRun,
} from '../../src/modules/membership/rules/april-first.ts';

describe('when the April 1 job runs', () => {
  it('runs at 00:05 on April 1 in Japan, which is 15:05 UTC on March 31', () => {
    expect(aprilFirstRunAt(2027).toISOString()).toBe('2027-03-31T15:05:00.000Z');
  });
  it('makes a fiscal year due at that moment, not at UTC midnight of April 1', () => {
    expect(dueFiscalYear(new Date('2027-03-31T15:04:59Z'))).toBe(2026);
    expect(dueFiscalYear(new Date('2027-03-31T15:05:00Z'))).toBe(2027);
    // 00:00–00:04 JST on April 1 is fiscal year 2027 already, but the job waits for 00:05.
    expect(dueFiscalYear(new Date('2027-03-31T15:00:00Z'))).toBe(2026);
    expect(dueFiscalYear(new Date('2027-04-01T00:00:00Z'))).toBe(2027);
    expect(dueFiscalYear(new Date('2027-01-10T03:00:00Z'))).toBe(2026);
  });
  it('names the next run', () => {
    expect(nextAprilFirstRun(new Date('2026-11-23T00:00:00Z')).toISOString()).toBe('2027-03-31T15:05:00.000Z');
    expect(nextAprilFirstRun(new Date('2027-03-31T15:05:00Z')).toISOString()).toBe('2028-03-31T15:05:00.000Z');
  });
  it('gives pg-boss a cron schedule that fires at the same instant', () => {
    // pg-boss reads schedules with cron-parser in the schedule's time zone.
    const next = cronParser.parseExpression(APRIL_FIRST_CRON, { tz: APRIL_FIRST_TZ, currentDate: new Date('2027-01-01T00:00:00Z') }).next();
    expect(next.toDate().toISOString()).toBe('2027-03-31T15:05:00.000Z');
    const prev = cronParser.parseExpression(APRIL_FIRST_CRON, { tz: APRIL_FIRST_TZ, currentDate: new Date('2027-03-31T15:05:30Z') }).prev();
    expect(prev.toDate()).toEqual(aprilFirstRunAt(2027));
  });
});
