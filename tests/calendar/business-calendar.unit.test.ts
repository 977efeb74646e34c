import { afterEach, describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  BANK_CALENDAR,
  closureReasons,
  companyCalendar,
  describeClosure,
  isBankHoliday,
  isBusinessDay,
  nearestBusinessDay,
} from '../../src/modules/calendar/rules/business-calendar.ts';
import {
  addDays,
  dayOfWeek,
  daysBetween,
  isCalendarDate,
  nextMonth,
  previousMonth,
  tokyoDateOf,
} from '../../src/modules/calendar/rules/calendar-date.ts';

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('calendar dates', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-11-3')).toBe(false);
    expect(isCalendarDate('2024/11/03')).toBe(false);
  });

  it('counts days and months across year ends', () => {
    expect(addDays('2024-12-30', 3)).toBe('2025-01-02');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2024-12-27', '2025-01-09')).toBe(13);
    expect(nextMonth('2024-12')).toBe('2025-01');
    expect(previousMonth('2025-01')).toBe('2024-12');
    expect(dayOfWeek('2024-11-03')).toBe(0);
  });

  it('takes the date of an instant in Japan, not in the server zone', () => {
    process.env.TZ = 'America/Los_Angeles';
    expect(tokyoDateOf(new Date('2024-10-31T15:00:00Z'))).toBe('2024-11-01');
    expect(tokyoDateOf(new Date('2024-10-31T14:59:59Z'))).toBe('2024-10-31');
  });
});

describe('bank calendar', () => {
  it('closes on weekends, national and substitute holidays, and December 31 – January 3', () => {
    expect(isBankHoliday('2024-11-01')).toBe(false); // Friday
    expect(isBankHoliday('2024-11-02')).toBe(true); // Saturday
    expect(isBankHoliday('2024-11-03')).toBe(true); // Sunday and 文化の日
    expect(isBankHoliday('2024-11-04')).toBe(true); // 振替休日 (Monday)
    expect(isBankHoliday('2024-11-05')).toBe(false);
    expect(isBankHoliday('2026-09-22')).toBe(true); // 国民の休日 between 敬老の日 and 秋分の日
    expect(isBankHoliday('2024-12-30')).toBe(false); // Monday: banks open
    for (const day of ['2024-12-31', '2025-01-01', '2025-01-02', '2025-01-03']) expect(isBankHoliday(day), day).toBe(true);
    expect(isBankHoliday('2025-01-06')).toBe(false);
  });

  it('says why a day is closed, every reason', () => {
    expect(closureReasons('2024-11-03')).toEqual([
      { kind: 'weekend', day: 'Sunday' },
      { kind: 'national-holiday', name: '文化の日', nameEn: 'National Culture Day' },
    ]);
    expect(closureReasons('2025-01-01')).toEqual([
      { kind: 'national-holiday', name: '元日', nameEn: "New Year's Day" },
      { kind: 'bank-year-end' },
    ]);
    expect(describeClosure(closureReasons('2024-11-03'))).toBe('Sunday, 文化の日 (National Culture Day)');
    expect(closureReasons('2024-11-01')).toEqual([]);
  });

  it('counts business days: 5 after Friday 2024-12-27 is 2025-01-09', () => {
    // 12-30 (1); 12-31 … 01-03 closed; 01-04/05 weekend; 01-06 (2), 01-07 (3), 01-08 (4), 01-09 (5)
    expect(addBusinessDays('2024-12-27', 5)).toBe('2025-01-09');
    expect(addBusinessDays('2025-01-06', -1)).toBe('2024-12-30');
    expect(addBusinessDays('2024-11-02', 0)).toBe('2024-11-02');
    // Golden Week 2019: ten closed days in a row, April 27 – May 6.
    expect(addBusinessDays('2019-04-26', 1)).toBe('2019-05-07');
  });

  it('finds the nearest business day in either direction', () => {
    expect(nearestBusinessDay('2024-11-03', 'preceding')).toBe('2024-11-01');
    expect(nearestBusinessDay('2024-11-03', 'following')).toBe('2024-11-05');
    expect(nearestBusinessDay('2024-11-05', 'preceding')).toBe('2024-11-05');
  });

  it('does not depend on the process time zone', () => {
    for (const tz of ['Pacific/Kiritimati', 'America/Los_Angeles', 'UTC']) {
      process.env.TZ = tz;
      expect(isBankHoliday('2024-11-04'), tz).toBe(true);
      expect(isBankHoliday('2024-11-05'), tz).toBe(false);
      expect(addBusinessDays('2024-12-27', 5), tz).toBe('2025-01-09');
    }
  });

  it('refuses days it cannot know', () => {
    expect(() => isBusinessDay('2024-02-30')).toThrow(/not a calendar date/);
    expect(() => isBusinessDay('2051-01-04')).toThrow(/outside the holiday calendar/);
  });
});

describe('company calendar', () => {
  it('closes December 29 – January 3 by default, on top of weekends and holidays', () => {
    const company = companyCalendar();
    expect(isBusinessDay('2024-12-30', company)).toBe(false);
    expect(closureReasons('2024-12-30', company)).toEqual([{ kind: 'company-closure' }]);
    expect(isBusinessDay('2024-12-27', company)).toBe(true);
    expect(isBusinessDay('2024-11-04', company)).toBe(false);
    // 12-30 … 01-03 closed; 01-06 (1) … 01-10 (5)
    expect(addBusinessDays('2024-12-27', 5, company)).toBe('2025-01-10');
    expect(addBusinessDays('2024-12-27', 5, BANK_CALENDAR)).toBe('2025-01-09');
  });

  it('takes its own closures: yearly ranges and single days', () => {
    const company = companyCalendar({ yearly: [{ from: '08-13', to: '08-16' }], dates: ['2024-10-11'] });
    expect(isBusinessDay('2024-08-13', company)).toBe(false); // お盆
    expect(isBusinessDay('2024-08-16', company)).toBe(false);
    expect(isBusinessDay('2024-08-19', company)).toBe(true);
    expect(isBusinessDay('2024-10-11', company)).toBe(false);
    expect(isBusinessDay('2024-12-30', company)).toBe(true); // no year-end closure in this one
    expect(addBusinessDays('2024-08-09', 1, company)).toBe('2024-08-19'); // 08-12 is 振替休日 (山の日)
  });
});
