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

/**
 * A customer's IAM role as the simulated AWS knows it (the demo's failure cases: migrations 0022);
 * a role not listed here is assumable with any external ID and its account has a Business plan.
 */
export interface SimulatedIamRolesTable {
  role_arn: string;
  /** false: the trust policy does not name Daiko's account. */
  trusts_daiko: boolean;
  /** The external ID the trust policy requires. */
  external_id: string;
  support_plan: 'basic' | 'developer' | 'business' | 'enterprise';
}

// A type alias (not an interface) so the module can also see its tables through `db.withTables`.
export type AwsTables = {
  simulated_org_accounts: SimulatedOrgAccountsTable;
  simulated_create_account_requests: SimulatedCreateAccountRequestsTable;
  simulated_iam_roles: SimulatedIamRolesTable;
};
