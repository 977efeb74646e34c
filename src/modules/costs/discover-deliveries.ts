import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CostFileError, type Delivery } from './aggregator.ts';
import type { CostFormat } from './line-model.ts';
import { detectFormat } from './readers/detect-format.ts';
import { readFileHeader } from './readers/file-header.ts';

type LocalFile = { path: string; rel: string; mtimeMs: number };

const LEGACY_PERIOD_DIR = /^(\d{4})(\d{2})\d{2}-\d{8}$/;
const CUR2_PERIOD_DIR = /^BILLING_PERIOD=(\d{4})-(\d{2})$/;
const MANIFEST = /-Manifest\.json$/;
/** Which files may be report data (the format itself comes from the header, never from the name). */
const DATA_FILE = /\.(csv|csv\.gz|gz|parquet)$/i;

/** `20261001T000000.000Z`, `2026-10-01T00:00:00Z`, `2026-10` → `2026-10`. */
function periodOf(value: unknown): string | null {
  const match = typeof value === 'string' ? /^(\d{4})-?(\d{2})/.exec(value) : null;
  return match ? `${match[1]}-${match[2]}` : null;
}

function periodFromPath(rel: string): string | null {
  for (const segment of rel.split('/')) {
    const match = LEGACY_PERIOD_DIR.exec(segment) ?? CUR2_PERIOD_DIR.exec(segment);
    if (match) return `${match[1]}-${match[2]}`;
  }
  return null;
}

async function walk(root: string): Promise<LocalFile[]> {
  const files: LocalFile[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (entry.isFile()) {
        files.push({ path, rel: relative(root, path).split(sep).join('/'), mtimeMs: (await stat(path)).mtimeMs });
      }
    }
  };
  await visit(root);
  return files.sort((a, b) => a.rel.localeCompare(b.rel));
}

/**
 * The local file a manifest key names. Keys are relative to the bucket (or full `s3://` URIs) while the
 * local root may sit below or above the bucket, so a key matches a file when one path ends with the
 * other at a `/` boundary.
 */
function resolveKey(key: string, files: LocalFile[], manifest: LocalFile): LocalFile {
  const bare = key.replace(/^s3:\/\/[^/]+\//, '').replace(/^\/+/, '');
  const matches = files.filter((f) => bare === f.rel || bare.endsWith(`/${f.rel}`) || f.rel.endsWith(`/${bare}`));
  const best = matches.sort((a, b) => b.rel.length - a.rel.length)[0];
  if (!best) throw new CostFileError(manifest.rel, `data file ${key} named by the manifest is not under the directory`);
  return best;
}

async function readManifest(file: LocalFile): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file.path, 'utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch (error) {
    throw new CostFileError(file.rel, `unreadable manifest: ${(error as Error).message}`);
  }
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * Finds the cost report deliveries under a directory, laid out as AWS writes them under a prefix, or
 * the one delivery of a single file:
 * - legacy CUR: a period manifest `<report>/<YYYYMMDD-YYYYMMDD>/<report>-Manifest.json` names the
 *   newest assembly's files (`reportKeys`); other assemblies of that period are ignored;
 * - CUR 2.0: `<export>/metadata/BILLING_PERIOD=YYYY-MM/…-Manifest.json` names the `dataFiles`; the
 *   files under `<export>/data/BILLING_PERIOD=YYYY-MM/` are the delivery only through it;
 * - anything else (no manifest, FOCUS exports, loose files): data files grouped by directory. Where
 *   a legacy period directory holds several assembly directories and no manifest says which is
 *   newest, the one written last (file mtime) is taken, as AWS writes the newest last.
 * The format of every delivery comes from its files' headers.
 */
export async function discoverDeliveries(rootDir: string): Promise<Delivery[]> {
  let duck: { instance: DuckDBInstance; conn: DuckDBConnection } | undefined;
  const connect = async () => {
    if (!duck) {
      const instance = await DuckDBInstance.create(':memory:', {
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
      });
      duck = { instance, conn: await instance.connect() };
    }
    return duck.conn;
  };
  const formatOf = async (files: { path: string; displayName: string }[]): Promise<CostFormat> => {
    let format: CostFormat | undefined;
    for (const file of files) {
      const header = await readFileHeader(file.path, file.displayName, connect);
      const detected = detectFormat(
        header.columns.map((c) => c.name),
        file.displayName,
      );
      if (format && detected !== format) {
        throw new CostFileError(file.displayName, `header is ${detected}, but the other files of its delivery are ${format}`);
      }
      format = detected;
    }
    return format as CostFormat;
  };

  try {
    const root = await stat(rootDir);
    if (root.isFile()) {
      const files = [{ path: rootDir, displayName: basename(rootDir) }];
      return [{ format: await formatOf(files), files, assemblyId: null, billingPeriod: null }];
    }
    const all = await walk(rootDir);
    const claimed = new Set<string>();
    const deliveries: Delivery[] = [];
    const toDelivery = (f: LocalFile) => ({ path: f.path, displayName: f.rel });

    // Legacy CUR period manifests.
    for (const manifest of all.filter((f) => MANIFEST.test(f.rel) && LEGACY_PERIOD_DIR.test(basename(dirname(f.path))))) {
      const json = await readManifest(manifest);
      if (!Array.isArray(json.reportKeys) || typeof json.assemblyId !== 'string') continue;
      const periodDir = dirname(manifest.rel);
      for (const f of all) if (f.rel.startsWith(`${periodDir}/`)) claimed.add(f.rel);
      const keys = strings(json.reportKeys);
      if (keys.length === 0) continue;
      const files = keys.map((key) => toDelivery(resolveKey(key, all, manifest)));
      const billing = json.billingPeriod as Record<string, unknown> | undefined;
      deliveries.push({
        format: await formatOf(files),
        files,
        assemblyId: json.assemblyId,
        billingPeriod: periodOf(billing?.start) ?? periodFromPath(manifest.rel),
      });
    }

    // CUR 2.0 (Data Exports) manifests: the newest per export and period.
    const newest = new Map<string, LocalFile>();
    for (const manifest of all.filter((f) => MANIFEST.test(f.rel) && /(^|\/)metadata\/BILLING_PERIOD=/.test(f.rel))) {
      const [exportDir, rest] = manifest.rel.split(/\/?metadata\//, 2) as [string, string];
      const period = CUR2_PERIOD_DIR.exec(rest.split('/')[0] ?? '');
      if (!period) continue;
      const key = `${exportDir}\n${period[0]}`;
      const known = newest.get(key);
      if (!known || known.mtimeMs < manifest.mtimeMs) newest.set(key, manifest);
    }
    for (const [key, manifest] of newest) {
      const [exportDir, periodDir] = key.split('\n') as [string, string];
      const json = await readManifest(manifest);
      if (!Array.isArray(json.dataFiles)) continue;
      const prefix = exportDir === '' ? '' : `${exportDir}/`;
      for (const f of all) {
        if (f.rel.startsWith(`${prefix}data/${periodDir}/`) || f.rel.startsWith(`${prefix}metadata/${periodDir}/`)) claimed.add(f.rel);
      }
      const keys = strings(json.dataFiles);
      if (keys.length === 0) continue;
      const files = keys.map((k) => toDelivery(resolveKey(k, all, manifest)));
      const billing = json.billingPeriod as Record<string, unknown> | undefined;
      deliveries.push({
        format: await formatOf(files),
        files,
        assemblyId: typeof json.executionId === 'string' ? json.executionId : null,
        billingPeriod: periodOf(billing?.start) ?? periodFromPath(manifest.rel),
      });
    }

    // Loose data files, by directory (a CUR 2.0 period directory counts as one, whatever lies below it).
    const groups = new Map<string, LocalFile[]>();
    for (const f of all) {
      if (claimed.has(f.rel) || MANIFEST.test(f.rel) || !DATA_FILE.test(f.rel)) continue;
      const cur2Period = /^(.*?(?:^|\/)BILLING_PERIOD=\d{4}-\d{2})\//.exec(f.rel);
      const group = cur2Period ? (cur2Period[1] as string) : dirname(f.rel);
      groups.set(group, [...(groups.get(group) ?? []), f]);
    }
    const newestAssembly = new Map<string, { group: string; mtimeMs: number }>();
    for (const [group, files] of groups) {
      const parent = dirname(group);
      if (!LEGACY_PERIOD_DIR.test(basename(parent))) continue;
      const mtimeMs = Math.max(...files.map((f) => f.mtimeMs));
      const known = newestAssembly.get(parent);
      if (!known || known.mtimeMs < mtimeMs) newestAssembly.set(parent, { group, mtimeMs });
    }
    for (const [group, files] of groups) {
      const parent = dirname(group);
      if (newestAssembly.has(parent) && newestAssembly.get(parent)?.group !== group) continue;
      const entries = files.map(toDelivery);
      deliveries.push({
        format: await formatOf(entries),
        files: entries,
        assemblyId: null,
        billingPeriod: periodFromPath(`${group}/`),
      });
    }
    return deliveries.sort(
      (a, b) =>
        (a.billingPeriod ?? '').localeCompare(b.billingPeriod ?? '') ||
        (a.files[0]?.displayName ?? '').localeCompare(b.files[0]?.displayName ?? ''),
    );
  } finally {
    duck?.conn.closeSync();
    duck?.instance.closeSync();
  }
}
