import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { pglitePool } from './pglite-pool.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

export type DatabaseHandle = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages: a folder for PGlite, the server for PostgreSQL. */
  location: string;
  close(): Promise<void>;
};

// The same JS shapes on both engines: calendar dates and big numbers stay strings (no time zone
// drift on a DATE, no float on a NUMERIC or BIGINT); callers convert with intent.
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const keepText = (value: string) => value;

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: { inMemory?: boolean } = {},
): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === DATE_OID || oid === INT8_OID || oid === NUMERIC_OID
            ? keepText
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(config.databaseUrl);
    return { db, kind: 'postgres', location: `${url.host}${url.pathname}`, close: () => db.destroy() };
  }

  let dir: string | undefined;
  if (!options.inMemory) {
    dir = path.join(config.dataDir, 'pg');
    fs.mkdirSync(dir, { recursive: true });
  }
  const pglite = new PGlite(dir);
  await pglite.waitReady;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: pglitePool(pglite, { [DATE_OID]: keepText, [INT8_OID]: keepText, [NUMERIC_OID]: keepText }) as unknown as pg.Pool }),
  });
  return {
    db,
    kind: 'pglite',
    location: dir ?? 'memory',
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

