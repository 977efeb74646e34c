import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAwsProvider } from '../../src/modules/aws/create-aws-provider.ts';
import { ingestCostSource } from '../../src/modules/costs/ingest-cost-source.ts';
import { costSummary } from '../../src/modules/costs/cost-summary-presenter.ts';
import { createTestContext } from '../support/test-context.ts';

/**
 * The S3 source through the real AWS SDK against a real S3-compatible server (s3rver) on loopback:
 * manifest first, only the newest assembly's files fetched, then the same ingest as a local path.
 */
const REAL_CUR = path.resolve(import.meta.dirname, '../../../shared/data/external/legacy-cur-focus-converters-sample.csv');
const BUCKET = 'payer-cur';
let env: Awaited<ReturnType<typeof createTestContext>>;
let server: S3rver;
let endpoint: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiko-s3rver-'));

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  env = await createTestContext();
});
afterAll(async () => {
  await server.close();
  await env.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('ingests a legacy CUR delivery from S3, reading the manifest and only the newest assembly', async () => {
  const s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true });
  const put = (key: string, body: string | Buffer) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  const real = fs.readFileSync(REAL_CUR);
  const base = 'cur/daiko-report/20231101-20231201';
  // An older assembly with a broken file: it must never be fetched, since the manifest names the newer one.
  await put(`${base}/old-assembly/daiko-report-1.csv`, 'not,a,cost,report\n');
  await put(`${base}/new-assembly/daiko-report-1.csv`, real);
  await put(
    `${base}/daiko-report-Manifest.json`,
    JSON.stringify({
      assemblyId: 'new-assembly',
      reportName: 'daiko-report',
      compression: 'None',
      contentType: 'text/csv',
      bucket: BUCKET,
      billingPeriod: { start: '20231101T000000.000Z', end: '20231201T000000.000Z' },
      reportKeys: [`${base}/new-assembly/daiko-report-1.csv`],
    }),
  );

  const ctx = { ...env.ctx, aws: createAwsProvider({ ...env.ctx.config, aws: { region: 'us-east-1', provider: 'sdk', endpoint } }, env.ctx.db) };
  const caller = { actor: { kind: 'system' as const, label: 'test' }, ip: null };
  const [fromS3] = await ingestCostSource(ctx, caller, `s3://${BUCKET}/cur/`);
  expect(fromS3!.error).toBeNull();
  expect(fromS3!.status).toBe('succeeded');
  expect(fromS3!.rowsRead).toBe(1281);
  const ingestion = await env.ctx.db.selectFrom('cost_ingestions').selectAll().where('id', '=', fromS3!.ingestionId).executeTakeFirstOrThrow();
  expect(ingestion.files.map((f) => f.name)).toEqual([`s3://${BUCKET}/${base}/new-assembly/daiko-report-1.csv`]);
  expect(ingestion.assembly_id).toBe('new-assembly');
  const fromS3Summary = await costSummary(env.ctx, '2023-11');

  // The same file from a local path is the same delivery: same fingerprint, nothing changes.
  const local = fs.mkdtempSync(path.join(os.tmpdir(), 'daiko-local-'));
  fs.copyFileSync(REAL_CUR, path.join(local, 'report.csv'));
  const [fromDisk] = await ingestCostSource(env.ctx, caller, local);
  expect(fromDisk!.status).toBe('unchanged');
  expect(await costSummary(env.ctx, '2023-11')).toEqual(fromS3Summary);
  fs.rmSync(local, { recursive: true, force: true });
});
