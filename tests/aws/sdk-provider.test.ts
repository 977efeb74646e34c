import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import {
  AccountAlreadyClosedException,
  AccountNotFoundException,
  CloseAccountCommand,
  CreateAccountCommand,
  CreateAccountStatusNotFoundException,
  DescribeCreateAccountStatusCommand,
  InvalidInputException,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetObjectCommand, ListObjectsV2Command, NoSuchBucket, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import {
  DescribeTrustedAdvisorCheckSummariesCommand,
  DescribeTrustedAdvisorChecksCommand,
  SupportClient,
  SupportServiceException,
} from '@aws-sdk/client-support';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../src/modules/aws/clients.ts';
import type { TemporaryCredentials } from '../../src/modules/aws/provider.ts';
import { SdkAwsProvider } from '../../src/modules/aws/sdk-provider.ts';

const s3 = mockClient(S3Client);
const organizations = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);
const support = mockClient(SupportClient);

const metadata = { $metadata: {} };
const roleArn = 'arn:aws:iam::123456789012:role/DaikoTrustedAdvisor';
const credentials: TemporaryCredentials = {
  accessKeyId: 'ASIAEXAMPLE000000001',
  secretAccessKey: 'secret',
  sessionToken: 'token',
  expiration: new Date('2026-11-22T10:00:00Z'),
};

let provider: SdkAwsProvider;

beforeEach(() => {
  provider = new SdkAwsProvider(createAwsClients({ region: 'ap-northeast-1', provider: 'sdk', endpoint: undefined }));
});

afterEach(() => {
  s3.reset();
  organizations.reset();
  sts.reset();
  support.reset();
});

describe('cost files in S3', () => {
  it('lists every page under the prefix, passing the continuation token, without folder markers', async () => {
    const modified = new Date('2026-11-02T03:00:00Z');
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined })
      .resolves({
        Contents: [
          { Key: 'cur/daiko/', Size: 0 },
          { Key: 'cur/daiko/20261101-20261201/daiko-00001.csv.gz', Size: 1200, ETag: '"aa11"', LastModified: modified },
        ],
        IsTruncated: true,
        NextContinuationToken: 'page-2',
      })
      .on(ListObjectsV2Command, { ContinuationToken: 'page-2' })
      .resolves({
        Contents: [{ Key: 'cur/daiko/20261101-20261201/daiko-00002.csv.gz', Size: 800, ETag: '"bb22"', LastModified: modified }],
        IsTruncated: false,
      });

    const objects = await provider.costFiles.list('payer-cur', 'cur/daiko/');

    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'payer-cur', Prefix: 'cur/daiko/', ContinuationToken: undefined },
      { Bucket: 'payer-cur', Prefix: 'cur/daiko/', ContinuationToken: 'page-2' },
    ]);
    expect(objects).toEqual([
      { key: 'cur/daiko/20261101-20261201/daiko-00001.csv.gz', size: 1200, etag: 'aa11', lastModified: modified },
      { key: 'cur/daiko/20261101-20261201/daiko-00002.csv.gz', size: 800, etag: 'bb22', lastModified: modified },
    ]);
  });

  it('reports a missing bucket as not found', async () => {
    s3.on(ListObjectsV2Command).rejects(new NoSuchBucket({ message: 'The specified bucket does not exist', ...metadata }));
    await expect(provider.costFiles.list('nope', '')).rejects.toMatchObject({ code: 'not_found', status: 404 });
  });

  it('reads an object as a Node stream', async () => {
    s3.on(GetObjectCommand, { Bucket: 'payer-cur', Key: 'cur/a.csv' }).resolves({
      Body: Readable.from([Buffer.from('identity/LineItemId\n')]) as never,
    });
    const stream = await provider.costFiles.read('payer-cur', 'cur/a.csv');
    expect(await text(stream)).toBe('identity/LineItemId\n');
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
  });

  it('reports a missing key as not found, naming the object', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', ...metadata }));
    await expect(provider.costFiles.read('payer-cur', 'cur/gone.csv')).rejects.toMatchObject({
      code: 'not_found',
      message: 's3://payer-cur/cur/gone.csv not found',
    });
  });
});

describe('the organization', () => {
  it('lists every page of accounts, reading State', async () => {
    organizations
      .on(ListAccountsCommand, { NextToken: undefined })
      .resolves({
        Accounts: [{ Id: '111111111111', Name: 'payer', Email: 'aws@reseller.example', State: 'ACTIVE', Status: 'ACTIVE' }],
        NextToken: 'next',
      })
      .on(ListAccountsCommand, { NextToken: 'next' })
      .resolves({ Accounts: [{ Id: '222222222222', Name: 'acme-prod', Email: 'aws+acme@reseller.example', State: 'CLOSED' }] });

    const accounts = await provider.organizations.listAccounts();

    expect(organizations.commandCalls(ListAccountsCommand).map((c) => c.args[0].input)).toEqual([
      { NextToken: undefined },
      { NextToken: 'next' },
    ]);
    expect(accounts).toEqual([
      { accountId: '111111111111', name: 'payer', email: 'aws@reseller.example', state: 'ACTIVE' },
      { accountId: '222222222222', name: 'acme-prod', email: 'aws+acme@reseller.example', state: 'CLOSED' },
    ]);
  });

  it('creates an account and follows its status', async () => {
    organizations
      .on(CreateAccountCommand)
      .resolves({ CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS', AccountName: 'acme-prod' } })
      .on(DescribeCreateAccountStatusCommand)
      .resolvesOnce({ CreateAccountStatus: { Id: 'car-1', State: 'SUCCEEDED', AccountId: '333333333333' } })
      .resolvesOnce({ CreateAccountStatus: { Id: 'car-2', State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' } });

    expect(await provider.organizations.createAccount({ name: 'acme-prod', email: 'aws+acme@reseller.example' })).toEqual({
      state: 'IN_PROGRESS',
      requestId: 'car-1',
    });
    expect(await provider.organizations.describeCreateAccount('car-1')).toEqual({
      state: 'SUCCEEDED',
      requestId: 'car-1',
      accountId: '333333333333',
    });
    expect(await provider.organizations.describeCreateAccount('car-2')).toEqual({
      state: 'FAILED',
      requestId: 'car-2',
      reason: 'EMAIL_ALREADY_EXISTS',
    });
    expect(organizations.commandCalls(CreateAccountCommand).map((c) => c.args[0].input)).toEqual([
      { AccountName: 'acme-prod', Email: 'aws+acme@reseller.example' },
    ]);
    expect(organizations.commandCalls(DescribeCreateAccountStatusCommand).map((c) => c.args[0].input)).toEqual([
      { CreateAccountRequestId: 'car-1' },
      { CreateAccountRequestId: 'car-2' },
    ]);
  });

  it('turns AWS refusals into the provider errors', async () => {
    organizations
      .on(CreateAccountCommand)
      .rejects(new InvalidInputException({ message: 'Invalid email', ...metadata }))
      .on(DescribeCreateAccountStatusCommand)
      .rejects(new CreateAccountStatusNotFoundException({ message: 'not found', ...metadata }))
      .on(CloseAccountCommand, { AccountId: '444444444444' })
      .rejects(new AccountNotFoundException({ message: 'not found', ...metadata }))
      .on(CloseAccountCommand, { AccountId: '555555555555' })
      .rejects(new AccountAlreadyClosedException({ message: 'closed', ...metadata }));

    await expect(provider.organizations.createAccount({ name: 'x', email: 'bad' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(provider.organizations.describeCreateAccount('car-x')).rejects.toMatchObject({ code: 'not_found' });
    await expect(provider.organizations.closeAccount('444444444444')).rejects.toMatchObject({ code: 'not_found' });
    await expect(provider.organizations.closeAccount('555555555555')).rejects.toMatchObject({ code: 'aws_account_closed' });
  });

  it('closes an account', async () => {
    organizations.on(CloseAccountCommand).resolves({});
    await provider.organizations.closeAccount('666666666666');
    expect(organizations.commandCalls(CloseAccountCommand).map((c) => c.args[0].input)).toEqual([{ AccountId: '666666666666' }]);
  });
});

describe('assuming a customer role', () => {
  it('sends the external ID and returns the temporary credentials', async () => {
    const expiration = new Date('2026-11-22T10:00:00Z');
    sts.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'ASIA1', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: expiration },
    });

    const result = await provider.roles.assumeRole({ roleArn, externalId: 'daiko-ext-42', sessionName: 'daiko-trusted-advisor' });

    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
      { RoleArn: roleArn, RoleSessionName: 'daiko-trusted-advisor', ExternalId: 'daiko-ext-42' },
    ]);
    expect(result).toEqual({ accessKeyId: 'ASIA1', secretAccessKey: 'secret', sessionToken: 'token', expiration });
  });

  it('refuses a malformed role ARN without calling AWS', async () => {
    await expect(
      provider.roles.assumeRole({ roleArn: 'arn:aws:iam::12345:role/x', externalId: 'e', sessionName: 's' }),
    ).rejects.toMatchObject({ code: 'aws_role_refused' });
    expect(sts.calls()).toHaveLength(0);
  });

  it('reports access denied (wrong trust policy or external ID) as a refusal', async () => {
    sts.on(AssumeRoleCommand).rejects(new STSServiceException({ name: 'AccessDenied', $fault: 'client', message: 'denied', ...metadata }));
    await expect(provider.roles.assumeRole({ roleArn, externalId: 'wrong', sessionName: 's' })).rejects.toMatchObject({
      code: 'aws_role_refused',
    });
  });
});

describe('Trusted Advisor', () => {
  it('asks for checks in the language, then their summaries, signed with the assumed credentials', async () => {
    support
      .on(DescribeTrustedAdvisorChecksCommand)
      .resolves({
        checks: [
          { id: 'Qch7DwouX1', name: '使用率の低い Amazon EC2 インスタンス', category: 'cost_optimizing', description: '', metadata: [] },
          { id: '7DAFEmoDos', name: 'ルートアカウントの MFA', category: 'security', description: '', metadata: [] },
          { id: 'jL7PP0l7J9', name: 'VPC', category: 'service_limits', description: '', metadata: [] },
        ],
      })
      .on(DescribeTrustedAdvisorCheckSummariesCommand)
      .resolves({
        summaries: [
          {
            checkId: 'Qch7DwouX1',
            timestamp: '2026-11-22T00:00:00Z',
            status: 'warning',
            resourcesSummary: { resourcesProcessed: 10, resourcesFlagged: 3, resourcesIgnored: 0, resourcesSuppressed: 0 },
            categorySpecificSummary: {},
          },
          {
            checkId: '7DAFEmoDos',
            timestamp: '2026-11-22T00:00:00Z',
            status: 'error',
            resourcesSummary: { resourcesProcessed: 1, resourcesFlagged: 1, resourcesIgnored: 0, resourcesSuppressed: 0 },
            categorySpecificSummary: {},
          },
        ],
      });

    const checks = await provider.trustedAdvisor.listChecks(credentials, 'ja');

    expect(support.commandCalls(DescribeTrustedAdvisorChecksCommand).map((c) => c.args[0].input)).toEqual([{ language: 'ja' }]);
    expect(support.commandCalls(DescribeTrustedAdvisorCheckSummariesCommand).map((c) => c.args[0].input)).toEqual([
      { checkIds: ['Qch7DwouX1', '7DAFEmoDos', 'jL7PP0l7J9'] },
    ]);
    const client = support.call(0).thisValue as SupportClient;
    expect(await client.config.credentials()).toMatchObject({
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    });
    expect(await client.config.region()).toBe('us-east-1');
    expect(checks).toEqual([
      {
        id: 'Qch7DwouX1',
        name: '使用率の低い Amazon EC2 インスタンス',
        category: 'cost_optimizing',
        status: 'warning',
        flaggedResources: 3,
      },
      { id: '7DAFEmoDos', name: 'ルートアカウントの MFA', category: 'security', status: 'error', flaggedResources: 1 },
      { id: 'jL7PP0l7J9', name: 'VPC', category: 'service_limits', status: 'not_available', flaggedResources: 0 },
    ]);
  });

  it('says the support plan is too small when AWS requires a subscription', async () => {
    support
      .on(DescribeTrustedAdvisorChecksCommand)
      .rejects(
        new SupportServiceException({
          name: 'SubscriptionRequiredException',
          $fault: 'client',
          message: 'AWS Premium Support Subscription is required',
          ...metadata,
        }),
      );
    await expect(provider.trustedAdvisor.listChecks(credentials, 'en')).rejects.toMatchObject({ code: 'aws_support_plan_required' });
  });
});
