import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as createSimulatedAwsTables } from '../../src/modules/aws/migrations/0006-simulated-aws.ts';
import { SimulatedAwsProvider, simulatedAccountId } from '../../src/modules/aws/simulated-provider.ts';
import type { AwsTables } from '../../src/modules/aws/tables.ts';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';

const now = new Date('2026-11-22T01:00:00Z');
let handle: DatabaseHandle;
let db: Kysely<AwsTables>;
let costFilesRoot: string;
let aws: SimulatedAwsProvider;

beforeAll(async () => {
  handle = await openDatabase({ databaseUrl: undefined, dataDir: 'unused' }, { inMemory: true });
  await migrateToLatest(handle.db);
  // Until 0006 is registered with the others; afterwards migrateToLatest has already run it.
  if (!(await simulatedTablesExist(handle))) await createSimulatedAwsTables(handle.db as unknown as Kysely<unknown>);
  db = handle.db.withTables<AwsTables>();
  costFilesRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'daiko-simulated-s3-'));
  aws = new SimulatedAwsProvider(db, { costFilesRoot, now: () => now });
});

afterAll(async () => {
  await handle?.close();
  fs.rmSync(costFilesRoot, { recursive: true, force: true });
});

async function simulatedTablesExist(h: DatabaseHandle): Promise<boolean> {
  const found = await h.db.introspection.getTables();
  return found.some((t) => t.name === 'simulated_org_accounts');
}

describe('the simulated organization', () => {
  it('creates an account: in progress first, succeeded with a 12-digit id on the next look, then listed', async () => {
    const started = await aws.organizations.createAccount({ name: 'acme-prod', email: 'aws+acme-prod@reseller.example' });
    expect(started).toEqual({ state: 'IN_PROGRESS', requestId: expect.stringMatching(/^car-[0-9a-f]{32}$/) });

    const done = await aws.organizations.describeCreateAccount(started.requestId);
    // The first account of a fresh database always gets the same id.
    expect(done).toEqual({ state: 'SUCCEEDED', requestId: started.requestId, accountId: '272215603334' });
    // Asking again gives the same answer.
    expect(await aws.organizations.describeCreateAccount(started.requestId)).toEqual(done);

    const accounts = await aws.organizations.listAccounts();
    expect(accounts).toContainEqual({
      accountId: done.state === 'SUCCEEDED' ? done.accountId : '',
      name: 'acme-prod',
      email: 'aws+acme-prod@reseller.example',
      state: 'ACTIVE',
    });
  });

  it('gives every new account a different 12-digit id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { requestId } = await aws.organizations.createAccount({ name: `batch-${i}`, email: `batch-${i}@reseller.example` });
      const status = await aws.organizations.describeCreateAccount(requestId);
      if (status.state !== 'SUCCEEDED') throw new Error(`expected success, got ${status.state}`);
      ids.add(status.accountId);
    }
    expect(ids.size).toBe(5);
    const many = Array.from({ length: 10_000 }, (_, i) => simulatedAccountId(BigInt(i + 1)));
    expect(new Set(many).size).toBe(many.length);
    expect(many.every((id) => /^[0-9]{12}$/.test(id))).toBe(true);
  });

  it('skips an id that the demo data already gave to an account', async () => {
    // One sequence number per request so far: the next request would be given this id.
    const { n } = await db
      .selectFrom('simulated_create_account_requests')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const nextId = simulatedAccountId(BigInt(n) + 1n);
    await db
      .insertInto('simulated_org_accounts')
      .values({ account_id: nextId, name: 'seeded', email: 'seeded@reseller.example' })
      .execute();

    const { requestId } = await aws.organizations.createAccount({ name: 'after-seed', email: 'after-seed@reseller.example' });
    const status = await aws.organizations.describeCreateAccount(requestId);
    expect(status.state).toBe('SUCCEEDED');
    expect(status.state === 'SUCCEEDED' && status.accountId).not.toBe(nextId);
  });

  it('fails a request whose root e-mail is already used, whatever its case', async () => {
    const { requestId } = await aws.organizations.createAccount({ name: 'dup', email: 'AWS+ACME-PROD@reseller.example' });
    expect(await aws.organizations.describeCreateAccount(requestId)).toEqual({
      state: 'FAILED',
      requestId,
      reason: 'EMAIL_ALREADY_EXISTS',
    });
    const accounts = await aws.organizations.listAccounts();
    expect(accounts.filter((a) => a.email.toLowerCase() === 'aws+acme-prod@reseller.example')).toHaveLength(1);
  });

  it('refuses what AWS refuses', async () => {
    await expect(aws.organizations.createAccount({ name: '', email: 'a@reseller.example' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(aws.organizations.createAccount({ name: 'x'.repeat(51), email: 'a@reseller.example' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(aws.organizations.createAccount({ name: 'ok', email: 'not-an-address' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(aws.organizations.describeCreateAccount('car-unknown')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('closes an account once', async () => {
    const { requestId } = await aws.organizations.createAccount({ name: 'to-close', email: 'to-close@reseller.example' });
    const status = await aws.organizations.describeCreateAccount(requestId);
    if (status.state !== 'SUCCEEDED') throw new Error(`expected success, got ${status.state}`);

    await aws.organizations.closeAccount(status.accountId);

    const closed = (await aws.organizations.listAccounts()).find((a) => a.accountId === status.accountId);
    expect(closed?.state).toBe('CLOSED');
    const row = await db
      .selectFrom('simulated_org_accounts')
      .select('closed_at')
      .where('account_id', '=', status.accountId)
      .executeTakeFirstOrThrow();
    expect(row.closed_at).toEqual(now);
    await expect(aws.organizations.closeAccount(status.accountId)).rejects.toMatchObject({ code: 'aws_account_closed' });
    await expect(aws.organizations.closeAccount('000000000000')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('the simulated CUR bucket', () => {
  const bucket = 'payer-cur';
  const files = {
    'cur/daiko/20261101-20261201/daiko-00002.csv.gz': 'second',
    'cur/daiko/20261101-20261201/daiko-00001.csv.gz': 'first file',
    'cur/daiko/daiko-Manifest.json': '{}',
    'other/readme.txt': 'not cost data',
  };

  beforeAll(() => {
    for (const [key, content] of Object.entries(files)) {
      const file = path.join(costFilesRoot, bucket, ...key.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  });

  it('lists the files under a prefix in key order with size and content ETag', async () => {
    const objects = await aws.costFiles.list(bucket, 'cur/daiko/');
    expect(objects.map((o) => o.key)).toEqual([
      'cur/daiko/20261101-20261201/daiko-00001.csv.gz',
      'cur/daiko/20261101-20261201/daiko-00002.csv.gz',
      'cur/daiko/daiko-Manifest.json',
    ]);
    expect(objects[0]).toMatchObject({
      size: 'first file'.length,
      etag: createHash('md5').update('first file').digest('hex'),
      lastModified: expect.any(Date),
    });
  });

  it('reads a file', async () => {
    expect(await text(await aws.costFiles.read(bucket, 'cur/daiko/20261101-20261201/daiko-00002.csv.gz'))).toBe('second');
  });

  it('reports missing buckets and keys as not found, and never leaves the bucket folder', async () => {
    await expect(aws.costFiles.list('no-such-bucket', '')).rejects.toMatchObject({ code: 'not_found' });
    await expect(aws.costFiles.read(bucket, 'cur/missing.csv')).rejects.toMatchObject({
      code: 'not_found',
      message: 's3://payer-cur/cur/missing.csv not found',
    });
    await expect(aws.costFiles.read(bucket, 'cur/daiko')).rejects.toMatchObject({ code: 'not_found' });
    fs.writeFileSync(path.join(costFilesRoot, 'secret.txt'), 'outside');
    await expect(aws.costFiles.read(bucket, '../secret.txt')).rejects.toMatchObject({ code: 'not_found' });
    await expect(aws.costFiles.list('..', '')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('simulated role assumption and Trusted Advisor', () => {
  it('returns credentials for a well-formed role ARN, valid for an hour', async () => {
    const credentials = await aws.roles.assumeRole({
      roleArn: 'arn:aws:iam::123456789012:role/daiko/DaikoTrustedAdvisor',
      externalId: 'daiko-ext-42',
      sessionName: 'daiko',
    });
    expect(credentials.accessKeyId).toMatch(/^ASIA[0-9A-F]{16}$/);
    expect(credentials.secretAccessKey).not.toBe('');
    expect(credentials.sessionToken).not.toBe('');
    expect(credentials.expiration).toEqual(new Date(now.getTime() + 3_600_000));
  });

  it.each([
    ['arn:aws:iam::12345678901:role/Daiko', 'daiko-ext-42'],
    ['arn:aws:iam::123456789012:user/Daiko', 'daiko-ext-42'],
    ['arn:aws:s3:::123456789012', 'daiko-ext-42'],
    ['arn:aws:iam::123456789012:role/Daiko', ''],
  ])('refuses %s with external ID "%s"', async (roleArn, externalId) => {
    await expect(aws.roles.assumeRole({ roleArn, externalId, sessionName: 'daiko' })).rejects.toMatchObject({
      code: 'aws_role_refused',
    });
  });

  it('answers with checks in every category, named in the requested language', async () => {
    const credentials = await aws.roles.assumeRole({
      roleArn: 'arn:aws:iam::123456789012:role/Daiko',
      externalId: 'x',
      sessionName: 'daiko',
    });
    const ja = await aws.trustedAdvisor.listChecks(credentials, 'ja');
    const en = await aws.trustedAdvisor.listChecks(credentials, 'en');

    expect(new Set(ja.map((c) => c.category))).toEqual(
      new Set(['cost_optimizing', 'security', 'fault_tolerance', 'performance', 'service_limits']),
    );
    expect(ja.map((c) => c.id)).toEqual(en.map((c) => c.id));
    expect(ja.find((c) => c.id === '7DAFEmoDos')).toEqual({
      id: '7DAFEmoDos',
      name: 'ルートアカウントの MFA',
      category: 'security',
      status: 'error',
      flaggedResources: 1,
    });
    expect(en.find((c) => c.id === '7DAFEmoDos')?.name).toBe('MFA on Root Account');
    for (const check of ja) expect(check.flaggedResources > 0).toBe(check.status === 'warning' || check.status === 'error');
  });
});
