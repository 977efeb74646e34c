import type { MatrixFragment } from './fragment.ts';

/** Staff's read-only view of a customer's portal (src/modules/portal/record-customer-view.ts): staff only. */
export const fragment: MatrixFragment = {
  routes: {
    'POST /api/companies/:companyId/portal/view-sessions': {},
  },
};
