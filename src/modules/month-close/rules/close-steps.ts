/**
 * The month-close checklist (pure): each step's state from its numbers. A step is `done` when its
 * work is complete, `attention` when something is wrong or stuck (a failed delivery, a missing rate,
 * an overdue invoice), `pending` when it is simply not finished yet, `none` when there is nothing to
 * do (no invoice to pay).
 */
export type StepState = 'done' | 'pending' | 'attention' | 'none';

export type CloseNumbers = {
  deliveries: { periods: number; finalPeriods: number; failedIngestions: number };
  fx: { present: boolean };
  invoices: { customers: number; drafts: number; draftsWithWarnings: number; finalized: number; sent: number };
  payments: { due: number; paid: number; overdue: number };
};

export type CloseSteps = {
  deliveries: StepState;
  fx: StepState;
  drafts: StepState;
  finalized: StepState;
  sent: StepState;
  paid: StepState;
};

export function closeSteps(n: CloseNumbers): CloseSteps {
  const issued = n.invoices.finalized + n.invoices.sent;
  const made = n.invoices.drafts + issued;
  return {
    deliveries:
      n.deliveries.failedIngestions > 0
        ? 'attention'
        : n.deliveries.periods === 0
          ? 'pending'
          : n.deliveries.finalPeriods === n.deliveries.periods
            ? 'done'
            : 'pending',
    fx: n.fx.present ? 'done' : 'pending',
    // Drafts are reviewed when none is left with warnings; every billing-agency customer gets one.
    drafts:
      made === 0
        ? 'pending'
        : n.invoices.draftsWithWarnings > 0
          ? 'attention'
          : made >= n.invoices.customers || n.invoices.drafts === 0
            ? 'done'
            : 'pending',
    finalized: made === 0 ? 'pending' : n.invoices.drafts === 0 ? 'done' : 'pending',
    sent: issued === 0 ? 'pending' : n.invoices.finalized === 0 && n.invoices.drafts === 0 ? 'done' : 'pending',
    paid:
      n.payments.due === 0
        ? n.invoices.sent > 0
          ? 'done'
          : 'none'
        : n.payments.overdue > 0
          ? 'attention'
          : n.payments.paid === n.payments.due
            ? 'done'
            : 'pending',
  };
}
