import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import { bootstrap } from '../../src/platform/bootstrap.ts';
import type { AppContext } from '../../src/platform/context.ts';

/**
 * A real, empty, migrated database for one test file: PGlite in memory by default, or a fresh
 * database on the PostgreSQL server when DATABASE_URL is set (CI runs the suite both ways).
 */
export async function createTestContext() {
  const clock = new TestClock();
  const base = loadConfig({ ...process.env, DAIKO_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' });
  let config: Config = { ...base, aws: { ...base.aws, provider: 'simulated' } };
  let dropDatabase = async () => {};
  if (process.env.DATABASE_URL) {
    const name = `daiko_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    config = { ...config, databaseUrl: url.toString() };
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      // pg's pool reports itself ended before its sockets have closed: wait for them, or FORCE
      // would terminate them and their clients would raise an unhandled error.
      for (let i = 0; i < 50; i++) {
        const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const { ctx, handle } = await bootstrap(config, { inMemory: !config.databaseUrl, now: () => clock.now() });
  return {
    ctx: ctx as AppContext,
    clock,
    async close() {
      await handle.close();
      await dropDatabase();
    },
  };
}

/** The services' clock in tests: real time plus whatever the test has moved it forward. */
export class TestClock {
  private offsetMs = 0;
  now() {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number) {
    this.offsetMs += ms;
  }
}
