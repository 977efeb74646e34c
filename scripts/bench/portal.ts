/**
 * The customer cost portal benchmark (issue 5): `npm run bench:portal [-- --duration S --connections N --no-cache --keep]`.
 *
 * On a fresh PostgreSQL database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres,
 * a scratch database is created and dropped): 10,000 AWS accounts, 50 of them held by the measured
 * customer, three years of daily cost facts (customer accounts: 8 services × 2 regions a day; every
 * other account: 2 facts every 7th day), generated in SQL with generate_series. The real server (Fastify,
 * sessions, access guard, tenant checks) listens on loopback; a customer member signs in with
 * password and TOTP; a second process drives autocannon at 50 concurrent connections against
 *  - the explorer API: group by service, daily, the last 90 days, USD;
 *  - the overview API.
 * Each route is measured twice: with the portal's result cache (warm: the check request filled it; every
 * request still signs in through the session, passes the tenant check and reads the data version) and
 * with the cache off (cold: a second server on the same database with DAIKO_PORTAL_CACHE=off, every
 * request computed). `--no-cache` measures only the latter.
 * Prints p50/p95/p99 latency, throughput, the ratio of p95 to the 100 ms target and the load average.
 */
import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { newTotpSecret, totpCodeAt } from '../../src/modules/identity/rules/totp.ts';
import { provisionUser } from '../../src/modules/identity/provision-user.ts';
import { bootstrap } from '../../src/platform/bootstrap.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { buildServer } from '../../src/server/app.ts';
import { addDays } from '../../src/modules/calendar/rules/calendar-date.ts';

const TARGET_P95_MS = 100;

/** autocannon ships no types: the part of its API used here. */
type Autocannon = (options: { url: string; connections: number; duration: number; headers: Record<string, string> }) => PromiseLike<{
  non2xx: number;
  errors: number;
}> & {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, responseTime: number) => void): void;
};
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const CUSTOMER_ACCOUNTS = 50;
const TOTAL_ACCOUNTS = 10_000;
const DAYS = 3 * 365;
const SELF = fileURLToPath(import.meta.url);
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'bench portal passphrase 2026';

type LoadResult = {
  label: string;
  /** Load average (1 min) of the machine when the run ended: the machine is shared. */
  load?: number;
  requests: number;
  non2xx: number;
  errors: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  throughput: number;
};

// ---------------------------------------------------------------------------------------------
// The load generator: a child process, so the server's process does nothing but serve.

async function runLoad(task: { label: string; url: string; cookie: string; connections: number; duration: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = Date.now();
  const instance = autocannon({ url: task.url, connections: task.connections, duration: task.duration, headers: { cookie: task.cookie } });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await instance;
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
  return {
    label: task.label,
    requests: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
    seconds,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    throughput: latencies.length / seconds,
  };
}

function loadInChild(task: Parameters<typeof runLoad>[0]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(SELF, ['--child'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve(m as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load process exited with ${code}`)));
    child.send(task);
  });
}

if (process.argv.includes('--child')) {
  process.once('message', async (task) => {
    process.send!(await runLoad(task as Parameters<typeof runLoad>[0]), () => process.exit(0));
  });
} else {
  await main();
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '15' },
      connections: { type: 'string', default: '50' },
      keep: { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
    },
  });
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const name = `daiko_bench_portal_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const base = loadConfig({ ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'silent' });
  const { ctx, handle } = await bootstrap({ ...base, aws: { ...base.aws, provider: 'simulated' } });
  try {
    const today = new Date().toISOString().slice(0, 10);
    const first = addDays(today, -DAYS + 1);
    console.log(
      `scratch database ${name}; generating ${TOTAL_ACCOUNTS.toLocaleString()} accounts, ${DAYS} days from ${first} to ${today} …`,
    );
    const t = Date.now();
    const companies = await ctx.db
      .insertInto('companies')
      .values([
        {
          code: 'BENCH',
          name: 'ベンチ株式会社',
          name_kana: 'ベンチ',
          billing_agency: true,
          billing_email: 'billing@bench.test',
          invoice_addressee: null,
          postal_address: null,
        },
        {
          code: 'OTHERS',
          name: 'その他株式会社',
          name_kana: 'ソノタ',
          billing_agency: true,
          billing_email: 'billing@others.test',
          invoice_addressee: null,
          postal_address: null,
        },
      ])
      .returning(['id', 'code'])
      .execute();
    const bench = companies.find((c) => c.code === 'BENCH')!.id;
    const others = companies.find((c) => c.code === 'OTHERS')!.id;
    const accountId = (n: string) => sql`lpad((100000000000 + ${sql.raw(n)})::text, 12, '0')`;
    await sql`INSERT INTO aws_accounts (account_id, name) SELECT ${accountId('g')}, 'account-' || g FROM generate_series(1, ${TOTAL_ACCOUNTS}) g`.execute(
      ctx.db,
    );
    await sql`INSERT INTO account_assignments (account_id, company_id, valid_from, valid_to)
      SELECT ${accountId('g')}, CASE WHEN g <= ${CUSTOMER_ACCOUNTS} THEN ${bench}::uuid ELSE ${others}::uuid END, ${first}::date, NULL
      FROM generate_series(1, ${TOTAL_ACCOUNTS}) g`.execute(ctx.db);
    const services = `(VALUES ('AmazonEC2','Amazon Elastic Compute Cloud',40),('AmazonRDS','Amazon Relational Database Service',25),('AmazonS3','Amazon Simple Storage Service',8),('AWSDataTransfer','AWS Data Transfer',5),('AWSLambda','AWS Lambda',3),('AmazonCloudWatch','AmazonCloudWatch',2),('AmazonDynamoDB','Amazon DynamoDB',4),('AmazonVPC','Amazon Virtual Private Cloud',1)) AS s(code, name, base)`;
    // A scratch database: foreign-key triggers off while loading (every fact's period row exists).
    const insertFacts = (accounts: string, perDay: string, step: string) =>
      ctx.db.transaction().execute(async (tx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(tx);
        await sql`INSERT INTO cost_facts
      (payer_account_id, billing_period, usage_account_id, usage_date, service_code, service_name, region, usage_type, operation, line_item_type, bill_type, billing_entity, commitment_arn, commitment_owner_account_id, invoice_id, unblended_usd, list_usd, amortized_usd, usage_quantity, line_count)
      SELECT '900000000000', to_char(d, 'YYYY-MM'), ${accountId('a')}, d::date, s.code, s.name, r.region, r.region || '-' || s.code, 'Op', 'Usage', 'Anniversary', 'AWS', '', '', '',
             round((s.base * (1 + ((a * 7 + extract(doy FROM d)::int) % 13) / 10.0))::numeric, 6), 0, 0, 1, 24
      FROM generate_series(${sql.raw(accounts)}) a
      CROSS JOIN generate_series(${first}::date, ${today}::date, ${sql.raw(`interval '${step}'`)}) d
      CROSS JOIN ${sql.raw(perDay)}`.execute(tx);
      });
    const { id: ingestionId } = await ctx.db
      .insertInto('cost_ingestions')
      .values({
        source: 'bench',
        status: 'succeeded',
        requested_by: 'bench',
        format: 'cur',
        payer_account_id: '900000000000',
        billing_period: null,
        assembly_id: null,
        fingerprint: 'bench',
        is_final: false,
        error: null,
        started_at: null,
        finished_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`INSERT INTO cost_periods (payer_account_id, billing_period, ingestion_id, version, fingerprint, is_final, locked_at)
      SELECT '900000000000', to_char(m, 'YYYY-MM'), ${ingestionId}, 1, 'bench', false, NULL
      FROM generate_series(date_trunc('month', ${first}::date), ${today}::date, interval '1 month') m`.execute(ctx.db);
    // The customer's 50 accounts: every day, 8 services × 2 regions.
    await insertFacts(`1, ${CUSTOMER_ACCOUNTS}`, `${services} CROSS JOIN (VALUES ('ap-northeast-1'), ('us-east-1')) AS r(region)`, '1 day');
    // The other 9,950 accounts: 2 facts every 7th day, in the same table and indexes (a size the shared machine loads in minutes).
    await insertFacts(
      `${CUSTOMER_ACCOUNTS + 1}, ${TOTAL_ACCOUNTS}`,
      `(SELECT * FROM ${services} LIMIT 2) s CROSS JOIN (VALUES ('ap-northeast-1')) AS r(region)`,
      '7 days',
    );
    // What autovacuum does after an ingest (migration 0025 tunes it for cost_facts): statistics, and
    // the visibility map that lets the portal's reads be index-only scans.
    await sql`VACUUM ANALYZE`.execute(ctx.db);
    const { count } = await ctx.db
      .selectFrom('cost_facts')
      .select(sql<string>`count(*)::text`.as('count'))
      .executeTakeFirstOrThrow();
    console.log(`${Number(count).toLocaleString()} cost facts in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    await ctx.db
      .insertInto('fx_rates')
      .values({ rate_date: addDays(today, -1), usd_jpy: '151.20', source: 'MUFG', imported_by: 'bench' })
      .execute();

    const totpSecret = newTotpSecret();
    await ctx.db
      .transaction()
      .execute((tx) =>
        provisionUser(
          tx,
          { email: 'member@bench.test', name: 'ベンチ メンバー', role: 'member', companyId: bench, password: PASSWORD, totpSecret },
          'bench',
        ),
      );
    const modes = [...(values['no-cache'] ? [] : [{ name: 'cached', portalCache: true }]), { name: 'uncached', portalCache: false }];
    const from = addDays(today, -89);
    const results: LoadResult[] = [];
    let cookie = '';
    for (const mode of modes) {
      const server = await buildServer({ ...ctx, config: { ...ctx.config, portalCache: mode.portalCache } }, { logger: false });
      await server.listen({ port: 0, host: '127.0.0.1' });
      const address = server.server.address();
      if (!address || typeof address === 'string') throw new Error('server has no port');
      const origin = `http://127.0.0.1:${address.port}`;
      cookie ||= await signIn(origin, 'member@bench.test', totpSecret);
      const routes = [
        {
          label: `explorer (service, daily, 90 days), ${mode.name}`,
          url: `${origin}/api/companies/${bench}/portal/costs?from=${from}&to=${today}&granularity=daily&groupBy=service&currency=USD`,
        },
        { label: `overview, ${mode.name}`, url: `${origin}/api/companies/${bench}/portal/overview` },
      ];
      for (const route of routes) {
        const check = await fetch(route.url, { headers: { cookie } });
        if (check.status !== 200) throw new Error(`${route.label}: ${check.status} ${await check.text()}`);
        // Warm-up, then the measured run.
        await loadInChild({ label: route.label, url: route.url, cookie, connections, duration: 3 });
        results.push({ ...(await loadInChild({ label: route.label, url: route.url, cookie, connections, duration })), load: loadavg()[0] });
      }
      // A customer of another company gets 404 (the tenant check is on the measured path, before the cache).
      const foreign = await fetch(`${origin}/api/companies/${others}/portal/overview`, { headers: { cookie } });
      console.log(`${mode.name}: another company's overview with this session: HTTP ${foreign.status}`);
      await server.close();
    }
    const [l1, l5, l15] = loadavg();
    console.log(`\n${connections} connections, ${duration} s each, loopback, PostgreSQL ${await serverVersion(ctx)}`);
    console.log(`load average at the end: ${l1!.toFixed(2)}, ${l5!.toFixed(2)}, ${l15!.toFixed(2)} (shared machine)\n`);
    console.log('| route | requests | p50 ms | p95 ms | p99 ms | req/s | p95 / 100 ms | non-2xx | load (1 min) |');
    console.log('| --- | --: | --: | --: | --: | --: | --: | --: | --: |');
    for (const r of results) {
      console.log(
        `| ${r.label} | ${r.requests} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.throughput.toFixed(0)} | ${(r.p95 / TARGET_P95_MS).toFixed(2)} | ${r.non2xx + r.errors} | ${r.load!.toFixed(2)} |`,
      );
    }
  } finally {
    await handle.close();
    if (!values.keep) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function serverVersion(ctx: Awaited<ReturnType<typeof bootstrap>>['ctx']) {
  const { rows } = await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(ctx.db);
  return rows[0]!.v;
}

/** Password, then a TOTP code, as the web app does; returns the session cookie. */
async function signIn(origin: string, email: string, totpSecret: string): Promise<string> {
  const first = await fetch(`${origin}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (first.status !== 200) throw new Error(`sign-in: ${first.status} ${await first.text()}`);
  const cookie = first.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await first.json()) as { csrfToken: string };
  const second = await fetch(`${origin}/api/auth/mfa/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ code: totpCodeAt(totpSecret, new Date()) }),
  });
  if (second.status !== 200) throw new Error(`mfa: ${second.status} ${await second.text()}`);
  const renewed = second.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return renewed || cookie;
}
