import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Yen = ColumnType<string, string | bigint, string | bigint>;
type Decimal = ColumnType<string, string, string>;

export type BudgetScope = 'company' | 'account' | 'service';
export type CostAlertKind = 'actual' | 'forecast' | 'anomaly' | 'restricted';

/** A monthly budget in integer yen (see migrations/0017-budgets.ts). */
export interface BudgetsTable {
  id: Generated<string>;
  company_id: string;
  name: string;
  scope: BudgetScope;
  /** The AWS account of an account budget. */
  account_id: string | null;
  /** The service (CUR product code) of a service budget. */
  service_code: string | null;
  amount_jpy: Yen;
  /** Percentages of the budget, ascending, e.g. [80, 100]. */
  thresholds: JSONColumnType<number[], string, string>;
  /** Also alert when the month-end forecast crosses a threshold. */
  alert_on_forecast: boolean;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One alert, raised once: `dedupe_key` is the budget × month × threshold × kind (or the anomaly's / restricted service's key). */
export interface CostAlertsTable {
  id: Generated<string>;
  company_id: string;
  kind: CostAlertKind;
  dedupe_key: string;
  /** The usage month, YYYY-MM (UTC, as AWS bills). */
  month: string;
  budget_id: string | null;
  budget_name: string | null;
  threshold: number | null;
  usage_date: string | null;
  usage_account_id: string | null;
  service_code: string | null;
  service_name: string | null;
  /** Actual or forecast yen (budget alerts), the day's or month's yen (anomaly, restricted) when a rate is known. */
  amount_jpy: ColumnType<string | null, string | bigint | null, never>;
  budget_jpy: ColumnType<string | null, string | bigint | null, never>;
  amount_usd: Decimal;
  /** Anomaly: the baseline the day was compared to. */
  baseline_usd: Decimal | null;
  usd_jpy: Decimal | null;
  rate_date: string | null;
  raised_at: Generated<Date>;
  dismissed_by: string | null;
  dismissed_at: Date | null;
}

/** Services a company does not want anomaly alerts for. */
export interface AnomalyMutesTable {
  company_id: string;
  service_code: string;
  muted_by: string;
  muted_at: Generated<Date>;
}

/** A customer user's choice to receive cost alerts by e-mail (no row: representatives yes, members no). */
export interface AlertSubscriptionsTable {
  user_id: string;
  subscribed: boolean;
  updated_at: Generated<Date>;
}

export interface BudgetsTables {
  budgets: BudgetsTable;
  cost_alerts: CostAlertsTable;
  anomaly_mutes: AnomalyMutesTable;
  alert_subscriptions: AlertSubscriptionsTable;
}
