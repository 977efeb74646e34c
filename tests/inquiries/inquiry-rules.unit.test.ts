import { describe, expect, it } from 'vitest';
import { afterMessage, responseTimes } from '../../src/modules/inquiries/rules/inquiry-rules.ts';

const jst = (local: string) => new Date(`${local}+09:00`);

describe('an inquiry thread', () => {
  it('starts the waiting clock on the first unanswered customer message and stops it on a staff answer', () => {
    const opened = jst('2026-10-09T18:30:00');
    const s1 = afterMessage({ status: 'open', waitingSince: opened, firstResponseAt: null }, 'customer', jst('2026-10-09T18:40:00'));
    expect(s1).toEqual({ status: 'open', waitingSince: opened, firstResponseAt: null, reopened: false });
    const s2 = afterMessage(s1, 'staff', jst('2026-10-13T11:00:00'));
    expect(s2).toEqual({ status: 'open', waitingSince: null, firstResponseAt: jst('2026-10-13T11:00:00'), reopened: false });
    // A later staff message is not the first response.
    expect(afterMessage(s2, 'staff', jst('2026-10-14T11:00:00')).firstResponseAt).toEqual(jst('2026-10-13T11:00:00'));
  });

  it('reopens a closed inquiry on a new message', () => {
    const closed = { status: 'closed' as const, waitingSince: null, firstResponseAt: jst('2026-10-13T11:00:00') };
    expect(afterMessage(closed, 'customer', jst('2026-10-14T10:00:00'))).toEqual({
      status: 'open',
      waitingSince: jst('2026-10-14T10:00:00'),
      firstResponseAt: jst('2026-10-13T11:00:00'),
      reopened: true,
    });
  });

  it('measures response times in service hours', () => {
    // Opened Fri 18:30, answered Tue 11:00 after a weekend and スポーツの日 (Mon 10-12): 30 + 60 = 90 min;
    // closed Tue 12:00: 150 min.
    const times = {
      openedAt: jst('2026-10-09T18:30:00'),
      waitingSince: null,
      firstResponseAt: jst('2026-10-13T11:00:00'),
      closedAt: jst('2026-10-13T12:00:00'),
    };
    expect(responseTimes(times, jst('2026-10-20T10:00:00'))).toEqual({
      waitingMinutes: null,
      firstResponseMinutes: 90,
      resolutionMinutes: 150,
    });
    expect(
      responseTimes({ ...times, waitingSince: times.openedAt, firstResponseAt: null, closedAt: null }, jst('2026-10-13T10:45:00')),
    ).toEqual({ waitingMinutes: 75, firstResponseMinutes: null, resolutionMinutes: null });
  });
});
