import { LINE_ITEM_TYPES } from '../line-model.ts';
import { sqlString, toDecimal } from './sql.ts';
import type { NullStrings, RawColumns } from './raw-source.ts';

/** The header names a projection read, for naming the column in an error. */
export type ProjectionColumns = {
  payer: string;
  usageAccount: string;
  usageStart: string;
  lineItemType: string;
  currency: string;
};

/**
 * A format's mapping from one file's raw columns to the normalized line columns, in two steps so that
 * the text work (trimming, fallbacks between columns, line types) runs once per group of alike lines
 * rather than once per line:
 * - `lines`: one row per line of the file: the `keys` (the raw text as written, the line's UTC date
 *   and billing month), the `amounts` (decimal alternatives the normalization picks from, never a
 *   choice that depends on more than the keys) and MESSAGE_COLUMNS for error messages;
 * - `normalize(from, carry)`: the normalized columns below over the rows of `from`, which have the
 *   keys and amounts: a line, or a group of lines with equal keys and summed amounts. Every choice it
 *   makes depends on the keys alone, so normalizing a group's sums gives the sum of its normalized
 *   lines. `carry` names columns of `from` passed through.
 * All files of a delivery have one format, so their `lines` can be `UNION ALL`ed, grouped by the keys,
 * normalized and grouped again by the fact grain. The normalized columns:
 * - `payer`: VARCHAR, NULL when blank
 * - `usage_account`: VARCHAR, NULL when blank
 * - `usage_date`: the UTC DATE of the usage start, NULL when unparseable
 * - `row_period`: 'YYYY-MM' of the row's own billing period column, or NULL
 * - `period_exempt`: BOOLEAN: a correction of an earlier period (FOCUS), not checked against the period
 * - `service_code`
 * - `service_name`
 * - `region`
 * - `usage_type`
 * - `operation`
 * - `line_item_type`: one of LINE_ITEM_TYPES, NULL when the raw value is unknown
 * - `line_item_type_raw`
 * - `bill_type`
 * - `billing_entity`: 'AWS' | 'AWS Marketplace'
 * - `commitment_arn`
 * - `commitment_owner`
 * - `invoice_id`
 * - `currency`: VARCHAR as written
 * - `unblended`: DECIMAL(38,10)
 * - `list`
 * - `amortized`
 * - `quantity`
 * - `other_provider`: BOOLEAN: a FOCUS row of another cloud, skipped
 * - `tags`: only when `tagged`: the line's cost-allocation tags, STRUCT(k, v)[] (tag-columns.ts)
 */
export type Projection = {
  /** `SELECT <keys>, <amounts>, <MESSAGE_COLUMNS> FROM (<raw>)` for one file. */
  lines: string;
  keys: readonly string[];
  amounts: readonly string[];
  normalize: (from: string, carry: readonly string[]) => string;
  /** The delivery has cost-allocation tags: their raw fields are among the keys and `normalize` gives `tags`. */
  tagged: boolean;
  columns: ProjectionColumns;
};

/**
 * What a line's error message quotes, per line only:
 * - `usage_start_raw`: VARCHAR as written
 * - `bad_number_column`: header name of the first present-but-not-numeric amount, or NULL
 * - `bad_number_value`
 */
export const MESSAGE_COLUMNS = ['usage_start_raw', 'bad_number_column', 'bad_number_value'] as const;

/** Each line of a file normalized, with what its error message quotes: to find the first failing line. */
export const normalizedLines = (projection: Projection): string => projection.normalize(`(${projection.lines})`, MESSAGE_COLUMNS);

/**
 * A raw column the projection reads: its alias in the inner SELECT and the header name it came from.
 * `type` is set when `expr` is the column as stored (see RawColumns.typed); otherwise `expr` is text.
 */
export type RawField = { alias: string; expr: string; header: string | undefined; type?: string };

/** The field as text under its alias in the inner SELECT (for messages). */
export const fieldText = (f: RawField): string => (f.type === undefined || f.type === 'VARCHAR' ? f.alias : `CAST(${f.alias} AS VARCHAR)`);

/** A field read as stored, so that amounts and timestamps skip the text round trip. */
export const typedField = (raw: RawColumns, alias: string, names: readonly string[]): RawField => ({
  alias,
  ...raw.typed(...names),
  header: raw.name(...names),
});

/**
 * The inner SELECTs: each raw field under its alias, read straight from the file, and each numeric
 * field cast once to DECIMAL as `n_<alias>` (the casts are the costly part of a scan).
 */
export function rawSelect(raw: RawColumns, fields: readonly RawField[], numeric: readonly RawField[], nullStrings: NullStrings): string {
  const read = `SELECT ${[...fields, ...numeric].map((f) => `${f.expr} AS ${f.alias}`).join(', ')} FROM ${raw.from(nullStrings)}`;
  return `SELECT *, ${numeric.map((f) => `${toDecimal(f.alias, f.type)} AS n_${f.alias}`).join(', ')} FROM (${read})`;
}

/** The header name of the first present-but-not-numeric field, and its value, as two SQL expressions. */
export function badNumberColumns(numeric: readonly RawField[]): { column: string; value: string } {
  const present = numeric.filter((f) => f.header !== undefined);
  if (present.length === 0) return { column: 'CAST(NULL AS VARCHAR)', value: 'CAST(NULL AS VARCHAR)' };
  const whens = (pick: (f: RawField) => string) =>
    `CASE ${present.map((f) => `WHEN ${f.alias} IS NOT NULL AND n_${f.alias} IS NULL THEN ${pick(f)}`).join(' ')} END`;
  return { column: whens((f) => sqlString(f.header as string)), value: whens(fieldText) };
}

/** The value when it is one of the known line item types, else NULL (refused with its line). A long IN list plans as a join. */
export const knownLineItemType = (expr: string): string =>
  `(CASE WHEN list_contains([${LINE_ITEM_TYPES.map(sqlString).join(', ')}], ${expr}) THEN ${expr} END)`;

export const USAGE_LINE_TYPES = `('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage')`;
