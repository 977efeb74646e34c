import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { AppContext } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import type { Delivery } from './aggregator.ts';
import { discoverDeliveries } from './discover-deliveries.ts';

export type CostSource = { kind: 'local'; path: string } | { kind: 's3'; bucket: string; prefix: string };

/** `s3://bucket/prefix` or a local file or directory. */
export function parseCostSource(source: string): CostSource {
  const s3 = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(source.trim());
  if (s3) return { kind: 's3', bucket: s3[1]!, prefix: s3[2] ?? '' };
  if (source.startsWith('s3://')) throw invalid(`Not a valid S3 location: ${source} (expected s3://bucket/prefix)`);
  return { kind: 'local', path: path.resolve(source) };
}

const REPORT_FILE = /\.(csv|csv\.gz|parquet)$/i;
const MANIFEST = /Manifest\.json$/;

/**
 * The deliveries found at a source. A local path is searched recursively as AWS lays reports out; an
 * S3 prefix is read manifest-first: when manifests exist only the files they name are downloaded
 * (older assemblies are never fetched), otherwise every report file under the prefix. Downloads go
 * to a temporary folder that `cleanup` removes.
 */
export async function resolveCostSource(ctx: AppContext, source: CostSource): Promise<{ deliveries: Delivery[]; cleanup: () => Promise<void> }> {
  if (source.kind === 'local') {
    if (!fs.existsSync(source.path)) throw invalid(`No such file or directory: ${source.path}`);
    return { deliveries: await discoverDeliveries(source.path), cleanup: async () => {} };
  }
  const root = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'daiko-s3-'));
  const cleanup = () => fs.promises.rm(root, { recursive: true, force: true });
  try {
    const objects = await ctx.aws.costFiles.list(source.bucket, source.prefix);
    const manifests = objects.filter((o) => MANIFEST.test(o.key));
    let wanted: string[];
    if (manifests.length) {
      const named = new Set<string>();
      for (const manifest of manifests) {
        const local = await download(ctx, source.bucket, manifest.key, root);
        for (const key of keysNamedBy(JSON.parse(await fs.promises.readFile(local, 'utf8')), source.bucket)) named.add(key);
      }
      const present = new Set(objects.map((o) => o.key));
      const missing = [...named].filter((k) => !present.has(k));
      if (missing.length) throw invalid(`s3://${source.bucket}: a manifest names files that are not there: ${missing.slice(0, 5).join(', ')}`);
      wanted = [...named];
    } else {
      wanted = objects.filter((o) => REPORT_FILE.test(o.key)).map((o) => o.key);
    }
    if (wanted.length === 0) throw invalid(`No cost report files under s3://${source.bucket}/${source.prefix}`);
    for (const key of wanted) await download(ctx, source.bucket, key, root);
    const deliveries = (await discoverDeliveries(root)).map((d) => ({
      ...d,
      files: d.files.map((f) => ({ ...f, displayName: `s3://${source.bucket}/${path.relative(root, f.path)}` })),
    }));
    return { deliveries, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

// Legacy CUR manifests list `reportKeys`; CUR 2.0 manifests list `dataFiles` (as keys or s3:// URIs).
function keysNamedBy(manifest: { reportKeys?: unknown; dataFiles?: unknown }, bucket: string): string[] {
  const entries = [manifest.reportKeys, manifest.dataFiles].flatMap((v) => (Array.isArray(v) ? v : []));
  return entries
    .filter((e): e is string => typeof e === 'string')
    .map((e) => e.replace(new RegExp(`^s3://${bucket.replace(/\./g, '\\.')}/`), ''));
}

async function download(ctx: AppContext, bucket: string, key: string, root: string) {
  const target = path.join(root, key);
  if (!target.startsWith(root + path.sep)) throw invalid(`Refusing an S3 key outside the download folder: ${key}`);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  await pipeline(await ctx.aws.costFiles.read(bucket, key), fs.createWriteStream(target));
  return target;
}
