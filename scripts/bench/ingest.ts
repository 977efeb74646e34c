/**
 * The ingest benchmark (issue 3):
 * `npm run bench:ingest [-- --rows N --small N --formats cur,cur2 --accounts N --repeat N --dir DIR]`
 * (docs/bench-ingest.md).
 *
 * Generates a legacy CUR (CSV.gz) and a CUR 2.0 (Parquet) delivery of N lines (default 5,000,000) and
 * of a smaller size (default N/5), then for each: times the floor — a plain DuckDB GROUP BY of the same
 * files by the fact grain into memory — and the real ingest (`ingestCostSource`) end to end into a
 * fresh PostgreSQL database. Floor and ingest each run in a child process of their own, which reports
 * its peak RSS, so neither the generator nor the other measurement pollutes it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import pg from 'pg';
import { generateCur } from '../../src/modules/costs/generator/generate-cur.ts';
import { ingestCostSource } from '../../src/modules/costs/ingest-cost-source.ts';
import { sqlIdent, sqlString } from '../../src/modules/costs/readers/sql.ts';
import { bootstrap } from '../../src/platform/bootstrap.ts';
import { loadConfig } from '../../src/platform/config.ts';

type BenchFormat = 'cur' | 'cur2';
const FORMATS: readonly BenchFormat[] = ['cur', 'cur2'];

/**
 * What a child process measured: wall time inside the process, CPU time of the process (all its
 * threads, DuckDB's included; not the PostgreSQL server's), peak resident set, and what it read.
 */
type Measurement = { seconds: number; cpuSeconds: number; peakRssMiB: number; rows: number; unblendedUsd: string; facts: number };

const TARGET_RATIO = 2;
const TARGET_RSS_MIB = 1536;
/** "Flat": the peak RSS of the large run stays within this factor of the small run's. */
const FLATNESS = 1.25;

const SEED = 1;
const ACCOUNTS = 100;
const ROWS_PER_FILE = 500_000;
const GENERATOR_DIR = resolve(import.meta.dirname, '../../src/modules/costs/generator');
const SELF = fileURLToPath(import.meta.url);
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1e6;
};

// ---------------------------------------------------------------------------------------------
// The generated deliveries, cached between runs.

type Generated = { format: BenchFormat; rows: number; dir: string; dataFiles: string[]; reused: boolean; bytes: number };

/** The generator's source decides its output: a changed generator invalidates the cached files. */
function generatorHash(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(GENERATOR_DIR).sort()) hash.update(name).update(readFileSync(join(GENERATOR_DIR, name)));
  return hash.digest('hex');
}

async function ensureGenerated(root: string, format: BenchFormat, rows: number, accounts: number, generator: string): Promise<Generated> {
  const dir = join(root, `${format}-${rows}-a${accounts}`);
  const markerPath = join(dir, 'bench-generated.json');
  const params = { format, rows, seed: SEED, accounts, rowsPerFile: ROWS_PER_FILE, generator };
  if (existsSync(markerPath)) {
    const marker = JSON.parse(readFileSync(markerPath, 'utf8')) as { params: typeof params; dataFiles: string[]; rows: number };
    if (JSON.stringify(marker.params) === JSON.stringify(params) && marker.dataFiles.every((f) => existsSync(join(dir, f)))) {
      return {
        format,
        rows: marker.rows,
        dir,
        dataFiles: marker.dataFiles.map((f) => join(dir, f)),
        reused: true,
        bytes: bytesOf(dir, marker.dataFiles),
      };
    }
  }
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`generating ${format} ${rows.toLocaleString('en-US')} lines into ${dir} …\n`);
  const summary = await generateCur({ outDir: dir, format, seed: SEED, accounts, rowsPerMonth: rows, rowsPerFile: ROWS_PER_FILE });
  const dataFiles = summary.months.flatMap((m) => m.current.dataFiles).map((f) => f.slice(dir.length + 1));
  // The marker is written last: an interrupted generation is never taken for a finished one.
  writeFileSync(markerPath, JSON.stringify({ params, dataFiles, rows: summary.rows }, null, 2));
  return { format, rows: summary.rows, dir, dataFiles: dataFiles.map((f) => join(dir, f)), reused: false, bytes: bytesOf(dir, dataFiles) };
}

function bytesOf(dir: string, files: string[]) {
  return files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

// ---------------------------------------------------------------------------------------------
// The floor: read the same files, group by the fact grain, keep the result in memory.

/** The raw columns of the fact grain and the amounts, by each format's spelling. */
const FLOOR_COLUMNS: Record<BenchFormat, { keys: string[]; usageStart: string; amounts: string[] }> = {
  cur: {
    keys: [
      'bill/BillingPeriodStartDate',
      'bill/PayerAccountId',
      'lineItem/UsageAccountId',
      'lineItem/ProductCode',
      'product/ProductName',
      'product/regionCode',
      'lineItem/UsageType',
      'lineItem/Operation',
      'lineItem/LineItemType',
      'bill/BillType',
      'bill/BillingEntity',
      'reservation/ReservationARN',
      'savingsPlan/SavingsPlanARN',
      'bill/InvoiceId',
    ],
    usageStart: 'lineItem/UsageStartDate',
    amounts: [
      'lineItem/UnblendedCost',
      'pricing/publicOnDemandCost',
      'reservation/EffectiveCost',
      'savingsPlan/SavingsPlanEffectiveCost',
      'lineItem/UsageAmount',
    ],
  },
  cur2: {
    keys: [
      'bill_billing_period_start_date',
      'bill_payer_account_id',
      'line_item_usage_account_id',
      'line_item_product_code',
      `product['product_name']`,
      'product_region_code',
      'line_item_usage_type',
      'line_item_operation',
      'line_item_line_item_type',
      'bill_bill_type',
      'bill_billing_entity',
      'reservation_reservation_a_r_n',
      'savings_plan_savings_plan_a_r_n',
      'bill_invoice_id',
    ],
    usageStart: 'line_item_usage_start_date',
    amounts: [
      'line_item_unblended_cost',
      'pricing_public_on_demand_cost',
      'reservation_effective_cost',
      'savings_plan_savings_plan_effective_cost',
      'line_item_usage_amount',
    ],
  },
};

/** A column as SQL: legacy names (`bill/PayerAccountId`) need quoting; the CUR 2.0 map lookup is SQL already. */
const column = (name: string) => (name.includes('/') ? sqlIdent(name) : name);

/** The floor's SQL: what any DuckDB user would write to total a CUR by the grain (the first amount is unblended). */
function floorSql(format: BenchFormat, files: string[]): string {
  const c = FLOOR_COLUMNS[format];
  const list = `[${files.map(sqlString).join(', ')}]`;
  const source = format === 'cur' ? `read_csv(${list}, header = true, all_varchar = true)` : `read_parquet(${list})`;
  const amount = (name: string) => `sum(CAST(${column(name)} AS DECIMAL(18,10)))`;
  return `CREATE TABLE floor AS
    SELECT ${c.keys.map(column).join(', ')}, CAST(CAST(${column(c.usageStart)} AS TIMESTAMP) AS DATE) AS usage_date,
      ${c.amounts.map((a, i) => `${amount(a)} AS amount_${i}`).join(', ')}, count(*) AS lines
    FROM ${source}
    GROUP BY ALL`;
}

async function runFloor(format: BenchFormat, files: string[]): Promise<Measurement> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(floorSql(format, files));
  const seconds = (performance.now() - started) / 1000;
  const cpuUsed = cpuSeconds(cpu);
  const totals = (
    await conn.runAndReadAll(`SELECT CAST(sum(lines) AS BIGINT) AS n, CAST(sum(amount_0) AS VARCHAR) AS usd, count(*) AS groups FROM floor`)
  ).getRowObjectsJS()[0]!;
  conn.closeSync();
  instance.closeSync();
  return {
    seconds,
    cpuSeconds: cpuUsed,
    peakRssMiB: peakRssMiB(),
    rows: Number(totals.n),
    unblendedUsd: String(totals.usd),
    facts: Number(totals.groups),
  };
}

// ---------------------------------------------------------------------------------------------
// The ingest, through the real service into a database of its own.

async function runIngest(dir: string, databaseUrl: string): Promise<Measurement> {
  const base = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  const { ctx, handle } = await bootstrap({ ...base, aws: { ...base.aws, provider: 'simulated' } });
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const summaries = await ingestCostSource(ctx, { actor: { kind: 'system', label: 'bench' }, ip: null }, dir);
    const seconds = (performance.now() - started) / 1000;
    const cpuUsed = cpuSeconds(cpu);
    const failed = summaries.find((s) => s.status !== 'succeeded');
    if (failed) throw new Error(`ingest ${failed.status}: ${failed.error ?? ''}`);
    const unblended = summaries.flatMap((s) => Object.values(s.totalsByLineType)).reduce((sum, v) => sum.plus(v), new Decimal(0));
    const facts = summaries.reduce((n, s) => n + s.factCount, 0);
    // What is stored must be what the aggregation reported, or the timing is of something else.
    const stored = await ctx.db
      .selectFrom('cost_facts')
      .select([sql<string>`count(*)::text`.as('n'), sql<string>`coalesce(sum(unblended_usd), 0)::text`.as('usd')])
      .executeTakeFirstOrThrow();
    if (Number(stored.n) !== facts || !unblended.eq(stored.usd)) {
      throw new Error(`stored ${stored.n} facts, ${stored.usd} USD; the ingest reported ${facts} facts, ${unblended.toFixed()} USD`);
    }
    return {
      seconds,
      cpuSeconds: cpuUsed,
      peakRssMiB: peakRssMiB(),
      rows: summaries.reduce((n, s) => n + s.rowsRead, 0),
      unblendedUsd: unblended.toFixed(),
      facts,
    };
  } finally {
    await handle.close();
  }
}

async function withFreshDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `daiko_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

// ---------------------------------------------------------------------------------------------
// Child processes: one measurement each, reported over IPC.

type ChildTask = { kind: 'floor'; format: BenchFormat; files: string[] } | { kind: 'ingest'; dir: string; databaseUrl: string };

function inChild(task: ChildTask): Promise<Measurement> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(SELF, ['--child', JSON.stringify(task)], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: Measurement | undefined;
    child.on('message', (message) => (result = message as Measurement));
    child.on('error', reject);
    child.on('exit', (code) =>
      result && code === 0 ? resolvePromise(result) : reject(new Error(`${task.kind} child exited with ${code}`)),
    );
  });
}

async function child(task: ChildTask) {
  const measurement = task.kind === 'floor' ? await runFloor(task.format, task.files) : await runIngest(task.dir, task.databaseUrl);
  process.send?.(measurement);
}

// ---------------------------------------------------------------------------------------------
// The run and its table.

type Row = { generated: Generated; floor: Measurement; ingest: Measurement };

const positive = (value: string | undefined, fallback: number, flag: string) => {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} expects a positive integer, got ${value}`);
  return n;
};

/** The faster run, with the higher peak RSS of the two: memory is quoted at its worst. */
const best = (a: Measurement | undefined, b: Measurement): Measurement =>
  a === undefined ? b : { ...(a.seconds <= b.seconds ? a : b), peakRssMiB: Math.max(a.peakRssMiB, b.peakRssMiB) };

const pass = (ok: boolean) => (ok ? 'PASS' : 'MISS');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      small: { type: 'string' },
      accounts: { type: 'string' },
      repeat: { type: 'string' },
      formats: { type: 'string', default: FORMATS.join(',') },
      dir: { type: 'string', default: join(tmpdir(), 'daiko-bench-ingest') },
      child: { type: 'string' },
    },
  });
  if (values.child) return child(JSON.parse(values.child) as ChildTask);

  const rows = positive(values.rows, 5_000_000, '--rows');
  const small = positive(values.small, Math.max(1, Math.round(rows / 5)), '--small');
  const accounts = positive(values.accounts, ACCOUNTS, '--accounts');
  const repeat = positive(values.repeat, 1, '--repeat');
  const formats = values.formats.split(',').map((f) => f.trim()) as BenchFormat[];
  for (const f of formats) if (!FORMATS.includes(f)) throw new Error(`--formats: ${f} is not one of ${FORMATS.join(', ')}`);
  const sizes = [...new Set([small, rows])].sort((a, b) => a - b);
  const root = resolve(values.dir);
  const generator = generatorHash();
  const server = new URL(ADMIN_URL);
  const loadAtStart = loadavg()[0]!;
  console.log(
    `Ingest benchmark: ${formats.join(', ')} at ${sizes.map((n) => n.toLocaleString('en-US')).join(' and ')} lines; files in ${root}; PostgreSQL ${server.host} (a fresh database per ingest)`,
  );

  const results: Row[] = [];
  for (const format of formats) {
    for (const size of sizes) {
      const generated = await ensureGenerated(root, format, size, accounts, generator);
      const label = `${format} ${generated.rows.toLocaleString('en-US')}`;
      console.log(
        `${label}: ${generated.reused ? 'reusing the files generated earlier with the same parameters' : 'generated'} (${generated.dataFiles.length} files, ${(generated.bytes / 2 ** 20).toFixed(0)} MiB)`,
      );
      // Alternating rounds, best of each: on a shared machine the minimum is the least disturbed run.
      let floor: Measurement | undefined;
      let ingest: Measurement | undefined;
      for (let round = 1; round <= repeat; round++) {
        const f = await inChild({ kind: 'floor', format, files: generated.dataFiles });
        const i = await withFreshDatabase((databaseUrl) => inChild({ kind: 'ingest', dir: generated.dir, databaseUrl }));
        console.log(
          `${label}: round ${round}: floor ${f.seconds.toFixed(1)} s (CPU ${f.cpuSeconds.toFixed(1)} s, peak RSS ${f.peakRssMiB.toFixed(0)} MiB), ` +
            `ingest ${i.seconds.toFixed(1)} s (CPU ${i.cpuSeconds.toFixed(1)} s, peak RSS ${i.peakRssMiB.toFixed(0)} MiB), ${i.facts.toLocaleString('en-US')} facts`,
        );
        floor = best(floor, f);
        ingest = best(ingest, i);
      }
      if (!floor || !ingest) throw new Error('no round ran');
      // The benchmark is only worth quoting if the ingest read what the floor read.
      if (ingest.rows !== floor.rows || !new Decimal(ingest.unblendedUsd).eq(floor.unblendedUsd)) {
        throw new Error(
          `${label}: the ingest read ${ingest.rows} lines, ${ingest.unblendedUsd} USD; the floor ${floor.rows} lines, ${floor.unblendedUsd} USD`,
        );
      }
      results.push({ generated, floor, ingest });
    }
  }

  const largest = new Map<BenchFormat, Row>();
  const smallest = new Map<BenchFormat, Row>();
  for (const r of results) {
    const f = r.generated.format;
    if (!largest.has(f) || largest.get(f)!.generated.rows < r.generated.rows) largest.set(f, r);
    if (!smallest.has(f) || smallest.get(f)!.generated.rows > r.generated.rows) smallest.set(f, r);
  }
  const header = [
    'format',
    'rows',
    'facts',
    'floor s',
    'end-to-end s',
    'ratio',
    'rows/s',
    'peak RSS MiB',
    `≤ ${TARGET_RATIO}× floor`,
    `RSS < ${TARGET_RSS_MIB} MiB`,
    'RSS flat',
  ];
  const body = results.map((r) => {
    const ratio = r.ingest.seconds / r.floor.seconds;
    const base = smallest.get(r.generated.format)!;
    const flat = largest.get(r.generated.format) === r && base !== r ? pass(r.ingest.peakRssMiB <= base.ingest.peakRssMiB * FLATNESS) : '';
    return [
      r.generated.format,
      r.generated.rows.toLocaleString('en-US'),
      r.ingest.facts.toLocaleString('en-US'),
      r.floor.seconds.toFixed(1),
      r.ingest.seconds.toFixed(1),
      ratio.toFixed(2),
      Math.round(r.generated.rows / r.ingest.seconds).toLocaleString('en-US'),
      r.ingest.peakRssMiB.toFixed(0),
      pass(ratio <= TARGET_RATIO),
      pass(r.ingest.peakRssMiB < TARGET_RSS_MIB),
      flat,
    ];
  });
  console.log();
  console.log(table(header, body));
  console.log(`\nRSS flat: the largest run's peak RSS within ${FLATNESS}× the smallest run's of the same format.`);
  console.log(
    `Load average (1 min) at start ${loadAtStart.toFixed(2)}, at end ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores: other work on the machine slows both the floor and the ingest.`,
  );
}

await main();
