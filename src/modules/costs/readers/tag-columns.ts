import type { CostFormat } from '../line-model.ts';
import type { RawField } from './projection.ts';
import type { RawColumns, SourceFile } from './raw-source.ts';
import { sqlIdent, sqlString } from './sql.ts';

/**
 * Cost-allocation tags, normalized to one key form whatever the format (docs/costs.md):
 * - legacy CUR: one column per activated tag, `resourceTags/user:Environment` → `user:Environment`,
 *   `resourceTags/aws:createdBy` → `aws:createdBy`;
 * - CUR 2.0: the `resource_tags` map, keys as AWS writes them (`user_environment`) → `user:environment`
 *   (the `user_` / `aws_` prefix becomes `user:` / `aws:`, the rest of the key is kept as written);
 * - FOCUS: the `Tags` JSON object (a map in Parquet); a key already prefixed `user:` / `aws:` is kept,
 *   any other key is a user tag (FOCUS writes user tags without a prefix) → `user:<key>`.
 * Keys and values are trimmed; a blank value is no tag. A key appears at most once per line (the
 * first wins).
 */

/** Where a delivery keeps its tags: legacy CUR's columns (the union over its files), or one map column. */
export type DeliveryTags = { kind: 'columns'; names: string[] } | { kind: 'map'; column: string; asText: boolean } | null;

const LEGACY_PREFIX = 'resourcetags/';
/** The map column of the formats that keep their tags in one. */
export const TAG_MAP_COLUMN: Record<Exclude<CostFormat, 'cur'>, string> = { cur2: 'resource_tags', focus: 'Tags' };

/** The tag columns of a delivery, or null when it has none (then the aggregation is exactly as without tags). */
export function deliveryTags(format: CostFormat, files: readonly SourceFile[]): DeliveryTags {
  if (format === 'cur') {
    const names = new Set<string>();
    for (const file of files) for (const c of file.header.columns) if (c.name.toLowerCase().startsWith(LEGACY_PREFIX)) names.add(c.name);
    return names.size ? { kind: 'columns', names: [...names].sort() } : null;
  }
  const wanted = TAG_MAP_COLUMN[format].toLowerCase();
  const columns = files.map((f) => f.header.columns.find((c) => c.name.toLowerCase() === wanted));
  const present = columns.filter((c) => c !== undefined);
  if (present.length === 0) return null;
  // A Parquet MAP is grouped as it is stored; JSON text (CSV) as text. A delivery mixing both reads all as text.
  const asText = !columns.every((c) => c?.type.startsWith('MAP('));
  return { kind: 'map', column: TAG_MAP_COLUMN[format], asText };
}

/** The raw tag fields of one file: grouped on as read, normalized once per group. */
export function tagFields(raw: RawColumns, tags: DeliveryTags): RawField[] {
  if (!tags) return [];
  if (tags.kind === 'columns') return tags.names.map((name, i) => ({ alias: `tag_${i}`, expr: raw.exact(name), header: name }));
  const column = raw.file.header.columns.find((c) => c.name.toLowerCase() === tags.column.toLowerCase());
  let expr = 'CAST(NULL AS VARCHAR)';
  if (column && raw.file.header.kind !== 'parquet') expr = raw.exact(column.name);
  else if (column) {
    const id = sqlIdent(column.name);
    if (!tags.asText) expr = id;
    else expr = column.type === 'VARCHAR' ? id : `CAST(to_json(${id}) AS VARCHAR)`;
  }
  return [{ alias: 'tags_raw', expr, header: column?.name }];
}

/**
 * The normalized key of a raw map key (`key`, an SQL expression): CUR 2.0's `user_` / `aws_` prefix
 * becomes `user:` / `aws:`; a FOCUS key not already so prefixed is a user tag. SQL that DuckDB and
 * Athena (Trino) read alike, so both engines share it (readers/athena-sql.ts).
 */
export function normalizedTagKey(format: Exclude<CostFormat, 'cur'>, key: string): string {
  if (format === 'cur2') {
    return `(CASE WHEN substr(${key}, 1, 5) = 'user_' THEN 'user:' || substr(${key}, 6) WHEN substr(${key}, 1, 4) = 'aws_' THEN 'aws:' || substr(${key}, 5) ELSE ${key} END)`;
  }
  return `(CASE WHEN ${key} LIKE 'user:%' OR ${key} LIKE 'aws:%' THEN ${key} ELSE 'user:' || ${key} END)`;
}

/**
 * The normalized tags of a line or group, over the raw tag fields: a sorted list of
 * STRUCT(k VARCHAR, v VARCHAR), keys normalized, values trimmed, blank values dropped.
 */
export function tagListSql(format: CostFormat, tags: DeliveryTags): string | null {
  if (!tags) return null;
  let entries: string;
  if (tags.kind === 'columns') {
    entries = `[${tags.names
      .map((name, i) => `{'k': ${sqlString(name.slice(LEGACY_PREFIX.length))}, 'v': tag_${i}}`)
      .join(', ')}]::STRUCT(k VARCHAR, v VARCHAR)[]`;
  } else {
    const map = tags.asText ? `(CASE WHEN json_valid(tags_raw) THEN json_transform(tags_raw, '"MAP(VARCHAR, VARCHAR)"') END)` : 'tags_raw';
    const key = normalizedTagKey(format as Exclude<CostFormat, 'cur'>, 'trim(e.key)');
    entries = `COALESCE(list_transform(map_entries(${map}), e -> {'k': ${key}, 'v': e.value}), [])::STRUCT(k VARCHAR, v VARCHAR)[]`;
  }
  const trimmed = `list_transform(${entries}, e -> {'k': trim(e.k), 'v': COALESCE(trim(e.v), '')})`;
  return `list_sort(list_filter(${trimmed}, (e, i) -> e.k <> '' AND e.v <> '' AND list_position(list_transform(${trimmed}, x -> x.k), e.k) = i))`;
}
