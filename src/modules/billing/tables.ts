import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { PricingPolicy } from './rules/pricing-policy.ts';

export interface PricingPoliciesTable {
  id: Generated<string>;
  company_id: string;
  /** YYYY-MM: the first month billed with this version. */
  effective_from: string;
  version: number;
  policy: JSONColumnType<PricingPolicy, string, never>;
  note: string | null;
  created_by: string;
  created_at: ColumnType<Date, never, never>;
}

export interface BillingTables {
  pricing_policies: PricingPoliciesTable;
}
