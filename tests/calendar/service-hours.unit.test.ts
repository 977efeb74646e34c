import { describe, expect, it } from 'vitest';
import { isServiceDay, serviceHoursBetween } from '../../src/modules/calendar/rules/service-hours.ts';

// Instants written in Japan time (+09:00), as a person in Tokyo reads them.
const jst = (local: string) => new Date(`${local}+09:00`);

describe('service hours (weekdays 10:00–19:00 JST, holidays excluded)', () => {
  it('counts the minutes inside one service day', () => {
    // Tue 2026-10-06 10:30 → 12:00 = 90 min.
    expect(serviceHoursBetween(jst('2026-10-06T10:30:00'), jst('2026-10-06T12:00:00'))).toBe(90);
    // Before opening and after closing count nothing: 08:00 → 20:00 = the whole 9 h = 540 min.
    expect(serviceHoursBetween(jst('2026-10-06T08:00:00'), jst('2026-10-06T20:00:00'))).toBe(540);
    // Entirely after hours.
    expect(serviceHoursBetween(jst('2026-10-06T19:00:00'), jst('2026-10-06T23:59:00'))).toBe(0);
  });

  it('skips a weekend', () => {
    // Fri 2026-10-16 18:30 → Mon 2026-10-19 10:15 = 30 (Fri) + 0 (Sat, Sun) + 15 (Mon) = 45 min.
    expect(serviceHoursBetween(jst('2026-10-16T18:30:00'), jst('2026-10-19T10:15:00'))).toBe(45);
  });

  it('skips a national holiday next to a weekend', () => {
    expect(isServiceDay('2026-10-12')).toBe(false); // スポーツの日 (second Monday of October)
    // Fri 2026-10-09 17:00 → Tue 2026-10-13 11:00 = 120 (Fri 17–19) + Sat + Sun + Mon holiday (0) + 60 (Tue 10–11) = 180 min.
    expect(serviceHoursBetween(jst('2026-10-09T17:00:00'), jst('2026-10-13T11:00:00'))).toBe(180);
  });

  it('skips Golden Week and counts full days between', () => {
    // Thu 2026-04-30 09:00 → Thu 2026-05-07 09:00: Apr 30 full day (540), Fri May 1 (540),
    // Sat 2, Sun 3 (憲法記念日), Mon 4 (みどりの日), Tue 5 (こどもの日), Wed 6 (振替休日) closed,
    // Thu May 7 before 10:00 = 0. Total 1,080 min.
    expect(['2026-05-04', '2026-05-05', '2026-05-06'].map(isServiceDay)).toEqual([false, false, false]);
    expect(serviceHoursBetween(jst('2026-04-30T09:00:00'), jst('2026-05-07T09:00:00'))).toBe(1080);
  });

  it('does not depend on the server time zone and rounds down to the minute', () => {
    // 2026-10-06 01:00:00Z is 10:00 JST; 01:00:59.999Z is 59.999 s later → 0 whole minutes.
    expect(serviceHoursBetween(new Date('2026-10-06T01:00:00Z'), new Date('2026-10-06T01:00:59.999Z'))).toBe(0);
    expect(serviceHoursBetween(new Date('2026-10-06T01:00:00Z'), new Date('2026-10-06T01:02:30Z'))).toBe(2);
    // Reversed or equal instants count nothing.
    expect(serviceHoursBetween(jst('2026-10-06T12:00:00'), jst('2026-10-06T11:00:00'))).toBe(0);
  });
});
