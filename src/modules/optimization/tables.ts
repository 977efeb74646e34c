import type { ColumnType } from 'kysely';
import type { Effort, Priority, ProposalCategory, ProposalStatus } from './rules/proposal-rules.ts';

type CalendarDate = ColumnType<string, string, string>;

export interface OptimizationProposalsTable {
  id: ColumnType<string, string | undefined, never>;
  company_id: string;
  category: ProposalCategory;
  title: string;
  description: string;
  expected_effect: string;
  /** Cost proposals only: expected saving in yen per month. */
  expected_saving_jpy: ColumnType<string | null, string | bigint | null, string | bigint | null>;
  effort: Effort;
  /** Empty: every account of the company. */
  account_ids: ColumnType<string[], string[] | undefined, string[]>;
  /** Empty: every service. */
  service_codes: ColumnType<string[], string[] | undefined, string[]>;
  customer_priority: Priority | null;
  customer_priority_by: string | null;
  csm_priority: Priority | null;
  csm_priority_by: string | null;
  status: ColumnType<ProposalStatus, ProposalStatus | undefined, ProposalStatus>;
  change_date: CalendarDate | null;
  status_note: string | null;
  proposed_by: string;
  proposed_at: Date;
  updated_at: Date;
}

export interface OptimizationTables {
  optimization_proposals: OptimizationProposalsTable;
}
