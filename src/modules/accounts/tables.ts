import type { Generated } from 'kysely';

export interface AwsAccountsTable {
  account_id: string;
  name: string;
  root_email: string | null;
  root_held_by_reseller: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Which company an account belongs to, over the half-open UTC date window [valid_from, valid_to). */
export interface AccountAssignmentsTable {
  id: Generated<string>;
  account_id: string;
  company_id: string;
  /** YYYY-MM-DD */
  valid_from: string;
  /** YYYY-MM-DD, exclusive; null = open */
  valid_to: string | null;
  created_at: Generated<Date>;
}

export interface AccountsTables {
  aws_accounts: AwsAccountsTable;
  account_assignments: AccountAssignmentsTable;
}
