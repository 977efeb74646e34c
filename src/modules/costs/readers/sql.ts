/** SQL text helpers shared by the projections: literals, identifiers and the decimal/timestamp casts. */

export const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;

export const sqlIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Amounts and quantities: CUR carries at most 10 decimals; never a double. */
export const DECIMAL_TYPE = 'DECIMAL(38,10)';

/**
 * Parsing text as DECIMAL(38,10) goes through 128-bit arithmetic and is ~50× slower than DECIMAL(18,10),
 * which holds every single line (up to 10^8 USD); only what that refuses is parsed the wide way.
 * COALESCE evaluates its second argument only for the rows the first left NULL.
 */
const textToDecimal = (expr: string): string =>
  `COALESCE(CAST(TRY_CAST(${expr} AS DECIMAL(18,10)) AS ${DECIMAL_TYPE}), TRY_CAST(${expr} AS ${DECIMAL_TYPE}))`;

/**
 * Below 2^18 adjacent doubles are at most 2^-35 apart, so the numbers that round to a double span less
 * than 10^-10 and hold at most one number of 10 decimals: when the direct cast lands on a decimal that
 * converts back to the same double, that decimal is the double's shortest text, which is what the text
 * cast would read.
 */
const EXACT_DOUBLE_BOUND = 262_144;

/**
 * An amount as DECIMAL(38,10), from text or from a typed Parquet column. A DOUBLE is read as its
 * shortest text would be (AWS writes CUR 2.0 amounts as DOUBLE; the text is what it meant); the
 * direct cast gives that same decimal for ordinary amounts at a fraction of the cost of formatting
 * the double, and the rest go through the text.
 */
export const toDecimal = (expr: string, type = 'VARCHAR'): string => {
  if (type === 'VARCHAR') return textToDecimal(expr);
  const viaText = textToDecimal(`CAST(${expr} AS VARCHAR)`);
  if (type !== 'DOUBLE') return viaText;
  const direct = `TRY_CAST(${expr} AS DECIMAL(18,10))`;
  return `(CASE WHEN abs(${expr}) < ${EXACT_DOUBLE_BOUND} AND CAST(${direct} AS DOUBLE) = ${expr} THEN CAST(${direct} AS ${DECIMAL_TYPE}) ELSE ${viaText} END)`;
};

/**
 * ISO-8601 with `Z`, with an offset, or without one (FOCUS samples, read as UTC), as a plain UTC
 * TIMESTAMP: parsed as TIMESTAMPTZ so an offset is honoured, then taken through epoch microseconds
 * because date and strftime on a TIMESTAMP skip the time-zone library (several times faster).
 */
export const toTimestamp = (expr: string, type = 'VARCHAR'): string => {
  // A Parquet timestamp is already the instant: formatting it as text and parsing it back gives it again.
  if (type === 'TIMESTAMP') return expr;
  if (type === 'TIMESTAMP WITH TIME ZONE') return `make_timestamp(epoch_us(${expr}))`;
  return `make_timestamp(epoch_us(TRY_CAST(${type === 'VARCHAR' ? expr : `CAST(${expr} AS VARCHAR)`} AS TIMESTAMPTZ)))`;
};

const textFunctions = (trim: (expr: string) => string) => ({
  trim,
  /** NULL and '' alike become '' for the text dimensions of a fact. */
  text: (expr: string): string => `COALESCE(NULLIF(${trim(expr)}, ''), '')`,
  /** The first expression that is neither NULL nor blank. */
  firstNonBlank: (...exprs: string[]): string =>
    exprs.length === 1 ? `NULLIF(${trim(exprs[0] as string)}, '')` : `COALESCE(${exprs.map((e) => `NULLIF(${trim(e)}, '')`).join(', ')})`,
});

/** Text helpers in SQL both DuckDB and Athena (Trino) read. */
export const { text, firstNonBlank } = textFunctions((expr) => `TRIM(${expr})`);

/**
 * The same for DuckDB, with an exact TRIM several times cheaper than its own: DuckDB's TRIM decodes
 * every character of the string to find Unicode spaces (category Zs); every such space but ' ' is
 * non-ASCII, so an ASCII string (as long in bytes as in characters) that neither starts nor ends with
 * ' ' is already trimmed, which byte-level checks tell. Trimming is most of a CSV scan's projection.
 */
export const duckdbText = textFunctions(
  (expr) =>
    `(CASE WHEN strlen(${expr}) = length(${expr}) AND NOT starts_with(${expr}, ' ') AND NOT ends_with(${expr}, ' ') THEN ${expr} ELSE TRIM(${expr}) END)`,
);

/** The 12 digits of an RI / Savings Plan ARN's account field (arn:partition:service:region:ACCOUNT:resource). */
export const arnAccount = (arnExpr: string): string =>
  `(CASE WHEN ${arnExpr} LIKE 'arn:%' THEN regexp_extract(${arnExpr}, '^arn:[^:]*:[^:]*:[^:]*:([0-9]{12}):', 1) ELSE '' END)`;

/** Savings Plans ARNs are `arn:aws:savingsplans::…`; everything else committed is a reservation. */
export const isSavingsPlanArn = (arnExpr: string): string => `(${arnExpr} LIKE 'arn:%:savingsplans:%')`;
