import type { ParserOptions, PGlite } from '@electric-sql/pglite';

/**
 * Makes an embedded PGlite look like a `pg` pool to Kysely's PostgresDialect.
 * PGlite is one connection, so a connection is lent to one user at a time: a transaction holds the
 * lock until it commits, and everyone else waits their turn, exactly like a pool of size one.
 */
export function pglitePool(pg: PGlite, parsers: ParserOptions) {
  let queue: Promise<void> = Promise.resolve();

  const connection = {
    async query(sql: string, parameters: readonly unknown[]) {
      // Parsers go with every query: per-query options replace the ones given to the constructor.
      const result = await pg.query(sql, parameters as unknown[], { rowMode: 'object', parsers });
      return {
        rows: result.rows,
        rowCount: result.affectedRows ?? result.rows.length,
        command: commandOf(sql),
      };
    },
  };

  return {
    async connect() {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => (release = resolve));
      const previous = queue;
      queue = previous.then(() => turn);
      await previous;
      return { ...connection, release };
    },
    async end() {
      await queue;
    },
  };
}

function commandOf(sql: string) {
  return sql.trimStart().split(/\s/, 1)[0]!.toUpperCase();
}
