import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { CostFormat } from '../line-model.ts';
import { LEGACY_COLUMNS } from './columns.ts';
import { invoiceIdsFor, monthLines, type Month } from './month-lines.ts';
import { hash32, uuidFrom } from './prng.ts';
import { Cur2Writer, FocusWriter, LegacyCurWriter, cur2ColumnNames, type ControlTotals, type LineWriter } from './writers.ts';
import { buildWorld, syntheticAccounts, type GeneratorAccount } from './world.ts';

export type { GeneratorAccount } from './world.ts';
export type { ControlTotals } from './writers.ts';

export type GenerateCurOptions = {
  /** The bucket root: report keys in manifests are relative to it. */
  outDir: string;
  format?: CostFormat;
  /** Same seed and options → byte-identical files. Default 1. */
  seed?: number | string;
  /** A number of synthetic accounts (default 6), or the accounts themselves with their windows. */
  accounts?: number | GeneratorAccount[];
  /** Default 1. */
  months?: number;
  /** First billing period, YYYY-MM (UTC). Default 2026-10. */
  start?: string;
  /** Approximate lines per month. Default 10,000. */
  rowsPerMonth?: number;
  /** 12 digits. Default 999900000001. */
  payerAccountId?: string;
  /**
   * Every month is closed and restated: legacy CUR gets a second, final assembly (invoice ids filled,
   * some amounts changed) beside the first, which stays; CUR 2.0 and FOCUS overwrite the period's data
   * as AWS does.
   */
  restate?: boolean;
  /** Legacy report name / CUR 2.0 export name. Defaults: daiko-cur, daiko-cur2. */
  reportName?: string;
  bucket?: string;
  /** Lines per data file before a new part starts. Default 500,000. */
  rowsPerFile?: number;
  onProgress?: (progress: { billingPeriod: string; rows: number }) => void;
};

export type AssemblySummary = {
  /** Legacy assemblyId or CUR 2.0 executionId; null for FOCUS. */
  id: string | null;
  /** True when the month is final (invoice ids on every line). */
  final: boolean;
  invoiceIds: string[];
  manifest: string | null;
  dataFiles: string[];
  totals: ControlTotals;
};

export type MonthSummary = {
  billingPeriod: string; // YYYY-MM
  /** In the order written; the last one is what the manifest points to. */
  assemblies: AssemblySummary[];
  current: AssemblySummary;
};

export type GenerationSummary = {
  format: CostFormat;
  outDir: string;
  seed: number;
  payerAccountId: string;
  accounts: { accountId: string; customer: string; from: string | null; to: string | null }[];
  /** Every file written (absolute paths). */
  files: string[];
  months: MonthSummary[];
  rows: number;
  elapsedMs: number;
};

const DEFAULT_PAYER = '999900000001';
const PROGRESS_EVERY = 100_000;

function monthsFrom(start: string, count: number): Month[] {
  const m = /^(\d{4})-(\d{2})$/.exec(start);
  if (!m) throw new Error(`Invalid start month ${start} (expected YYYY-MM)`);
  const year = Number(m[1]);
  const month0 = Number(m[2]) - 1;
  if (month0 < 0 || month0 > 11) throw new Error(`Invalid start month ${start}`);
  return Array.from({ length: count }, (_, i) => {
    const startMs = Date.UTC(year, month0 + i, 1);
    const endMs = Date.UTC(year, month0 + i + 1, 1);
    return { ym: new Date(startMs).toISOString().slice(0, 7), startMs, endMs };
  });
}

const compact = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
const manifestTime = (ms: number) => `${compact(ms)}T000000.000Z`;
const isoMs = (ms: number) => new Date(ms).toISOString();
const keyOf = (outDir: string, path: string) => relative(outDir, path).split(sep).join('/');
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Writes a payer's cost reports as AWS lays them out (legacy CUR, CUR 2.0 or FOCUS 1.0), with the
 * control totals an ingest of them must reproduce.
 */
export async function generateCur(options: GenerateCurOptions): Promise<GenerationSummary> {
  // Elapsed time is reported, never written: the output does not depend on the clock.
  const began = performance.now();
  const format = options.format ?? 'cur';
  const outDir = resolve(options.outDir);
  const seed = typeof options.seed === 'string' ? hash32(options.seed) : (options.seed ?? 1) >>> 0;
  const months = monthsFrom(options.start ?? '2026-10', options.months ?? 1);
  const rowsPerMonth = options.rowsPerMonth ?? 10_000;
  const rowsPerFile = options.rowsPerFile ?? 500_000;
  const payerAccountId = options.payerAccountId ?? DEFAULT_PAYER;
  if (!/^\d{12}$/.test(payerAccountId)) throw new Error(`Invalid payer account id ${payerAccountId} (12 digits)`);
  if (!(rowsPerMonth > 0) || !(rowsPerFile > 0) || months.length === 0) throw new Error('rows, rows per file and months must be positive');
  const first = months[0] as Month;
  const last = months[months.length - 1] as Month;
  const accountList = Array.isArray(options.accounts)
    ? options.accounts
    : syntheticAccounts(options.accounts ?? 6, seed, first.startMs, last.startMs);
  const world = buildWorld({
    seed,
    payerAccountId,
    accounts: accountList,
    rowsPerMonth,
    firstMonthStartMs: first.startMs,
    firstMonthEndMs: first.endMs,
  });
  const accountNames = new Map(world.accounts.map((a) => [a.accountId, a.name]));
  const reportName = options.reportName ?? (format === 'cur2' ? 'daiko-cur2' : 'daiko-cur');
  const bucket = options.bucket ?? 'daiko-cur-bucket';
  const files: string[] = [];
  const summaries: MonthSummary[] = [];
  let totalRows = 0;

  const run = async (month: Month, restated: boolean, writer: LineWriter) => {
    let rows = 0;
    for (const row of monthLines({ world, month, restated })) {
      const wait = writer.add(row);
      if (wait) await wait;
      if (++rows % PROGRESS_EVERY === 0) options.onProgress?.({ billingPeriod: month.ym, rows });
    }
    const dataFiles = await writer.close();
    totalRows += writer.totals.result().rows;
    files.push(...dataFiles);
    return dataFiles;
  };
  const invoiceList = (month: Month, final: boolean) => {
    if (!final) return [];
    const ids = invoiceIdsFor(seed, month.ym);
    return [ids.aws, ids.marketplace];
  };

  for (const month of months) {
    const assemblies: AssemblySummary[] = [];
    if (format === 'cur') {
      const period = `${compact(month.startMs)}-${compact(month.endMs)}`;
      const periodDir = join(outDir, reportName, period);
      const reportId = createHash('sha256').update(`${payerAccountId}/${reportName}`).digest('hex');
      for (const restated of options.restate ? [false, true] : [false]) {
        const assemblyId = uuidFrom(seed, reportName, month.ym, restated ? 'restated' : 'initial');
        const assemblyDir = join(periodDir, assemblyId);
        rmSync(assemblyDir, { recursive: true, force: true });
        const writer = new LegacyCurWriter(assemblyDir, reportName, rowsPerFile);
        const dataFiles = await run(month, restated, writer);
        const manifest = {
          assemblyId,
          account: payerAccountId,
          columns: LEGACY_COLUMNS.map(([name, type]) => {
            const [category, column] = name.split('/') as [string, string];
            return { category, name: column, type };
          }),
          charset: 'UTF-8',
          compression: 'GZIP',
          contentType: 'text/csv',
          reportId,
          reportName,
          billingPeriod: { start: manifestTime(month.startMs), end: manifestTime(month.endMs) },
          bucket,
          reportKeys: dataFiles.map((f) => keyOf(outDir, f)),
          additionalArtifactKeys: [],
        };
        // AWS writes the manifest twice: in the assembly folder, and at the period's top (the latest).
        const manifestPath = join(periodDir, `${reportName}-Manifest.json`);
        writeFileSync(join(assemblyDir, `${reportName}-Manifest.json`), json(manifest));
        writeFileSync(manifestPath, json(manifest));
        files.push(join(assemblyDir, `${reportName}-Manifest.json`), manifestPath);
        assemblies.push({
          id: assemblyId,
          final: restated,
          invoiceIds: invoiceList(month, restated),
          manifest: manifestPath,
          dataFiles,
          totals: writer.totals.result(),
        });
      }
    } else if (format === 'cur2') {
      const restated = options.restate === true;
      const dataDir = join(outDir, reportName, 'data', `BILLING_PERIOD=${month.ym}`);
      const metadataDir = join(outDir, reportName, 'metadata', `BILLING_PERIOD=${month.ym}`);
      // A re-delivery replaces the period's files, as AWS does for CUR 2.0.
      rmSync(dataDir, { recursive: true, force: true });
      mkdirSync(dataDir, { recursive: true });
      mkdirSync(metadataDir, { recursive: true });
      const writer = new Cur2Writer(dataDir, reportName, rowsPerFile);
      const dataFiles = await run(month, restated, writer);
      const executionId = uuidFrom(seed, reportName, month.ym, restated ? 'restated' : 'initial');
      const manifestPath = join(metadataDir, `${reportName}-Manifest.json`);
      writeFileSync(
        manifestPath,
        json({
          executionId,
          exportName: reportName,
          exportArn: `arn:aws:bcm-data-exports:us-east-1:${payerAccountId}:export/${reportName}-${uuidFrom(seed, reportName, 'export')}`,
          bucket,
          reportFormat: 'Parquet',
          compression: 'SNAPPY',
          billingPeriod: { start: isoMs(month.startMs), end: isoMs(month.endMs) },
          dataFiles: dataFiles.map((f) => keyOf(outDir, f)),
          columns: cur2ColumnNames(),
        }),
      );
      files.push(manifestPath);
      assemblies.push({
        id: executionId,
        final: restated,
        invoiceIds: invoiceList(month, restated),
        manifest: manifestPath,
        dataFiles,
        totals: writer.totals.result(),
      });
    } else {
      const restated = options.restate === true;
      const dataDir = join(outDir, 'focus', `BILLING_PERIOD=${month.ym}`);
      rmSync(dataDir, { recursive: true, force: true });
      const writer = new FocusWriter(dataDir, rowsPerFile, accountNames);
      const dataFiles = await run(month, restated, writer);
      assemblies.push({
        id: null,
        final: restated,
        invoiceIds: invoiceList(month, restated),
        manifest: null,
        dataFiles,
        totals: writer.totals.result(),
      });
    }
    summaries.push({ billingPeriod: month.ym, assemblies, current: assemblies[assemblies.length - 1] as AssemblySummary });
  }

  const day = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : null);
  return {
    format,
    outDir,
    seed,
    payerAccountId,
    accounts: world.accounts.map((a) => ({ accountId: a.accountId, customer: a.customer, from: day(a.fromMs), to: day(a.toMs) })),
    files,
    months: summaries,
    rows: totalRows,
    elapsedMs: Math.round(performance.now() - began),
  };
}
