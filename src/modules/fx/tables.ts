import type { ColumnType, Generated } from 'kysely';

type Decimal = ColumnType<string, string, string>;
type CalendarDate = ColumnType<string, string, string>;

export interface FxRatesTable {
  source: string;
  rate_date: CalendarDate;
  usd_jpy: Decimal;
  imported_at: Generated<Date>;
  imported_by: string;
}

export interface FxTables {
  fx_rates: FxRatesTable;
}
