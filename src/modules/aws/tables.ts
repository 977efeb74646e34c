import type { Generated } from 'kysely';
import type { OrgAccountState } from './provider.ts';

/** A member account of the simulated AWS Organization. */
export interface SimulatedOrgAccountsTable {
  account_id: string;
  name: string;
  email: string;
  state: Generated<OrgAccountState>;
  joined_at: Generated<Date>;
  closed_at: Date | null;
}

/** A CreateAccount request to the simulated organization; it completes on the first status check. */
export interface SimulatedCreateAccountRequestsTable {
  request_id: string;
  account_name: string;
  email: string;
  account_id: string;
  state: Generated<'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED'>;
  failure_reason: string | null;
  requested_at: Generated<Date>;
  completed_at: Date | null;
}

// A type alias (not an interface) so the module can also see its tables through `db.withTables`.
export type AwsTables = {
  simulated_org_accounts: SimulatedOrgAccountsTable;
  simulated_create_account_requests: SimulatedCreateAccountRequestsTable;
};
