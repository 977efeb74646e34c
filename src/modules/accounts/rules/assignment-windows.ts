/**
 * Which company owns an AWS account, when. A window is a half-open range of UTC calendar dates
 * [validFrom, validTo), validTo null meaning open-ended; dates are 'YYYY-MM-DD' strings, which
 * compare correctly as text. Pure.
 */
export type DateWindow = { validFrom: string; validTo: string | null };
export type AccountAssignment = DateWindow & { accountId: string; companyId: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2024-02-30 is not). */
export function isUtcDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The UTC calendar date of an instant: billing months and windows are UTC. */
export function utcDateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export function windowContains(window: DateWindow, date: string): boolean {
  return window.validFrom <= date && (window.validTo === null || date < window.validTo);
}

export function windowsOverlap(a: DateWindow, b: DateWindow): boolean {
  return (b.validTo === null || a.validFrom < b.validTo) && (a.validTo === null || b.validFrom < a.validTo);
}

/** The common part of two overlapping windows. */
export function windowIntersection(a: DateWindow, b: DateWindow): DateWindow {
  const validFrom = a.validFrom > b.validFrom ? a.validFrom : b.validFrom;
  const validTo = a.validTo === null ? b.validTo : b.validTo === null ? a.validTo : a.validTo < b.validTo ? a.validTo : b.validTo;
  return { validFrom, validTo };
}

export function describeWindow(window: DateWindow): string {
  return `${window.validFrom} – ${window.validTo ?? 'open end'}`;
}

/**
 * The company that owns `accountId` on `date` (UTC), or null when none does. An account moved
 * mid-month belongs to the old company up to the day before the move and to the new one from it.
 */
export function companyOfAccountOn(assignments: readonly AccountAssignment[], accountId: string, date: string): string | null {
  return assignments.find((a) => a.accountId === accountId && windowContains(a, date))?.companyId ?? null;
}

/** `companyOfAccountOn` over many lookups: the windows indexed by account once. */
export function companyOwnership(assignments: readonly AccountAssignment[]): (accountId: string, date: string) => string | null {
  const byAccount = new Map<string, AccountAssignment[]>();
  for (const a of assignments) byAccount.set(a.accountId, [...(byAccount.get(a.accountId) ?? []), a]);
  return (accountId, date) => byAccount.get(accountId)?.find((a) => windowContains(a, date))?.companyId ?? null;
}
