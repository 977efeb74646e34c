import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { CostFileError } from '../aggregator.ts';
import { sqlString } from './sql.ts';

/** How a file's bytes are stored, told by its magic bytes (never its name). */
export type FileKind = 'csv' | 'gzip' | 'parquet';

export type FileColumn = { name: string; type: string };

/** A cost file's storage kind and header, enough to detect its format and project its columns. */
export type FileHeader = { kind: FileKind; columns: FileColumn[]; bytes: number };

/** DuckDB's CSV line limit (2 MB): a legacy CUR header with many tag columns runs to tens of kilobytes. */
const MAX_HEADER_BYTES = 2 * 1024 * 1024;

export async function sniffFileKind(path: string, displayName: string): Promise<{ kind: FileKind; bytes: number }> {
  const { size } = await stat(path);
  if (size === 0) throw new CostFileError(displayName, 'empty file');
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    if (head[0] === 0x1f && head[1] === 0x8b) return { kind: 'gzip', bytes: size };
    if (head.toString('latin1') === 'PAR1') return { kind: 'parquet', bytes: size };
    return { kind: 'csv', bytes: size };
  } finally {
    await handle.close();
  }
}

/** The first line of a CSV or gzip-compressed CSV, decompressing only as far as that line. */
async function readFirstLine(path: string, kind: 'csv' | 'gzip', displayName: string): Promise<string> {
  const source = createReadStream(path);
  const stream = kind === 'gzip' ? source.pipe(createGunzip()) : source;
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const newline = chunk.indexOf(0x0a);
      if (newline >= 0) {
        chunks.push(chunk.subarray(0, newline));
        break;
      }
      chunks.push(chunk);
      length += chunk.length;
      if (length > MAX_HEADER_BYTES) throw new CostFileError(displayName, 'no header line in the first 2 MB', 1);
    }
  } catch (error) {
    if (error instanceof CostFileError) throw error;
    throw new CostFileError(displayName, `corrupt gzip: ${(error as Error).message}`);
  } finally {
    source.destroy();
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r$/, '');
}

/** Column names of a CSV header line (quoted or not, as FOCUS exports quote every field). */
export async function readCsvHeader(path: string, kind: 'csv' | 'gzip', displayName: string): Promise<string[]> {
  const line = await readFirstLine(path, kind, displayName);
  if (line.trim() === '') throw new CostFileError(displayName, 'empty file', 1);
  let rows: string[][];
  try {
    rows = parse(line, { relax_column_count: true }) as string[][];
  } catch (error) {
    throw new CostFileError(displayName, `unreadable header: ${(error as Error).message}`, 1);
  }
  return (rows[0] ?? []).map((name) => name.trim());
}

export async function readParquetColumns(conn: DuckDBConnection, path: string, displayName: string): Promise<FileColumn[]> {
  try {
    const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
    return reader.getRowObjectsJS().map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  } catch (error) {
    throw new CostFileError(displayName, `unreadable Parquet file: ${(error as Error).message}`);
  }
}

/**
 * The kind and columns of a cost file. Parquet needs DuckDB to read its schema; `connect` is only
 * called for Parquet files.
 */
export async function readFileHeader(path: string, displayName: string, connect: () => Promise<DuckDBConnection>): Promise<FileHeader> {
  const { kind, bytes } = await sniffFileKind(path, displayName);
  if (kind === 'parquet') return { kind, bytes, columns: await readParquetColumns(await connect(), path, displayName) };
  const names = await readCsvHeader(path, kind, displayName);
  return { kind, bytes, columns: names.map((name) => ({ name, type: 'VARCHAR' })) };
}

const VERIFY_CHUNK_BYTES = 1024 * 1024;

/**
 * Decompresses a whole gzip file to check it: DuckDB's gzip reader neither verifies the CRC nor notices
 * a stream cut at a line boundary, so a truncated or corrupt delivery would otherwise load short.
 */
export async function verifyGzip(path: string, displayName: string): Promise<void> {
  // 1 MiB reads and output chunks: with the 64/16 KiB defaults the per-chunk overhead costs more than inflating.
  const source = createReadStream(path, { highWaterMark: VERIFY_CHUNK_BYTES });
  const gunzip = createGunzip({ chunkSize: VERIFY_CHUNK_BYTES });
  try {
    for await (const chunk of source.pipe(gunzip)) void chunk;
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR'
        ? 'truncated gzip (unexpected end of file)'
        : `corrupt gzip: ${(error as Error).message}`;
    throw new CostFileError(displayName, reason);
  } finally {
    source.destroy();
  }
}
