import type { ColumnType, Generated } from 'kysely';
import type { MembershipRank } from './rules/rank.ts';

type CalendarDate = ColumnType<string, string, string>;
type BigIntText = ColumnType<string, string | bigint, string | bigint>;

export type TicketEntryKind = 'grant' | 'spend' | 'refund' | 'expire' | 'adjust';
export type ApplicationStatus = 'applied' | 'scheduling' | 'in_progress' | 'reported' | 'done' | 'rejected' | 'cancelled';
export type ServiceCategory = 'cost' | 'security' | 'training';
export type TrainingRequestStatus = 'requested' | 'scheduled' | 'done' | 'cancelled';

/** One company's membership for one fiscal year (see migrations/0019-membership.ts). */
export interface MembershipYearsTable {
  id: Generated<string>;
  company_id: string;
  fiscal_year: number;
  basis_total_jpy: BigIntText | null;
  basis_source: 'invoices' | 'imported' | 'none';
  computed_rank: MembershipRank;
  rank: MembershipRank;
  override_reason: string | null;
  overridden_by: string | null;
  overridden_at: Date | null;
  /** The CSM assigned for this fiscal year (written by the optimization module). */
  csm_user_id: string | null;
  opened_by: string;
  opened_at: Generated<Date>;
}

export interface MembershipImportedTotalsTable {
  company_id: string;
  calendar_year: number;
  total_jpy: BigIntText;
  imported_by: string;
  imported_at: Generated<Date>;
}

export interface TicketBalancesTable {
  company_id: string;
  balance: Generated<number>;
  updated_at: Generated<Date>;
}

export interface TicketLedgerTable {
  id: Generated<string>;
  company_id: string;
  fiscal_year: number;
  kind: TicketEntryKind;
  amount: number;
  balance_after: number;
  application_id: string | null;
  reason: string | null;
  idempotency_key: string | null;
  actor: string;
  created_at: Generated<Date>;
}

export interface OptionServicesTable {
  code: string;
  name_ja: string;
  name_en: string;
  category: ServiceCategory;
  ticket_cost: number;
  cost_from_training_menu: Generated<boolean>;
  min_rank: MembershipRank;
  per_account: boolean;
  cancellable: boolean;
  yearly_capacity: number | null;
  lead_business_days: Generated<number>;
  offered_until: CalendarDate | null;
  /** false: withdrawn now (hidden from customers, no applications); migration 0024. */
  active: Generated<boolean>;
  sort_order: Generated<number>;
  updated_at: Generated<Date>;
}

export interface TrainingMenuTable {
  code: string;
  name_ja: string;
  name_en: string;
  format: 'lecture' | 'hands-on';
  hours: ColumnType<string, string | undefined, string>;
  ticket_cost: Generated<number>;
  active: Generated<boolean>;
  sort_order: Generated<number>;
}

export interface MembershipApplicationsTable {
  id: Generated<string>;
  company_id: string;
  service_code: string;
  training_code: string | null;
  aws_account_id: string | null;
  fiscal_year: number;
  tickets: number;
  status: ApplicationStatus;
  note: Generated<string>;
  earliest_start: CalendarDate;
  applied_by: string;
  applied_at: Generated<Date>;
  closed_reason: string | null;
  updated_at: Generated<Date>;
}

export interface MembershipMessagesTable {
  id: Generated<string>;
  application_id: string;
  author_id: string | null;
  author_side: 'customer' | 'staff' | 'system';
  body: string;
  status_to: ApplicationStatus | null;
  created_at: Generated<Date>;
}

export interface MembershipAttachmentsTable {
  id: Generated<string>;
  application_id: string;
  message_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  is_report: Generated<boolean>;
  data: Buffer;
  created_at: Generated<Date>;
}

export interface TrainingRequestsTable {
  id: Generated<string>;
  company_id: string;
  fiscal_year: number;
  training_code: string;
  preferred_dates: ColumnType<string[], string[], string[]>;
  status: TrainingRequestStatus;
  scheduled_on: CalendarDate | null;
  note: Generated<string>;
  requested_by: string;
  requested_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MembershipTables {
  membership_years: MembershipYearsTable;
  membership_imported_totals: MembershipImportedTotalsTable;
  ticket_balances: TicketBalancesTable;
  ticket_ledger: TicketLedgerTable;
  option_services: OptionServicesTable;
  training_menu: TrainingMenuTable;
  membership_applications: MembershipApplicationsTable;
  membership_messages: MembershipMessagesTable;
  membership_attachments: MembershipAttachmentsTable;
  training_requests: TrainingRequestsTable;
}
