import type { Generated, JSONColumnType } from 'kysely';
import type { AccountsTables } from '../../modules/accounts/tables.ts';
import type { AwsTables } from '../../modules/aws/tables.ts';
import type { AuditTables } from '../../modules/audit/tables.ts';
import type { BillingTables } from '../../modules/billing/tables.ts';
import type { CostsTables } from '../../modules/costs/tables.ts';
import type { CompaniesTables } from '../../modules/companies/tables.ts';
import type { FxTables } from '../../modules/fx/tables.ts';
import type { IdentityTables } from '../../modules/identity/tables.ts';
import type { InvoicingTables } from '../../modules/invoicing/tables.ts';
import type { MailTables } from '../../modules/mail/tables.ts';
import type { ReceivablesTables } from '../../modules/receivables/tables.ts';
import type { PrepaidTables } from '../../modules/prepaid/tables.ts';
import type { BudgetsTables } from '../../modules/budgets/tables.ts';
import type { InquiriesTables } from '../../modules/inquiries/tables.ts';
import type { AdvisorTables } from '../../modules/advisor/tables.ts';
import type { OptimizationTables } from '../../modules/optimization/tables.ts';
import type { MembershipTables } from '../../modules/membership/tables.ts';

export interface AppSettingsTable {
  key: string;
  value: JSONColumnType<object | null, string, string>;
  updated_at: Generated<Date>;
}

/** The whole database as Kysely sees it: each module contributes its own tables. */
export type Database = { app_settings: AppSettingsTable } & AuditTables &
  CompaniesTables &
  AccountsTables &
  IdentityTables &
  MailTables &
  AwsTables &
  CostsTables &
  FxTables &
  InvoicingTables &
  BillingTables &
  ReceivablesTables &
  PrepaidTables &
  BudgetsTables &
  InquiriesTables &
  AdvisorTables &
  OptimizationTables &
  MembershipTables;
