import type { ColumnType, Generated } from 'kysely';
import type { PrepaidPurchaseType } from './rules/match-prepaid-purchase.ts';

type Decimal = ColumnType<string, string, string>;
type CalendarDate = ColumnType<string, string, string>;

export type PrepaidNoticeStatus = 'filed' | 'acknowledged' | 'withdrawn';
/** matched: covered by a notice; open: an alert nobody has dealt with yet; resolved: dealt with by staff. */
export type PrepaidAlertStatus = 'matched' | 'open' | 'resolved';

export interface PrepaidNoticesTable {
  id: Generated<string>;
  company_id: string;
  purchase_type: PrepaidPurchaseType;
  expected_usd: Decimal;
  expected_date: CalendarDate;
  note: string | null;
  filed_by: string;
  filed_at: Generated<Date>;
  status: Generated<PrepaidNoticeStatus>;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
}

/** A large prepaid purchase seen by the check after an ingest (see migrations/0014-prepaid-notices.ts). */
export interface PrepaidPurchasesTable {
  id: Generated<string>;
  payer_account_id: string;
  usage_account_id: string;
  purchase_date: CalendarDate;
  service_code: string;
  service_name: string;
  purchase_type: PrepaidPurchaseType;
  commitment_arn: string;
  amount_usd: Decimal;
  amount_jpy: ColumnType<string | null, string | bigint | null, never>;
  usd_jpy: Decimal | null;
  rate_date: CalendarDate | null;
  rate_source: string | null;
  company_id: string | null;
  notice_id: string | null;
  alert_status: PrepaidAlertStatus;
  resolved_by: string | null;
  resolved_at: Date | null;
  resolution_note: string | null;
  created_at: Generated<Date>;
}

export interface PrepaidTables {
  prepaid_notices: PrepaidNoticesTable;
  prepaid_purchases: PrepaidPurchasesTable;
}
