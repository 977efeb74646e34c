import path from 'node:path';
import { z } from 'zod';

/** Runtime configuration, read once from the environment (the same for server and CLI). */
const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DAIKO_DATA_DIR: z.string().default('./data'),
  DAIKO_INGEST_DIR: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DAIKO_DEMO: z.enum(['on', 'off']).default('on'),
  DAIKO_PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Daiko <no-reply@daiko.example>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AWS_REGION: z.string().default('us-east-1'),
  DAIKO_AWS_PROVIDER: z.enum(['simulated', 'sdk']).default('simulated'),
  DAIKO_AWS_ENDPOINT: z.string().url().optional(),
  DAIKO_COST_AGGREGATOR: z.enum(['duckdb', 'athena']).default('duckdb'),
  DAIKO_ATHENA_REGION: z.string().optional(),
  DAIKO_ATHENA_CATALOG: z.string().default('AwsDataCatalog'),
  DAIKO_ATHENA_DATABASE: z.string().optional(),
  DAIKO_ATHENA_TABLE: z.string().optional(),
  DAIKO_ATHENA_WORKGROUP: z.string().default('primary'),
  DAIKO_ATHENA_OUTPUT_LOCATION: z
    .string()
    .regex(/^s3:\/\/[^/]+/, 'an s3://bucket/prefix/ location')
    .optional(),
  DAIKO_ATHENA_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(1800),
  DAIKO_PORTAL_CACHE: z.enum(['on', 'off']).default('on'),
});

export type Config = {
  databaseUrl: string | undefined;
  dataDir: string;
  /** The only local folder the console may ingest from (the CLI may read any path). */
  ingestDir: string;
  port: number;
  host: string;
  demo: boolean;
  publicUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  aws: { region: string; provider: 'simulated' | 'sdk'; endpoint: string | undefined };
  /** Which engine aggregates cost reports read from S3 (local files are always DuckDB's). */
  costs: { aggregator: 'duckdb' | 'athena'; athena: AthenaSettings | null };
  /** Whether the portal's read results are cached per process (docs/portal.md, Caching); off for measuring. */
  portalCache: boolean;
};

/** Where the payer's CUR table lives in Athena and how its queries run (docs/athena.md). */
export type AthenaSettings = {
  region: string;
  catalog: string;
  database: string;
  table: string;
  workGroup: string;
  /** Unset: the workgroup's own result location. */
  outputLocation: string | undefined;
  timeoutMs: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const e = parsed.data;
  if (e.DAIKO_COST_AGGREGATOR === 'athena' && (!e.DAIKO_ATHENA_DATABASE || !e.DAIKO_ATHENA_TABLE)) {
    throw new Error('Invalid environment: DAIKO_COST_AGGREGATOR=athena needs DAIKO_ATHENA_DATABASE and DAIKO_ATHENA_TABLE');
  }
  if (e.DAIKO_COST_AGGREGATOR === 'athena' && e.DAIKO_AWS_PROVIDER !== 'sdk') {
    throw new Error(
      'Invalid environment: DAIKO_COST_AGGREGATOR=athena needs DAIKO_AWS_PROVIDER=sdk (the simulated organization has no Athena)',
    );
  }
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DAIKO_DATA_DIR),
    ingestDir: path.resolve(e.DAIKO_INGEST_DIR ?? path.join(e.DAIKO_DATA_DIR, 'incoming')),
    port: e.PORT,
    host: e.HOST,
    demo: e.DAIKO_DEMO === 'on',
    publicUrl: e.DAIKO_PUBLIC_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    aws: { region: e.AWS_REGION, provider: e.DAIKO_AWS_PROVIDER, endpoint: e.DAIKO_AWS_ENDPOINT },
    costs: {
      aggregator: e.DAIKO_COST_AGGREGATOR,
      athena:
        e.DAIKO_ATHENA_DATABASE && e.DAIKO_ATHENA_TABLE
          ? {
              region: e.DAIKO_ATHENA_REGION ?? e.AWS_REGION,
              catalog: e.DAIKO_ATHENA_CATALOG,
              database: e.DAIKO_ATHENA_DATABASE,
              table: e.DAIKO_ATHENA_TABLE,
              workGroup: e.DAIKO_ATHENA_WORKGROUP,
              outputLocation: e.DAIKO_ATHENA_OUTPUT_LOCATION,
              timeoutMs: e.DAIKO_ATHENA_TIMEOUT_SECONDS * 1000,
            }
          : null,
    },
    portalCache: e.DAIKO_PORTAL_CACHE === 'on',
  };
}
