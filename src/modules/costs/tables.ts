import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CostFormat } from './line-model.ts';

type Decimal = ColumnType<string, string, string>;
type BigCount = ColumnType<string, number | string | undefined, number | string>;

export type IngestionStatus = 'queued' | 'running' | 'succeeded' | 'unchanged' | 'failed';
export type IngestedFile = { name: string; sha256: string; bytes: number };

export interface CostIngestionsTable {
  id: Generated<string>;
  source: string;
  status: IngestionStatus;
  format: CostFormat | null;
  payer_account_id: string | null;
  billing_period: string | null;
  assembly_id: string | null;
  fingerprint: string | null;
  files: JSONColumnType<IngestedFile[], string | undefined, string>;
  is_final: boolean | null;
  rows_read: BigCount;
  rows_skipped_other_providers: BigCount;
  fact_count: BigCount;
  totals_by_line_type: JSONColumnType<Record<string, string>, string | undefined, string>;
  warnings: JSONColumnType<string[], string | undefined, string>;
  progress: JSONColumnType<Record<string, number> | null, string | null | undefined, string | null>;
  error: string | null;
  requested_by: string;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface CostPeriodsTable {
  payer_account_id: string;
  billing_period: string;
  ingestion_id: string;
  version: number;
  fingerprint: string;
  is_final: boolean;
  locked_at: Date | null;
  updated_at: Generated<Date>;
}

export interface CostFactsTable {
  payer_account_id: string;
  billing_period: string;
  usage_account_id: string;
  usage_date: string;
  service_code: string;
  service_name: string;
  region: string;
  usage_type: string;
  operation: string;
  line_item_type: string;
  bill_type: string;
  billing_entity: string;
  commitment_arn: string;
  commitment_owner_account_id: string;
  invoice_id: string;
  unblended_usd: Decimal;
  list_usd: Decimal;
  amortized_usd: Decimal;
  usage_quantity: Decimal;
  line_count: number;
}

export interface CostTagFactsTable {
  payer_account_id: string;
  billing_period: string;
  usage_account_id: string;
  usage_date: string;
  service_code: string;
  service_name: string;
  region: string;
  usage_type: string;
  line_item_type: string;
  billing_entity: string;
  tag_key: string;
  tag_value: string;
  unblended_usd: Decimal;
  list_usd: Decimal;
  amortized_usd: Decimal;
  line_count: number;
}

export interface CostVersionAccountTotalsTable {
  payer_account_id: string;
  billing_period: string;
  version: number;
  ingestion_id: string;
  usage_account_id: string;
  unblended_usd: Decimal;
  list_usd: Decimal;
}

export interface CostRestatementsTable {
  id: Generated<string>;
  payer_account_id: string;
  billing_period: string;
  from_version: number;
  to_version: number;
  usage_account_id: string;
  unblended_delta_usd: Decimal;
  list_delta_usd: Decimal;
  recorded_at: Generated<Date>;
  settled_at: Date | null;
}

export interface CostsTables {
  cost_ingestions: CostIngestionsTable;
  cost_periods: CostPeriodsTable;
  cost_facts: CostFactsTable;
  cost_tag_facts: CostTagFactsTable;
  cost_version_account_totals: CostVersionAccountTotalsTable;
  cost_restatements: CostRestatementsTable;
}
