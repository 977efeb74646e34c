import type { AwsProvider } from '../modules/aws/provider.ts';
import type { Actor } from '../modules/identity/rules/roles.ts';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { JobQueue } from './jobs.ts';

/** What every service gets: the database, the configuration, the AWS edge, the job queue and the clock. */
export type AppContext = {
  db: Db;
  config: Config;
  aws: AwsProvider;
  jobs: JobQueue;
  now: () => Date;
};

/** A service call on behalf of someone: who, and from where (for the audit log). */
export type Caller = { actor: Actor; ip?: string | null };
