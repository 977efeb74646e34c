import { serviceHoursBetween } from '../../calendar/rules/service-hours.ts';

/**
 * Inquiries about the support membership (seed 004 §3.4.5). Pure: who may do what on a thread, what a
 * new message does to it, and its response times in service hours.
 */
export const INQUIRY_CATEGORIES = ['membership', 'option_service', 'training', 'optimization', 'portal', 'other'] as const;
export type InquiryCategory = (typeof INQUIRY_CATEGORIES)[number];

export type InquiryState = {
  status: 'open' | 'closed';
  waitingSince: Date | null;
  firstResponseAt: Date | null;
};

export type MessageEffect = InquiryState & { reopened: boolean };

/**
 * A message on the thread. A customer message starts the staff's waiting clock unless it is already
 * running; a staff message stops it, and the first one is the first response. A message on a closed
 * inquiry reopens it (whoever writes: a closed thread that gets a new question is not resolved).
 */
export function afterMessage(state: InquiryState, author: 'customer' | 'staff', at: Date): MessageEffect {
  const reopened = state.status === 'closed';
  if (author === 'customer') {
    return { status: 'open', waitingSince: state.waitingSince ?? at, firstResponseAt: state.firstResponseAt, reopened };
  }
  return { status: 'open', waitingSince: null, firstResponseAt: state.firstResponseAt ?? at, reopened };
}

export type InquiryTimes = {
  openedAt: Date;
  waitingSince: Date | null;
  firstResponseAt: Date | null;
  closedAt: Date | null;
};

/** Response times in service-hour minutes: waiting now (open, staff to answer), first response, resolution. */
export function responseTimes(t: InquiryTimes, now: Date) {
  return {
    waitingMinutes: t.closedAt === null && t.waitingSince !== null ? serviceHoursBetween(t.waitingSince, now) : null,
    firstResponseMinutes: t.firstResponseAt === null ? null : serviceHoursBetween(t.openedAt, t.firstResponseAt),
    resolutionMinutes: t.closedAt === null ? null : serviceHoursBetween(t.openedAt, t.closedAt),
  };
}
