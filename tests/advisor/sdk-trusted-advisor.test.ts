import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  DescribeTrustedAdvisorCheckResultCommand,
  DescribeTrustedAdvisorChecksCommand,
  SupportClient,
  SupportServiceException,
} from '@aws-sdk/client-support';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../src/modules/aws/clients.ts';
import type { TemporaryCredentials } from '../../src/modules/aws/provider.ts';
import { SdkAwsProvider } from '../../src/modules/aws/sdk-provider.ts';

const sts = mockClient(STSClient);
const support = mockClient(SupportClient);
const metadata = { $metadata: {} };
const credentials: TemporaryCredentials = {
  accessKeyId: 'ASIAEXAMPLE000000001',
  secretAccessKey: 'secret',
  sessionToken: 'token',
  expiration: new Date('2026-11-22T10:00:00Z'),
};
const provider = () => new SdkAwsProvider(createAwsClients({ region: 'ap-northeast-1', provider: 'sdk', endpoint: undefined }));

afterEach(() => {
  sts.reset();
  support.reset();
});

describe('Daiko’s own account (the principal customers trust)', () => {
  it('is the account of GetCallerIdentity', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '111122223333', Arn: 'arn:aws:sts::111122223333:assumed-role/daiko/i-1', UserId: 'x' });
    expect(await provider().roles.callerAccountId()).toBe('111122223333');
  });
});

describe('a Trusted Advisor check’s flagged resources', () => {
  const check = {
    id: 'HCP4007jGY',
    name: 'セキュリティグループ - 特定ポートへの無制限アクセス',
    description: '0.0.0.0/0 を許可しているセキュリティグループ',
    category: 'security',
    metadata: ['リージョン', 'セキュリティグループ名', 'セキュリティグループ ID', 'プロトコル', 'ポート'],
  };

  it('names the columns from the check and leaves out suppressed and ok resources', async () => {
    support
      .on(DescribeTrustedAdvisorChecksCommand)
      .resolves({ checks: [{ id: 'Qch7DwouX1', name: 'EC2', description: '', category: 'cost_optimizing', metadata: [] }, check] })
      .on(DescribeTrustedAdvisorCheckResultCommand)
      .resolves({
        result: {
          checkId: 'HCP4007jGY',
          timestamp: '2026-11-22T03:00:00Z',
          status: 'warning',
          resourcesSummary: { resourcesProcessed: 12, resourcesFlagged: 3, resourcesIgnored: 0, resourcesSuppressed: 1 },
          categorySpecificSummary: {},
          flaggedResources: [
            {
              resourceId: 'r1',
              status: 'warning',
              region: 'ap-northeast-1',
              isSuppressed: false,
              metadata: ['ap-northeast-1', 'bastion-sg', 'sg-1', 'tcp', '22'],
            },
            {
              resourceId: 'r2',
              status: 'warning',
              region: 'ap-northeast-1',
              isSuppressed: true,
              metadata: ['ap-northeast-1', 'muted-sg', 'sg-2', 'tcp', '22'],
            },
            {
              resourceId: 'r3',
              status: 'ok',
              region: 'ap-northeast-1',
              isSuppressed: false,
              metadata: ['ap-northeast-1', 'fine-sg', 'sg-3', 'tcp', '443'],
            },
            {
              resourceId: 'r4',
              status: 'error',
              isSuppressed: false,
              metadata: ['global', 'legacy', undefined as unknown as string, 'tcp', '3389'],
            },
          ],
        },
      });

    const result = await provider().trustedAdvisor.checkResult(credentials, 'HCP4007jGY', 'ja');

    expect(support.commandCalls(DescribeTrustedAdvisorChecksCommand).map((c) => c.args[0].input)).toEqual([{ language: 'ja' }]);
    expect(support.commandCalls(DescribeTrustedAdvisorCheckResultCommand).map((c) => c.args[0].input)).toEqual([
      { checkId: 'HCP4007jGY', language: 'ja' },
    ]);
    const client = support.call(0).thisValue as SupportClient;
    expect(await client.config.region()).toBe('us-east-1');
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: credentials.accessKeyId, sessionToken: 'token' });
    expect(result).toEqual({
      checkId: 'HCP4007jGY',
      name: check.name,
      description: check.description,
      category: 'security',
      status: 'warning',
      columns: check.metadata,
      resources: [
        { resourceId: 'r1', status: 'warning', region: 'ap-northeast-1', values: ['ap-northeast-1', 'bastion-sg', 'sg-1', 'tcp', '22'] },
        { resourceId: 'r4', status: 'error', region: null, values: ['global', 'legacy', null, 'tcp', '3389'] },
      ],
      checkedAt: new Date('2026-11-22T03:00:00Z'),
    });
  });

  it('says an unknown check is not found, without asking for its result', async () => {
    support.on(DescribeTrustedAdvisorChecksCommand).resolves({ checks: [check] });
    await expect(provider().trustedAdvisor.checkResult(credentials, 'nope', 'en')).rejects.toMatchObject({ code: 'not_found' });
    expect(support.commandCalls(DescribeTrustedAdvisorCheckResultCommand)).toHaveLength(0);
  });

  it('says the support plan is too small when AWS requires a subscription', async () => {
    support.on(DescribeTrustedAdvisorChecksCommand).rejects(
      new SupportServiceException({
        name: 'SubscriptionRequiredException',
        $fault: 'client',
        message: 'AWS Premium Support Subscription is required',
        ...metadata,
      }),
    );
    await expect(provider().trustedAdvisor.checkResult(credentials, 'HCP4007jGY', 'en')).rejects.toMatchObject({
      code: 'aws_support_plan_required',
      status: 422,
    });
  });
});
