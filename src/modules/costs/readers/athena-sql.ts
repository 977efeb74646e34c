import { CostFileError } from '../aggregator.ts';
import { LINE_ITEM_TYPES, type CostFormat } from '../line-model.ts';
import { USAGE_LINE_TYPES, badNumberColumns, type ProjectionColumns, type RawField } from './projection.ts';
import { DECIMAL_TYPE, firstNonBlank, isSavingsPlanArn, sqlIdent, sqlString, text } from './sql.ts';
import { TAG_MAP_COLUMN, normalizedTagKey } from './tag-columns.ts';

/**
 * The Trino SQL that aggregates a delivery on Amazon Athena: the same normalized lines as the DuckDB
 * projections (cur-projection.ts, focus-projection.ts), read from the payer's CUR table in the Glue
 * catalog instead of from files, and the same GROUP BY into the fact grain.
 *
 * The SQL keeps to what Trino and DuckDB share, so a test runs it on DuckDB over the same data; the
 * Trino functions DuckDB lacks are `element_at` on a map (DuckDB's returns a list), `regexp_like`,
 * `from_iso8601_timestamp`, `json_parse`, `json_format`, `set_union` and `transform` (the test defines
 * them as DuckDB macros, and renames `transform`, which takes a lambda). Every output column is VARCHAR:
 * GetQueryResults returns text anyway, and amounts leave as exact DECIMAL(38,10) text.
 */

/** A column as GetTableMetadata gives it, with its Hive type name (string, double, decimal(38,10), timestamp, map<string,string>, …). */
export type AthenaColumn = { name: string; type: string };

export type AthenaTable = {
  database: string;
  name: string;
  columns: AthenaColumn[];
  partitionKeys: AthenaColumn[];
};

/** What one delivery is on Athena: its billing period's partition, and its files (`"$path"`). */
export type AthenaScope = { billingPeriod: string; files: string[] };

/** The fact grain, as DuckDbAggregator groups it. */
export const FACT_GRAIN = [
  'billing_period',
  'payer',
  'usage_account',
  'usage_date',
  'service_code',
  'service_name',
  'region',
  'usage_type',
  'operation',
  'line_item_type',
  'bill_type',
  'billing_entity',
  'commitment_arn',
  'commitment_owner',
  'invoice_id',
] as const;

export const FACT_AMOUNTS = ['unblended', 'list', 'amortized', 'quantity'] as const;

/** The tag-fact grain before the tag key and value, as DuckDbAggregator groups it. */
export const TAG_GRAIN = [
  'billing_period',
  'payer',
  'usage_account',
  'usage_date',
  'service_code',
  'service_name',
  'region',
  'usage_type',
  'line_item_type',
  'billing_entity',
] as const;

export const CHECK_KEYS = ['currency', 'number', 'ids', 'date', 'type', 'period'] as const;
export type CheckKey = (typeof CHECK_KEYS)[number];

/** The columns a check's error message needs, from the first failing line found by `athenaLocateSql`. */
export const LOCATE_COLUMNS = [
  'source_file',
  'payer',
  'usage_account',
  'usage_start_raw',
  'line_item_type_raw',
  'currency',
  'bad_number_column',
  'bad_number_value',
  'row_period',
] as const;

/**
 * AWS's Athena integration names legacy CUR columns as CUR 2.0 does (`line_item_unblended_cost`), so
 * both read through the CUR 2.0 spellings of cur-projection.ts; Glue lower-cases FOCUS column names
 * (`billedcost`), and lookups here ignore case.
 */
const CUR_TEXT = {
  payer: 'bill_payer_account_id',
  usage_account: 'line_item_usage_account_id',
  usage_start: 'line_item_usage_start_date',
  product_code: 'line_item_product_code',
  product_name: 'product_product_name',
  region_code: 'product_region_code',
  region: 'product_region',
  usage_type: 'line_item_usage_type',
  operation: 'line_item_operation',
  line_type: 'line_item_line_item_type',
  bill_type: 'bill_bill_type',
  billing_entity: 'bill_billing_entity',
  ri_arn: 'reservation_reservation_a_r_n',
  sp_arn: 'savings_plan_savings_plan_a_r_n',
  invoice_id: 'bill_invoice_id',
  currency: 'line_item_currency_code',
} as const;

const CUR_NUMERIC = {
  unblended: 'line_item_unblended_cost',
  public_cost: 'pricing_public_on_demand_cost',
  ri_effective: 'reservation_effective_cost',
  sp_effective: 'savings_plan_savings_plan_effective_cost',
  sp_commitment: 'savings_plan_total_commitment_to_date',
  sp_used: 'savings_plan_used_commitment',
  ri_unused_upfront: 'reservation_unused_amortized_upfront_fee_for_billing_period',
  ri_unused_recurring: 'reservation_unused_recurring_fee',
  quantity: 'line_item_usage_amount',
} as const;

const FOCUS_TEXT = {
  payer: ['BillingAccountId'],
  usage_account: ['SubAccountId'],
  usage_start: ['ChargePeriodStart'],
  service_name: ['ServiceName'],
  service_code: ['x_ServiceCode'],
  region: ['RegionId'],
  x_usage_type: ['x_UsageType'],
  sku: ['SkuId'],
  description: ['ChargeDescription'],
  operation: ['x_Operation'],
  category: ['ChargeCategory'],
  class: ['ChargeClass'],
  frequency: ['ChargeFrequency'],
  cd_id: ['CommitmentDiscountId'],
  cd_status: ['CommitmentDiscountStatus'],
  cd_type: ['CommitmentDiscountType'],
  provider: ['ProviderName', 'HostProviderName', 'ServiceProviderName'],
  publisher: ['PublisherName', 'ServiceProviderName'],
  issuer: ['InvoiceIssuerName'],
  invoice_id: ['InvoiceId'],
  currency: ['BillingCurrency'],
} as const;

const FOCUS_NUMERIC = {
  billed: ['BilledCost'],
  list_cost: ['ListCost'],
  effective: ['EffectiveCost'],
  quantity: ['ConsumedQuantity'],
} as const;

type Kind = 'text' | 'double' | 'exact' | 'timestamp' | 'date' | 'map' | 'other';

function kindOf(type: string): Kind {
  const t = type.trim().toLowerCase();
  if (t === 'string' || t.startsWith('varchar') || t.startsWith('char')) return 'text';
  if (t === 'double' || t === 'float' || t === 'real') return 'double';
  if (t.startsWith('decimal') || ['tinyint', 'smallint', 'int', 'integer', 'bigint'].includes(t)) return 'exact';
  if (t === 'timestamp' || t.startsWith('timestamp(')) return 'timestamp';
  if (t === 'date') return 'date';
  if (t.startsWith('map<') || t.startsWith('map(')) return 'map';
  return 'other';
}

const LEGACY_TAG_PREFIX = 'resource_tags_';

const DECIMAL_NULL = `CAST(NULL AS ${DECIMAL_TYPE})`;
const VARCHAR_NULL = 'CAST(NULL AS VARCHAR)';

/** 'YYYY-MM' of a TIMESTAMP (DuckDB's strftime and Trino's date_format differ; this is both). */
const yearMonth = (ts: string) => `substr(CAST(CAST(${ts} AS DATE) AS VARCHAR), 1, 7)`;

/** Trino's regexp_extract gives NULL where DuckDB's gives '' when nothing matches: '' either way. */
const arnAccount = (arn: string) =>
  `(CASE WHEN ${arn} LIKE 'arn:%' THEN COALESCE(regexp_extract(${arn}, '^arn:[^:]*:[^:]*:[^:]*:([0-9]{12}):', 1), '') ELSE '' END)`;

const knownLineItemType = (expr: string) => `(CASE WHEN ${expr} IN (${LINE_ITEM_TYPES.map(sqlString).join(', ')}) THEN ${expr} END)`;

/** 'AWS', 'Amazon Web Services', 'Amazon Web Services Canada, Inc.', … (focus-projection.ts's test). */
const isAws = (expr: string) => `regexp_like(COALESCE(${expr}, ''), '(?i)^\\s*(aws|amazon web services)([^a-z]|$)')`;

/** The table's columns as SQL expressions of the types the projections need. */
class AthenaColumns {
  private readonly byName = new Map<string, AthenaColumn>();

  /** `nullString`: the text a CSV-backed FOCUS table holds for an empty value ('NULL'), read as NULL. */
  constructor(
    readonly table: AthenaTable,
    private readonly nullString: string | null,
  ) {
    for (const column of [...table.columns, ...table.partitionKeys]) {
      const key = column.name.toLowerCase();
      if (!this.byName.has(key)) this.byName.set(key, column);
    }
  }

  column(...names: readonly string[]): AthenaColumn | undefined {
    for (const name of names) {
      const column = this.byName.get(name.toLowerCase());
      if (column) return column;
    }
    return undefined;
  }

  name(...names: readonly string[]): string | undefined {
    return this.column(...names)?.name;
  }

  /** The first of `names` the table has, as VARCHAR; NULL when it has none. */
  text(...names: readonly string[]): string {
    const column = this.column(...names);
    if (!column) return VARCHAR_NULL;
    const id = sqlIdent(column.name);
    if (kindOf(column.type) !== 'text') return `CAST(${id} AS VARCHAR)`;
    return this.nullString === null ? id : `NULLIF(${id}, ${sqlString(this.nullString)})`;
  }

  /** As TIMESTAMP in UTC; NULL when the column is missing or the text is not ISO 8601. */
  timestamp(...names: readonly string[]): string {
    const column = this.column(...names);
    if (!column) return 'CAST(NULL AS TIMESTAMP)';
    const id = sqlIdent(column.name);
    switch (kindOf(column.type)) {
      case 'timestamp':
        return id;
      case 'date':
        return `CAST(${id} AS TIMESTAMP)`;
      case 'text':
        return `try(CAST(from_iso8601_timestamp(TRIM(${this.text(column.name)})) AT TIME ZONE 'UTC' AS TIMESTAMP))`;
      default:
        throw this.refuse(column, 'a timestamp');
    }
  }

  /**
   * As DECIMAL(38,10): a double (how AWS writes CUR amounts in Parquet) rounds to the 10 decimals CUR
   * carries; text that is not a number gives NULL, which the number check reports.
   */
  decimal(...names: readonly string[]): string {
    const column = this.column(...names);
    if (!column) return DECIMAL_NULL;
    switch (kindOf(column.type)) {
      case 'text':
        return `TRY_CAST(NULLIF(TRIM(${this.text(column.name)}), '') AS ${DECIMAL_TYPE})`;
      case 'double':
        return `TRY_CAST(${sqlIdent(column.name)} AS ${DECIMAL_TYPE})`;
      case 'exact':
        return `CAST(${sqlIdent(column.name)} AS ${DECIMAL_TYPE})`;
      default:
        throw this.refuse(column, 'a number');
    }
  }

  /** A numeric column's value as written, for the number check (blank text is no value). */
  numberText(...names: readonly string[]): string {
    const column = this.column(...names);
    if (!column) return VARCHAR_NULL;
    return kindOf(column.type) === 'text' ? `NULLIF(TRIM(${this.text(column.name)}), '')` : `CAST(${sqlIdent(column.name)} AS VARCHAR)`;
  }

  /** One key of a map column (CUR 2.0 `product`); NULL when the table has no such map or the row no such key. */
  mapValue(name: string, key: string): string {
    const column = this.column(name);
    if (!column || kindOf(column.type) !== 'map') return VARCHAR_NULL;
    return `element_at(${sqlIdent(column.name)}, ${sqlString(key)})`;
  }

  /**
   * A delivery's cost-allocation tags as two parallel arrays per line: `tag_names`, the normalized keys
   * (tag-columns.ts's rules; a key may repeat, the first wins), and `tag_values`, the values as
   * written. Null when the table has no tag column. `raw` are the scan's fields they read.
   * - CUR 2.0 `resource_tags` and FOCUS `tags`: a map, or JSON text (a CSV-backed table);
   * - legacy CUR: AWS's Athena integration writes one column per tag, `resourceTags/user:CostCenter`
   *   as `resource_tags_user_cost_center`, so the key is read as CUR 2.0's `user_cost_center`.
   */
  tags(format: CostFormat): { raw: [string, string][]; names: string; values: string } | null {
    const mapFormat = format === 'focus' ? 'focus' : 'cur2';
    const column = this.column(TAG_MAP_COLUMN[mapFormat]);
    if (column) {
      const kind = kindOf(column.type);
      if (kind !== 'map' && kind !== 'text') throw this.refuse(column, 'a map or JSON text');
      const map = kind === 'map' ? sqlIdent(column.name) : `try(CAST(json_parse(${this.text(column.name)}) AS MAP(VARCHAR, VARCHAR)))`;
      return {
        raw: [['tags_map', map]],
        names: `transform(map_keys(tags_map), tag_k -> ${normalizedTagKey(mapFormat, 'trim(tag_k)')})`,
        values: 'map_values(tags_map)',
      };
    }
    if (format === 'focus') return null;
    const legacy = [...this.table.columns]
      .filter((c) => c.name.toLowerCase().startsWith(LEGACY_TAG_PREFIX))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (legacy.length === 0) return null;
    return {
      raw: legacy.map((c, i) => [`tag_${i}`, this.text(c.name)]),
      names: `ARRAY[${legacy.map((c) => normalizedTagKey('cur2', sqlString(c.name.slice(LEGACY_TAG_PREFIX.length)))).join(', ')}]`,
      values: `ARRAY[${legacy.map((_, i) => `tag_${i}`).join(', ')}]`,
    };
  }

  private refuse(column: AthenaColumn, expected: string) {
    return new CostFileError(
      `${this.table.database}.${this.table.name}`,
      `column ${column.name} is ${column.type}, not ${expected}`,
      undefined,
      column.name,
    );
  }
}

/**
 * The WHERE of the innermost scan: the delivery's files (`"$path"`, the S3 URI of the object a row
 * came from) and, so that Athena prunes instead of listing every month, the billing period's
 * partition when the table is partitioned as AWS's integrations lay it out (CUR 2.0 and FOCUS:
 * `billing_period=YYYY-MM`; legacy CUR: `year=YYYY/month=M`).
 */
function scopeFilter(columns: AthenaColumns, scope: AthenaScope): string {
  const [year, month] = scope.billingPeriod.split('-') as [string, string];
  const keys = new Map(columns.table.partitionKeys.map((k) => [k.name.toLowerCase(), k]));
  const literal = (key: AthenaColumn, value: string) => (kindOf(key.type) === 'text' ? sqlString(value) : String(Number(value)));
  const filters: string[] = [];
  const period = keys.get('billing_period');
  const yearKey = keys.get('year');
  const monthKey = keys.get('month');
  if (period) filters.push(`${sqlIdent(period.name)} = ${literal(period, scope.billingPeriod)}`);
  else if (yearKey && monthKey) {
    // AWS writes month=1 … month=12; a hand-made layout may pad (month=01).
    const months = new Set([literal(monthKey, String(Number(month))), literal(monthKey, month)]);
    filters.push(`${sqlIdent(yearKey.name)} = ${literal(yearKey, year)}`, `${sqlIdent(monthKey.name)} IN (${[...months].join(', ')})`);
  }
  filters.push(`"$path" IN (${scope.files.map(sqlString).join(', ')})`);
  return filters.join(' AND ');
}

/** The innermost SELECT: each text field and each number under its alias, straight from the table. */
function rawScan(
  columns: AthenaColumns,
  scope: AthenaScope,
  texts: [string, string][],
  numbers: RawField[],
  extra: [string, string][],
): string {
  const t = columns.table;
  const select = [
    ...texts.map(([alias, expr]) => `${expr} AS ${alias}`),
    ...numbers.map((f) => `${f.expr} AS ${f.alias}`),
    ...extra.map(([alias, expr]) => `${expr} AS ${alias}`),
    `"$path" AS source_file`,
  ];
  return `SELECT ${select.join(',\n    ')}\n  FROM ${sqlIdent(t.database)}.${sqlIdent(t.name)}\n  WHERE ${scopeFilter(columns, scope)}`;
}

function numericFields(
  columns: AthenaColumns,
  names: Record<string, string | readonly string[]>,
): { fields: RawField[]; decimals: [string, string][] } {
  const fields: RawField[] = [];
  const decimals: [string, string][] = [];
  for (const [alias, spelled] of Object.entries(names)) {
    const list = typeof spelled === 'string' ? [spelled] : spelled;
    fields.push({ alias, expr: columns.numberText(...list), header: columns.name(...list) });
    decimals.push([`n_${alias}`, columns.decimal(...list)]);
  }
  return { fields, decimals };
}

type Tags = ReturnType<AthenaColumns['tags']>;

/** The lines' tag arrays, for the SELECT over the scan. */
const tagSelect = (tags: Tags) => (tags ? `\n    ${tags.names} AS tag_names,\n    ${tags.values} AS tag_values,` : '');

function curLines(columns: AthenaColumns, scope: AthenaScope, tags: Tags): { sql: string; columns: ProjectionColumns } {
  const texts = Object.entries(CUR_TEXT).map(([alias, name]): [string, string] => [alias, columns.text(name)]);
  texts.push(['product_map_name', columns.mapValue('product', 'product_name')]);
  texts.push(['product_map_region', columns.mapValue('product', 'region')]);
  texts.push(['product_map_servicename', columns.mapValue('product', 'servicename')]);
  const { fields, decimals } = numericFields(columns, CUR_NUMERIC);
  const times: [string, string][] = [
    ['usage_ts', columns.timestamp(CUR_TEXT.usage_start)],
    ['period_ts', columns.timestamp('bill_billing_period_start_date')],
  ];
  const bad = badNumberColumns(fields);
  const d = (alias: string) => `n_${alias}`;
  const unblended = `COALESCE(${d('unblended')}, 0)`;
  const lineType = 'TRIM(line_type)';
  const arn = `COALESCE(${firstNonBlank('ri_arn', 'sp_arn')}, '')`;
  const sql = `SELECT
    ${firstNonBlank('payer')} AS payer,
    ${firstNonBlank('usage_account')} AS usage_account,
    usage_start AS usage_start_raw,
    usage_ts,
    ${yearMonth('period_ts')} AS row_period,
    false AS period_exempt,
    ${text('product_code')} AS service_code,
    COALESCE(${firstNonBlank('product_name', 'product_map_name', 'product_map_servicename', 'product_code')}, '') AS service_name,
    COALESCE(${firstNonBlank('region_code', 'region', 'product_map_region')}, '') AS region,
    ${text('usage_type')} AS usage_type,
    ${text('operation')} AS operation,
    ${knownLineItemType(lineType)} AS line_item_type,
    line_type AS line_item_type_raw,
    ${text('bill_type')} AS bill_type,
    CASE WHEN lower(billing_entity) LIKE '%marketplace%' THEN 'AWS Marketplace' ELSE 'AWS' END AS billing_entity,
    ${arn} AS commitment_arn,
    ${arnAccount(arn)} AS commitment_owner,
    ${text('invoice_id')} AS invoice_id,
    TRIM(currency) AS currency,
    ${unblended} AS unblended,
    CASE
      WHEN ${lineType} IN ${USAGE_LINE_TYPES} THEN COALESCE(${d('public_cost')}, ${unblended})
      WHEN ${lineType} = 'SavingsPlanNegation' THEN 0
      ELSE ${unblended}
    END AS list,
    CASE
      WHEN ${lineType} = 'DiscountedUsage' THEN COALESCE(${d('ri_effective')}, ${unblended})
      WHEN ${lineType} = 'SavingsPlanCoveredUsage' THEN COALESCE(${d('sp_effective')}, ${unblended})
      WHEN ${lineType} IN ('SavingsPlanNegation', 'SavingsPlanUpfrontFee') THEN 0
      WHEN ${lineType} = 'Fee' AND ${firstNonBlank('ri_arn')} IS NOT NULL THEN 0
      WHEN ${lineType} = 'SavingsPlanRecurringFee' AND (${d('sp_commitment')} IS NOT NULL OR ${d('sp_used')} IS NOT NULL)
        THEN COALESCE(${d('sp_commitment')}, 0) - COALESCE(${d('sp_used')}, 0)
      WHEN ${lineType} = 'RIFee' AND (${d('ri_unused_upfront')} IS NOT NULL OR ${d('ri_unused_recurring')} IS NOT NULL)
        THEN COALESCE(${d('ri_unused_upfront')}, 0) + COALESCE(${d('ri_unused_recurring')}, 0)
      ELSE ${unblended}
    END AS amortized,
    COALESCE(${d('quantity')}, 0) AS quantity,
    ${bad.column} AS bad_number_column,
    ${bad.value} AS bad_number_value,
    false AS other_provider,${tagSelect(tags)}
    source_file
  FROM (${rawScan(columns, scope, texts, fields, [...decimals, ...times, ...(tags?.raw ?? [])])}) AS raw`;
  const header = (name: string) => columns.name(name) ?? name;
  return {
    sql,
    columns: {
      payer: header(CUR_TEXT.payer),
      usageAccount: header(CUR_TEXT.usage_account),
      usageStart: header(CUR_TEXT.usage_start),
      lineItemType: header(CUR_TEXT.line_type),
      currency: header(CUR_TEXT.currency),
    },
  };
}

/** focus-projection.ts's mapping, over the table's columns. */
function focusLines(columns: AthenaColumns, scope: AthenaScope, tags: Tags): { sql: string; columns: ProjectionColumns } {
  const texts = Object.entries(FOCUS_TEXT).map(([alias, names]): [string, string] => [alias, columns.text(...names)]);
  const { fields, decimals } = numericFields(columns, FOCUS_NUMERIC);
  const times: [string, string][] = [
    ['usage_ts', columns.timestamp('ChargePeriodStart')],
    ['period_ts', columns.timestamp('BillingPeriodStart')],
  ];
  const bad = badNumberColumns(fields);
  const billed = 'COALESCE(n_billed, 0)';
  const lc = (alias: string) => `lower(TRIM(${alias}))`;
  const commitment = firstNonBlank('cd_id');
  const savingsPlan = `(${isSavingsPlanArn('cd_id')} OR lower(cd_type) LIKE '%savings%')`;
  const lineType = `CASE
      WHEN ${lc('class')} = 'correction' THEN 'Refund'
      WHEN ${lc('category')} = 'tax' THEN 'Tax'
      WHEN ${lc('category')} = 'credit' THEN 'Credit'
      WHEN ${lc('category')} = 'adjustment' THEN 'Refund'
      WHEN ${lc('category')} = 'usage' AND ${commitment} IS NOT NULL AND ${lc('cd_status')} = 'unused'
        THEN CASE WHEN ${savingsPlan} THEN 'SavingsPlanRecurringFee' ELSE 'RIFee' END
      WHEN ${lc('category')} = 'usage' AND ${commitment} IS NOT NULL
        THEN CASE WHEN ${savingsPlan} THEN 'SavingsPlanCoveredUsage' ELSE 'DiscountedUsage' END
      WHEN ${lc('category')} = 'usage' THEN 'Usage'
      WHEN ${lc('category')} = 'purchase' AND ${commitment} IS NOT NULL AND ${lc('frequency')} = 'recurring'
        THEN CASE WHEN ${savingsPlan} THEN 'SavingsPlanRecurringFee' ELSE 'RIFee' END
      WHEN ${lc('category')} = 'purchase' AND ${commitment} IS NOT NULL AND ${savingsPlan} THEN 'SavingsPlanUpfrontFee'
      WHEN ${lc('category')} = 'purchase' THEN 'Fee'
    END`;
  const sql = `SELECT
    ${firstNonBlank('payer')} AS payer,
    ${firstNonBlank('usage_account')} AS usage_account,
    usage_start AS usage_start_raw,
    usage_ts,
    ${yearMonth('period_ts')} AS row_period,
    COALESCE(${lc('class')} = 'correction', false) AS period_exempt,
    COALESCE(${firstNonBlank('service_code', 'service_name')}, '') AS service_code,
    COALESCE(${firstNonBlank('service_name', 'service_code')}, '') AS service_name,
    ${text('region')} AS region,
    COALESCE(${firstNonBlank('x_usage_type', 'sku', 'description')}, '') AS usage_type,
    ${text('operation')} AS operation,
    ${knownLineItemType('line_type_mapped')} AS line_item_type,
    category AS line_item_type_raw,
    CASE
      WHEN ${lc('class')} = 'correction' THEN 'Refund'
      WHEN ${lc('category')} = 'purchase' AND ${lc('frequency')} = 'one-time' THEN 'Purchase'
      ELSE 'Anniversary'
    END AS bill_type,
    CASE
      WHEN lower(issuer) LIKE '%marketplace%' OR lower(publisher) LIKE '%marketplace%' THEN 'AWS Marketplace'
      WHEN ${firstNonBlank('publisher')} IS NOT NULL AND NOT ${isAws('publisher')} THEN 'AWS Marketplace'
      ELSE 'AWS'
    END AS billing_entity,
    COALESCE(${commitment}, '') AS commitment_arn,
    ${arnAccount(`COALESCE(${commitment}, '')`)} AS commitment_owner,
    ${text('invoice_id')} AS invoice_id,
    TRIM(currency) AS currency,
    ${billed} AS unblended,
    CASE WHEN line_type_mapped IN ${USAGE_LINE_TYPES} THEN COALESCE(n_list_cost, ${billed}) ELSE ${billed} END AS list,
    COALESCE(n_effective, ${billed}) AS amortized,
    COALESCE(n_quantity, 0) AS quantity,
    ${bad.column} AS bad_number_column,
    ${bad.value} AS bad_number_value,
    NOT (${isAws('provider')} OR (${firstNonBlank('provider')} IS NULL AND ${isAws('issuer')})) AS other_provider,${tagSelect(tags)}
    source_file
  FROM (SELECT raw.*, ${lineType} AS line_type_mapped
    FROM (${rawScan(columns, scope, texts, fields, [...decimals, ...times, ...(tags?.raw ?? [])])}) AS raw) AS typed`;
  const header = (names: readonly string[]) => columns.name(...names) ?? (names[0] as string).toLowerCase();
  return {
    sql,
    columns: {
      payer: header(FOCUS_TEXT.payer),
      usageAccount: header(FOCUS_TEXT.usage_account),
      usageStart: header(FOCUS_TEXT.usage_start),
      lineItemType: header(FOCUS_TEXT.category),
      currency: header(FOCUS_TEXT.currency),
    },
  };
}

/**
 * The normalized lines of one delivery (projection.ts's columns, plus `source_file`, and when
 * `tagged` the tag arrays `tag_names` and `tag_values`): CUR 2.0 and legacy CUR share one mapping,
 * as they do for DuckDB.
 */
export function athenaLines(
  table: AthenaTable,
  format: CostFormat,
  scope: AthenaScope,
): { sql: string; columns: ProjectionColumns; tagged: boolean } {
  if (scope.files.length === 0) throw new CostFileError('(delivery)', 'the delivery has no files');
  const columns = new AthenaColumns(table, format === 'focus' ? 'NULL' : null);
  const tags = columns.tags(format);
  const lines = format === 'focus' ? focusLines(columns, scope, tags) : curLines(columns, scope, tags);
  return { ...lines, tagged: tags !== null };
}

/** What every kept line must satisfy (DuckDbAggregator's checks, over the same normalized columns). */
export function lineChecks(billingPeriod: string): { key: CheckKey; predicate: string }[] {
  const period = sqlString(billingPeriod);
  return [
    { key: 'currency', predicate: `currency IS DISTINCT FROM 'USD'` },
    { key: 'number', predicate: `bad_number_column IS NOT NULL` },
    { key: 'ids', predicate: `payer IS NULL OR usage_account IS NULL` },
    { key: 'date', predicate: `usage_ts IS NULL` },
    { key: 'type', predicate: `line_item_type IS NULL` },
    {
      key: 'period',
      predicate: `(NOT period_exempt AND usage_ts IS NOT NULL AND (
        ${yearMonth('usage_ts')} <> COALESCE(row_period, ${period})
        OR (row_period IS NOT NULL AND row_period <> ${period})))`,
    },
  ];
}

/** The lines with the fact's billing period and usage date. */
function datedLines(lines: string, billingPeriod: string): string {
  return `SELECT lines.*,
    COALESCE(row_period, ${sqlString(billingPeriod)}, ${yearMonth('usage_ts')}) AS billing_period,
    CAST(usage_ts AS DATE) AS usage_date
  FROM (${lines}) AS lines`;
}

const asText = (column: string) => (column === 'usage_date' ? 'CAST(usage_date AS VARCHAR) AS usage_date' : column);

/**
 * One query for the whole delivery: the facts (other providers' rows grouped apart), each with how
 * many of its lines fail each check, so that a clean delivery costs Athena one scan. With tags, each
 * fact also lists (as JSON) the tag keys its lines carry with a value: the delivery's keys, for
 * `athenaTagFactsSql`, without a scan of their own.
 */
export function athenaAggregationSql(lines: string, billingPeriod: string, tagged = false): string {
  const checks = lineChecks(billingPeriod);
  const grain = FACT_GRAIN.join(', ');
  // A line's keys: each normalized key once, when its first value is not blank (tag-columns.ts).
  const lineKeys = `filter(array_distinct(tag_names), tag_k -> tag_k <> '' AND trim(tag_values[array_position(tag_names, tag_k)]) <> '')`;
  return `SELECT
  CAST(other_provider AS VARCHAR) AS other_provider,
  ${FACT_GRAIN.map(asText).join(', ')},
  ${FACT_AMOUNTS.map((c) => `CAST(sum(${c}) AS VARCHAR) AS ${c}`).join(', ')},
  CAST(count(*) AS VARCHAR) AS line_count,${tagged ? `\n  json_format(CAST(array_sort(set_union(${lineKeys})) AS JSON)) AS tag_keys,` : ''}
  ${checks.map((c) => `CAST(count(*) FILTER (WHERE NOT other_provider AND (${c.predicate})) AS VARCHAR) AS check_${c.key}`).join(',\n  ')}
FROM (${datedLines(lines, billingPeriod)}) AS dated
GROUP BY other_provider, ${grain}
ORDER BY other_provider, ${grain}`;
}

/**
 * The tag facts, as DuckDbAggregator makes them: every kept fact's lines once per tag key of the
 * delivery (`keys`, from the facts query), under the line's value for that key ('' when it has none),
 * so each key's tag facts add up to the facts. Lines are first grouped by the tag grain and their
 * tags; the key lookup then runs once per such group.
 */
export function athenaTagFactsSql(lines: string, billingPeriod: string, keys: readonly string[]): string {
  const grain = TAG_GRAIN.join(', ');
  const amounts = ['unblended', 'list', 'amortized'];
  return `SELECT
  ${TAG_GRAIN.map(asText).join(', ')}, tag_key, tag_value,
  ${amounts.map((c) => `CAST(sum(${c}) AS VARCHAR) AS ${c}`).join(', ')},
  CAST(sum(line_count) AS VARCHAR) AS line_count
FROM (
  SELECT ${grain}, tag_key, ${amounts.join(', ')}, line_count,
    COALESCE(trim(CASE WHEN tag_position > 0 THEN tag_values[tag_position] END), '') AS tag_value
  FROM (
    SELECT grouped.*, tag.tag_key, COALESCE(array_position(tag_names, tag.tag_key), 0) AS tag_position
    FROM (
      SELECT ${grain}, tag_names, tag_values,
        ${amounts.map((c) => `sum(${c}) AS ${c}`).join(', ')}, count(*) AS line_count
      FROM (${datedLines(lines, billingPeriod)}) AS dated
      WHERE NOT other_provider
      GROUP BY ${grain}, tag_names, tag_values
    ) AS grouped
    CROSS JOIN (VALUES ${keys.map((k) => `(${sqlString(k)})`).join(', ')}) AS tag (tag_key)
  ) AS positioned
) AS valued
GROUP BY ${grain}, tag_key, tag_value
ORDER BY ${grain}, tag_key, tag_value`;
}

/** The first kept line (by file) matching `predicate`, with what its error message needs. */
export function athenaLocateSql(lines: string, predicate: string): string {
  return `SELECT ${LOCATE_COLUMNS.join(', ')}
FROM (${lines}) AS lines
WHERE NOT other_provider AND (${predicate})
ORDER BY source_file
LIMIT 1`;
}
