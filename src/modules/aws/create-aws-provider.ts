import path from 'node:path';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { createAwsClients } from './clients.ts';
import type { AwsProvider } from './provider.ts';
import { SdkAwsProvider } from './sdk-provider.ts';
import { SimulatedAwsProvider } from './simulated-provider.ts';
import type { AwsTables } from './tables.ts';

/** The real AWS or the simulated organization, as DAIKO_AWS_PROVIDER says. */
export function createAwsProvider(config: Config, db: Db, now: () => Date = () => new Date()): AwsProvider {
  if (config.aws.provider === 'sdk') return new SdkAwsProvider(createAwsClients(config.aws));
  return new SimulatedAwsProvider(db.withTables<AwsTables>(), {
    costFilesRoot: path.join(config.dataDir, 'simulated-s3'),
    now,
  });
}
