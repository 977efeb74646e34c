import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients, createSupportClient } from '../../src/modules/aws/clients.ts';
import { createAwsProvider } from '../../src/modules/aws/create-aws-provider.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/database.ts';

const credentials = {
  accessKeyId: 'ASIAEXAMPLE000000001',
  secretAccessKey: 'secret',
  sessionToken: 'token',
  expiration: new Date('2026-11-22T10:00:00Z'),
};

describe('AWS clients', () => {
  it('use the configured region, with Organizations and Support in us-east-1', async () => {
    const clients = createAwsClients({ region: 'ap-northeast-1', provider: 'sdk', endpoint: undefined });
    expect(await clients.s3.config.region()).toBe('ap-northeast-1');
    expect(await clients.sts.config.region()).toBe('ap-northeast-1');
    expect(await clients.organizations.config.region()).toBe('us-east-1');
    expect(clients.s3.config.forcePathStyle).toBe(false);
    expect(clients.s3.config.followRegionRedirects).toBe(true);
    expect(clients.s3.config.endpoint).toBeUndefined();
  });

  it('all point at the override endpoint, S3 with path-style addressing', async () => {
    const aws = { region: 'ap-northeast-1', provider: 'sdk' as const, endpoint: 'http://127.0.0.1:4566' };
    const clients = createAwsClients(aws);
    const support = clients.supportFor(credentials);
    for (const client of [clients.s3, clients.organizations, clients.sts, support]) {
      const endpoint = await client.config.endpoint?.();
      expect(endpoint).toMatchObject({ hostname: '127.0.0.1', port: 4566, protocol: 'http:' });
    }
    expect(clients.s3.config.forcePathStyle).toBe(true);
  });

  it('sign Support in us-east-1 with the assumed role credentials', async () => {
    const support = createSupportClient({ region: 'ap-northeast-1', provider: 'sdk', endpoint: undefined }, credentials);
    expect(await support.config.region()).toBe('us-east-1');
    expect(await support.config.credentials()).toMatchObject({
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    });
  });
});

describe('createAwsProvider', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ databaseUrl: undefined, dataDir: 'unused' }, { inMemory: true });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('picks the provider named by DAIKO_AWS_PROVIDER', () => {
    const simulated = loadConfig({ DAIKO_AWS_PROVIDER: 'simulated' });
    const sdk = loadConfig({ DAIKO_AWS_PROVIDER: 'sdk' });
    expect(createAwsProvider(simulated, handle.db).kind).toBe('simulated');
    expect(createAwsProvider(sdk, handle.db).kind).toBe('sdk');
    expect(createAwsProvider(loadConfig({}), handle.db).kind).toBe('simulated');
  });
});
