import { describe, expect, it } from 'vitest';
import {
  applicationProblem,
  applicationProblemMessage,
  customerMayCancel,
  refundsTickets,
  staffMayMove,
} from '../../src/modules/membership/rules/applications.ts';
import { attachmentProblem, contentDisposition, sanitizeFileName } from '../../src/modules/membership/rules/attachments.ts';
import {
  DEFAULT_RANK_THRESHOLDS,
  fiscalYearOf,
  fiscalYearRange,
  rankAtLeast,
  rankFromTotal,
  thresholdsProblem,
} from '../../src/modules/membership/rules/rank.ts';
import { openingMovements, overrideTopUp, ticketExpiryDate, ticketsValidOn } from '../../src/modules/membership/rules/tickets.ts';
import { trainingQuota } from '../../src/modules/membership/rules/training.ts';

const thresholds = { PLATINUM: 100_000_000, GOLD: 30_000_000, SILVER: 10_000_000, BRONZE: 3_000_000 };

describe('rank from the yearly total and the thresholds', () => {
  it('is the highest rank whose threshold the total reaches (a threshold is inclusive)', () => {
    expect(rankFromTotal('100000000', thresholds)).toBe('PLATINUM');
    expect(rankFromTotal('99999999', thresholds)).toBe('GOLD');
    expect(rankFromTotal(30_000_000n, thresholds)).toBe('GOLD');
    expect(rankFromTotal('29999999', thresholds)).toBe('SILVER');
    expect(rankFromTotal('10000000', thresholds)).toBe('SILVER');
    expect(rankFromTotal('3000000', thresholds)).toBe('BRONZE');
    expect(rankFromTotal('2999999', thresholds)).toBe('REGULAR');
    expect(rankFromTotal('0', thresholds)).toBe('REGULAR');
    // Beyond 2^53 yen still compares exactly.
    expect(rankFromTotal('9007199254740993', thresholds)).toBe('PLATINUM');
  });
  it('follows thresholds that are settings', () => {
    const low = { PLATINUM: 4, GOLD: 3, SILVER: 2, BRONZE: 1 };
    expect(rankFromTotal('2', low)).toBe('SILVER');
    expect(rankFromTotal('0', low)).toBe('REGULAR');
  });
  it('refuses thresholds that do not decrease', () => {
    expect(thresholdsProblem(DEFAULT_RANK_THRESHOLDS)).toBeNull();
    expect(thresholdsProblem({ PLATINUM: 10, GOLD: 10, SILVER: 5, BRONZE: 1 })).not.toBeNull();
    expect(thresholdsProblem({ PLATINUM: 10, GOLD: 5, SILVER: 2, BRONZE: -1 })).not.toBeNull();
    expect(thresholdsProblem({ PLATINUM: 10.5, GOLD: 5, SILVER: 2, BRONZE: 1 })).not.toBeNull();
  });
  it('puts a date in the fiscal year that starts on April 1', () => {
    expect(fiscalYearOf('2026-03-31')).toBe(2025);
    expect(fiscalYearOf('2026-04-01')).toBe(2026);
    expect(fiscalYearOf('2027-01-15')).toBe(2026);
    expect(fiscalYearRange(2026)).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(rankAtLeast('GOLD', 'SILVER')).toBe(true);
    expect(rankAtLeast('BRONZE', 'SILVER')).toBe(false);
  });
});

describe('ticket expiry', () => {
  it('is one year after the grant, the day before', () => {
    expect(ticketExpiryDate('2026-04-01')).toBe('2027-03-31');
    expect(ticketExpiryDate('2027-04-01')).toBe('2028-03-31');
    expect(ticketExpiryDate('2028-03-01')).toBe('2029-02-28');
    expect(ticketExpiryDate('2027-03-01')).toBe('2028-02-29');
  });
  it('makes tickets usable only inside their fiscal year', () => {
    expect(ticketsValidOn(2026, '2026-03-31')).toBe(false);
    expect(ticketsValidOn(2026, '2026-04-01')).toBe(true);
    expect(ticketsValidOn(2026, '2027-03-31')).toBe(true);
    expect(ticketsValidOn(2026, '2027-04-01')).toBe(false);
  });
  it('expires everything left at the opening of a year and grants by rank (no carry-over)', () => {
    expect(openingMovements(12, 'GOLD')).toEqual({ expire: 12, grant: 15, balanceAfter: 15 });
    expect(openingMovements(0, 'PLATINUM')).toEqual({ expire: 0, grant: 30, balanceAfter: 30 });
    expect(openingMovements(3, 'SILVER')).toEqual({ expire: 3, grant: 5, balanceAfter: 5 });
    expect(openingMovements(3, 'BRONZE')).toEqual({ expire: 3, grant: 0, balanceAfter: 0 });
    expect(openingMovements(0, 'REGULAR').grant).toBe(0);
    expect(() => openingMovements(-1, 'GOLD')).toThrow();
  });
  it('tops up, never takes back, on a rank override', () => {
    expect(overrideTopUp('SILVER', 'PLATINUM')).toBe(25);
    expect(overrideTopUp('GOLD', 'SILVER')).toBe(0);
  });
});

describe('training quota', () => {
  it('is 2 for PLATINUM, 1 for GOLD/SILVER/BRONZE, 0 for REGULAR, then the ticketed option', () => {
    expect(trainingQuota('PLATINUM', 0)).toEqual({ quota: 2, used: 0, left: 2, offerTicketedOption: false });
    expect(trainingQuota('PLATINUM', 1)).toEqual({ quota: 2, used: 1, left: 1, offerTicketedOption: false });
    expect(trainingQuota('PLATINUM', 2)).toEqual({ quota: 2, used: 2, left: 0, offerTicketedOption: true });
    for (const rank of ['GOLD', 'SILVER', 'BRONZE'] as const) {
      expect(trainingQuota(rank, 0).left).toBe(1);
      expect(trainingQuota(rank, 1)).toMatchObject({ left: 0, offerTicketedOption: true });
    }
    expect(trainingQuota('REGULAR', 0)).toEqual({ quota: 0, used: 0, left: 0, offerTicketedOption: true });
  });
});

describe('applications', () => {
  const lite = { active: true, minRank: 'REGULAR' as const, perAccount: true, yearlyCapacity: null, offeredUntil: null };
  const base = {
    rank: 'GOLD' as const,
    today: '2026-10-01',
    accountId: '111111111111',
    companyAccounts: ['111111111111'],
    capacityUsed: 0,
  };
  it('checks withdrawal, account scope, rank gate, capacity and end of offer', () => {
    expect(applicationProblem({ ...base, service: { ...lite, active: false } })).toBe('withdrawn');
    expect(applicationProblem({ ...base, service: lite })).toBeNull();
    expect(applicationProblem({ ...base, service: lite, accountId: null })).toBe('account_required');
    expect(applicationProblem({ ...base, service: lite, accountId: '222222222222' })).toBe('account_not_company');
    expect(applicationProblem({ ...base, service: { ...lite, perAccount: false } })).toBe('not_per_account');
    expect(applicationProblem({ ...base, service: { ...lite, minRank: 'PLATINUM' } })).toBe('rank_too_low');
    expect(applicationProblem({ ...base, service: { ...lite, yearlyCapacity: 20 }, capacityUsed: 20 })).toBe('capacity_full');
    expect(applicationProblem({ ...base, service: { ...lite, yearlyCapacity: 20 }, capacityUsed: 19 })).toBeNull();
    expect(applicationProblem({ ...base, service: { ...lite, offeredUntil: '2026-09-30' } })).toBe('offer_ended');
    expect(applicationProblem({ ...base, service: { ...lite, offeredUntil: '2026-10-01' } })).toBeNull();
    // Withdrawn wins over everything else; the API names the rank needed.
    expect(applicationProblem({ ...base, service: { ...lite, active: false, minRank: 'PLATINUM' }, accountId: null })).toBe('withdrawn');
    expect(applicationProblemMessage('rank_too_low', { minRank: 'PLATINUM' })).toBe('This service needs rank PLATINUM or above.');
  });
  it('moves forward only, rejects before the work, refunds on rejection and cancellation', () => {
    expect(staffMayMove('applied', 'scheduling')).toBe(true);
    expect(staffMayMove('scheduling', 'in_progress')).toBe(true);
    expect(staffMayMove('in_progress', 'reported')).toBe(true);
    expect(staffMayMove('reported', 'done')).toBe(true);
    expect(staffMayMove('in_progress', 'rejected')).toBe(false);
    expect(staffMayMove('done', 'applied')).toBe(false);
    expect(customerMayCancel('applied', true)).toBe(true);
    expect(customerMayCancel('applied', false)).toBe(false);
    expect(customerMayCancel('in_progress', true)).toBe(false);
    expect(refundsTickets('rejected')).toBe(true);
    expect(refundsTickets('done')).toBe(false);
  });
});

describe('attachments', () => {
  it('keeps the last path segment and drops dangerous characters', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\x\\報告書.pdf')).toBe('報告書.pdf');
    expect(sanitizeFileName('a"b<c>\r\n.pdf')).toBe('a_b_c___.pdf');
    expect(sanitizeFileName('.htaccess')).toBe('htaccess');
    expect(sanitizeFileName('')).toBe('attachment');
    expect(sanitizeFileName(`${'x'.repeat(200)}.pdf`)).toHaveLength(120);
  });
  it('accepts allowed types of the right extension and size only', () => {
    expect(attachmentProblem({ fileName: 'r.pdf', contentType: 'application/pdf', sizeBytes: 10 })).toBeNull();
    expect(attachmentProblem({ fileName: 'r.html', contentType: 'text/html', sizeBytes: 10 })).toMatch(/not accepted/);
    expect(attachmentProblem({ fileName: 'r.exe', contentType: 'application/pdf', sizeBytes: 10 })).toMatch(/must end/);
    expect(attachmentProblem({ fileName: 'r.pdf', contentType: 'application/pdf', sizeBytes: 5 * 1024 * 1024 + 1 })).toMatch(/larger/);
    expect(contentDisposition('報告書.pdf')).toBe(`attachment; filename="___.pdf"; filename*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8.pdf`);
  });
});

describe('yearly totals CSV', () => {
  it('reads yen as Excel writes it and reports every bad cell by line', async () => {
    const { parseYearlyTotalsCsv } = await import('../../src/modules/membership/rules/yearly-totals-csv.ts');
    expect(parseYearlyTotalsCsv('company_code,calendar_year,total_jpy\nACME,2025,"¥30,250,000"\n')).toEqual({
      rows: [{ companyCode: 'ACME', calendarYear: 2025, totalJpy: '30250000' }],
      errors: [],
    });
    const bad = parseYearlyTotalsCsv('company_code,calendar_year,total_jpy\nACME,25,1.5\nACME,2025,1\nACME,2025,2\n');
    expect(bad.errors).toEqual([
      { line: 2, column: 'calendar_year', message: 'a year, e.g. 2025' },
      { line: 2, column: 'total_jpy', message: 'integer yen, e.g. 12000000' },
      { line: 4, column: 'company_code', message: 'ACME 2025 appears twice' },
    ]);
  });
});
