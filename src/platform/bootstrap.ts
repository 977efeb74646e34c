import { createAwsProvider } from '../modules/aws/create-aws-provider.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { InProcessJobQueue, PgBossJobQueue, type JobQueue } from './jobs.ts';

/**
 * Opens the database, brings its schema up to date and wires the services: the one start-up path
 * shared by the server, the CLI and the tests.
 */
export async function bootstrap(
  config: Config,
  options: {
    inMemory?: boolean;
    now?: () => Date;
    /** `shared`: pg-boss on a PostgreSQL server (the server process); otherwise jobs run in this process. */
    jobs?: 'shared' | 'in-process';
    onJobError?: (job: string, error: unknown) => void;
  } = {},
) {
  const handle: DatabaseHandle = await openDatabase(config, { inMemory: options.inMemory });
  try {
    const applied = await migrateToLatest(handle.db);
    const now = options.now ?? (() => new Date());
    const onJobError = options.onJobError ?? ((job: string, error: unknown) => console.error(`job ${job} failed:`, error));
    const jobs: JobQueue =
      options.jobs === 'shared' && config.databaseUrl ? new PgBossJobQueue(config.databaseUrl, onJobError) : new InProcessJobQueue(onJobError);
    const ctx: AppContext = { db: handle.db, config, aws: createAwsProvider(config, handle.db, now), jobs, now };
    return { ctx, handle, applied };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
