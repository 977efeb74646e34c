import { describe, expect, it } from 'vitest';
import { closeSteps, type CloseNumbers } from '../../src/modules/month-close/rules/close-steps.ts';

const nothingYet: CloseNumbers = {
  deliveries: { periods: 0, finalPeriods: 0, failedIngestions: 0 },
  fx: { present: false },
  invoices: { customers: 3, drafts: 0, draftsWithWarnings: 0, finalized: 0, sent: 0 },
  payments: { due: 0, paid: 0, overdue: 0 },
};

describe('closeSteps', () => {
  it('is all pending before anything happened', () => {
    expect(closeSteps(nothingYet)).toEqual({
      deliveries: 'pending',
      fx: 'pending',
      drafts: 'pending',
      finalized: 'pending',
      sent: 'pending',
      paid: 'none',
    });
  });

  it('follows the month through drafts with warnings, finalization and sending', () => {
    const drafted = {
      ...nothingYet,
      deliveries: { periods: 2, finalPeriods: 1, failedIngestions: 0 },
      fx: { present: true },
      invoices: { customers: 3, drafts: 3, draftsWithWarnings: 1, finalized: 0, sent: 0 },
    };
    expect(closeSteps(drafted)).toMatchObject({
      deliveries: 'pending',
      fx: 'done',
      drafts: 'attention',
      finalized: 'pending',
      sent: 'pending',
    });
    const finalized = {
      ...drafted,
      deliveries: { periods: 2, finalPeriods: 2, failedIngestions: 0 },
      invoices: { customers: 3, drafts: 0, draftsWithWarnings: 0, finalized: 2, sent: 1 },
    };
    expect(closeSteps(finalized)).toMatchObject({ deliveries: 'done', drafts: 'done', finalized: 'done', sent: 'pending' });
    const sent = {
      ...finalized,
      invoices: { customers: 3, drafts: 0, draftsWithWarnings: 0, finalized: 0, sent: 3 },
      payments: { due: 3, paid: 2, overdue: 0 },
    };
    expect(closeSteps(sent)).toMatchObject({ sent: 'done', paid: 'pending' });
    expect(closeSteps({ ...sent, payments: { due: 3, paid: 2, overdue: 1 } }).paid).toBe('attention');
    expect(closeSteps({ ...sent, payments: { due: 3, paid: 3, overdue: 0 } }).paid).toBe('done');
  });

  it('flags a failed delivery', () => {
    expect(closeSteps({ ...nothingYet, deliveries: { periods: 1, finalPeriods: 1, failedIngestions: 1 } }).deliveries).toBe('attention');
  });
});
