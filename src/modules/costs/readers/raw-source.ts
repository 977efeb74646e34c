import type { FileHeader } from './file-header.ts';
import { sqlIdent, sqlString } from './sql.ts';

/** One delivery file with its header, as the projections see it. */
export type SourceFile = { path: string; displayName: string; header: FileHeader };

/** FOCUS CSV exports write SQL-style `NULL` for empty values; CUR leaves the field blank. */
export type NullStrings = readonly string[];

/**
 * The raw columns of one file as SQL text. CSV columns are read all as VARCHAR under positional names
 * (`c0`, `c1`, …) so that header spellings DuckDB would refuse (legacy CUR tag columns differing only in
 * case, slashes, colons) never reach the SQL; only the columns a projection names are read.
 */
export class RawColumns {
  private readonly index = new Map<string, number>();

  constructor(readonly file: SourceFile) {
    file.header.columns.forEach((column, i) => {
      const key = column.name.toLowerCase();
      if (!this.index.has(key)) this.index.set(key, i);
    });
  }

  /** The header's own spelling of the first of `names` it has, or undefined. */
  name(...names: string[]): string | undefined {
    for (const name of names) {
      const i = this.index.get(name.toLowerCase());
      if (i !== undefined) return this.file.header.columns[i]?.name;
    }
    return undefined;
  }

  /** The first of `names` the file has, as VARCHAR; NULL when it has none of them. */
  text(...names: string[]): string {
    for (const name of names) {
      const i = this.index.get(name.toLowerCase());
      if (i === undefined) continue;
      const column = this.file.header.columns[i] as { name: string; type: string };
      return this.file.header.kind === 'parquet' ? `CAST(${sqlIdent(column.name)} AS VARCHAR)` : `c${i}`;
    }
    return 'CAST(NULL AS VARCHAR)';
  }

  /** The column of exactly this name (tag keys are case-sensitive), as VARCHAR; NULL when the file lacks it. */
  exact(name: string): string {
    const i = this.file.header.columns.findIndex((c) => c.name === name);
    if (i < 0) return 'CAST(NULL AS VARCHAR)';
    return this.file.header.kind === 'parquet' ? `CAST(${sqlIdent(name)} AS VARCHAR)` : `c${i}`;
  }

  /**
   * The first of `names` the file has, as stored, with its DuckDB type: a Parquet column keeps its own
   * type (TIMESTAMP, DOUBLE, …) so that no value goes through text when it need not; a CSV column is
   * VARCHAR. NULL VARCHAR when the file has none of them.
   */
  typed(...names: string[]): { expr: string; type: string } {
    for (const name of names) {
      const i = this.index.get(name.toLowerCase());
      if (i === undefined) continue;
      const column = this.file.header.columns[i] as { name: string; type: string };
      return this.file.header.kind === 'parquet' ? { expr: sqlIdent(column.name), type: column.type } : { expr: `c${i}`, type: 'VARCHAR' };
    }
    return { expr: 'CAST(NULL AS VARCHAR)', type: 'VARCHAR' };
  }

  /**
   * One key of a map column (CUR 2.0 `product`): a MAP in Parquet, JSON text in CSV. NULL when the file
   * has no such column or the row has no such key.
   */
  mapValue(column: string, key: string): string {
    const i = this.index.get(column.toLowerCase());
    if (i === undefined) return 'CAST(NULL AS VARCHAR)';
    const { name, type } = this.file.header.columns[i] as { name: string; type: string };
    const path = sqlString(`$."${key}"`);
    if (this.file.header.kind === 'parquet') {
      if (type.startsWith('MAP(')) return `CAST(map_extract_value(${sqlIdent(name)}, ${sqlString(key)}) AS VARCHAR)`;
      if (type.startsWith('STRUCT(')) return `json_extract_string(to_json(${sqlIdent(name)}), ${path})`;
      return `(CASE WHEN json_valid(${sqlIdent(name)}) THEN json_extract_string(${sqlIdent(name)}, ${path}) END)`;
    }
    return `(CASE WHEN json_valid(c${i}) THEN json_extract_string(c${i}, ${path}) END)`;
  }

  /** The table function that reads the file. */
  from(nullStrings: NullStrings): string {
    const { path, header } = this.file;
    if (header.kind === 'parquet') return `read_parquet(${sqlString(path)})`;
    const columns = header.columns.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
    return [
      `read_csv(${sqlString(path)}`,
      `header = true, auto_detect = false, columns = {${columns}}`,
      `delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false`,
      `nullstr = [${nullStrings.map(sqlString).join(', ')}]`,
      `compression = '${header.kind === 'gzip' ? 'gzip' : 'none'}')`,
    ].join(', ');
  }
}
