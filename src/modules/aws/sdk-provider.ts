import { Readable } from 'node:stream';
import {
  CloseAccountCommand,
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListAccountsCommand,
  type CreateAccountStatus as SdkCreateAccountStatus,
} from '@aws-sdk/client-organizations';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  DescribeTrustedAdvisorCheckResultCommand,
  DescribeTrustedAdvisorCheckSummariesCommand,
  DescribeTrustedAdvisorChecksCommand,
} from '@aws-sdk/client-support';
import { invalid } from '../../platform/errors.ts';
import type { AwsClients } from './clients.ts';
import {
  accountAlreadyClosed,
  accountNotInOrganization,
  bucketNotFound,
  costFileNotFound,
  createAccountRequestNotFound,
  isRoleArn,
  roleRefused,
  supportPlanRequired,
  trustedAdvisorCheckNotFound,
  type AwsProvider,
  type CostFileStore,
  type CreateAccountStatus,
  type OrgAccount,
  type OrganizationsGateway,
  type RoleAssumer,
  type StoredObject,
  type TemporaryCredentials,
  type TrustedAdvisorCheck,
  type TrustedAdvisorCheckResult,
  type TrustedAdvisorGateway,
} from './provider.ts';

/** The real AWS, through the SDK v3 clients of `clients.ts`. */
export class SdkAwsProvider implements AwsProvider {
  readonly kind = 'sdk';
  readonly costFiles: CostFileStore;
  readonly organizations: OrganizationsGateway;
  readonly roles: RoleAssumer;
  readonly trustedAdvisor: TrustedAdvisorGateway;

  constructor(clients: AwsClients) {
    this.costFiles = new S3CostFileStore(clients);
    this.organizations = new SdkOrganizations(clients);
    this.roles = new StsRoleAssumer(clients);
    this.trustedAdvisor = new SupportTrustedAdvisor(clients);
  }
}

class S3CostFileStore implements CostFileStore {
  constructor(private readonly clients: AwsClients) {}

  async list(bucket: string, prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    // A fresh input per page: the SDK's paginators reuse one input object across requests.
    let continuationToken: string | undefined;
    try {
      do {
        const page = await this.clients.s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken }),
        );
        for (const o of page.Contents ?? []) {
          const key = required(o.Key, 'ListObjectsV2 Key');
          // Zero-byte "folders" made in the console are not files.
          if (key.endsWith('/')) continue;
          objects.push({
            key,
            size: o.Size ?? 0,
            etag: o.ETag ? o.ETag.replaceAll('"', '') : null,
            lastModified: o.LastModified ?? null,
          });
        }
        continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (continuationToken);
    } catch (error) {
      if (errorName(error) === 'NoSuchBucket') throw bucketNotFound(bucket);
      throw error;
    }
    return objects;
  }

  async read(bucket: string, key: string): Promise<Readable> {
    try {
      const { Body } = await this.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      // In Node the SDK hands back the HTTP response stream; anything else means a browser build slipped in.
      if (!(Body instanceof Readable)) throw new Error(`GetObject s3://${bucket}/${key} did not return a Node stream`);
      return Body;
    } catch (error) {
      if (errorName(error) === 'NoSuchKey') throw costFileNotFound(bucket, key);
      if (errorName(error) === 'NoSuchBucket') throw bucketNotFound(bucket);
      throw error;
    }
  }
}

class SdkOrganizations implements OrganizationsGateway {
  constructor(private readonly clients: AwsClients) {}

  async listAccounts(): Promise<OrgAccount[]> {
    const accounts: OrgAccount[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.clients.organizations.send(new ListAccountsCommand({ NextToken: nextToken }));
      for (const a of page.Accounts ?? []) {
        accounts.push({
          accountId: required(a.Id, 'ListAccounts Id'),
          name: a.Name ?? '',
          email: a.Email ?? '',
          // Status (retired September 2026) only until every response carries State.
          state: required(a.State ?? a.Status, 'ListAccounts State'),
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return accounts;
  }

  async createAccount(input: { name: string; email: string }): Promise<CreateAccountStatus> {
    try {
      const { CreateAccountStatus: status } = await this.clients.organizations.send(
        new CreateAccountCommand({ AccountName: input.name, Email: input.email }),
      );
      return toCreateAccountStatus(required(status, 'CreateAccount CreateAccountStatus'));
    } catch (error) {
      if (errorName(error) === 'InvalidInputException') throw invalid(errorMessage(error));
      throw error;
    }
  }

  async describeCreateAccount(requestId: string): Promise<CreateAccountStatus> {
    try {
      const { CreateAccountStatus: status } = await this.clients.organizations.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }),
      );
      return toCreateAccountStatus(required(status, 'DescribeCreateAccountStatus CreateAccountStatus'));
    } catch (error) {
      if (errorName(error) === 'CreateAccountStatusNotFoundException') throw createAccountRequestNotFound(requestId);
      throw error;
    }
  }

  async closeAccount(accountId: string): Promise<void> {
    try {
      await this.clients.organizations.send(new CloseAccountCommand({ AccountId: accountId }));
    } catch (error) {
      if (errorName(error) === 'AccountNotFoundException') throw accountNotInOrganization(accountId);
      if (errorName(error) === 'AccountAlreadyClosedException') throw accountAlreadyClosed(accountId);
      throw error;
    }
  }
}

function toCreateAccountStatus(status: SdkCreateAccountStatus): CreateAccountStatus {
  const requestId = required(status.Id, 'CreateAccountStatus Id');
  switch (status.State) {
    case 'SUCCEEDED':
      return { state: 'SUCCEEDED', requestId, accountId: required(status.AccountId, 'CreateAccountStatus AccountId') };
    case 'FAILED':
      return { state: 'FAILED', requestId, reason: status.FailureReason ?? 'UNKNOWN' };
    case 'IN_PROGRESS':
      return { state: 'IN_PROGRESS', requestId };
    default:
      throw new Error(`Unexpected create-account state ${String(status.State)} for ${requestId}`);
  }
}

class StsRoleAssumer implements RoleAssumer {
  constructor(private readonly clients: AwsClients) {}

  async assumeRole(input: { roleArn: string; externalId: string; sessionName: string }): Promise<TemporaryCredentials> {
    if (!isRoleArn(input.roleArn)) throw roleRefused(input.roleArn, 'not an IAM role ARN');
    try {
      const { Credentials: c } = await this.clients.sts.send(
        new AssumeRoleCommand({
          RoleArn: input.roleArn,
          RoleSessionName: input.sessionName,
          // The confused-deputy guard: the customer's trust policy requires the ID Daiko gave them.
          ExternalId: input.externalId,
        }),
      );
      const credentials = required(c, 'AssumeRole Credentials');
      return {
        accessKeyId: required(credentials.AccessKeyId, 'AssumeRole AccessKeyId'),
        secretAccessKey: required(credentials.SecretAccessKey, 'AssumeRole SecretAccessKey'),
        sessionToken: required(credentials.SessionToken, 'AssumeRole SessionToken'),
        expiration: required(credentials.Expiration, 'AssumeRole Expiration'),
      };
    } catch (error) {
      // AWS does not say which: no such role, a trust policy without Daiko, or a wrong external ID.
      if (errorName(error) === 'AccessDenied') {
        throw roleRefused(input.roleArn, 'access denied (check the role, its trust policy and the external ID)');
      }
      throw error;
    }
  }

  async callerAccountId(): Promise<string> {
    const { Account } = await this.clients.sts.send(new GetCallerIdentityCommand({}));
    return required(Account, 'GetCallerIdentity Account');
  }
}

const CHECK_STATUSES = new Set<TrustedAdvisorCheck['status']>(['ok', 'warning', 'error', 'not_available']);

class SupportTrustedAdvisor implements TrustedAdvisorGateway {
  constructor(private readonly clients: AwsClients) {}

  async listChecks(credentials: TemporaryCredentials, language: 'ja' | 'en'): Promise<TrustedAdvisorCheck[]> {
    const support = this.clients.supportFor(credentials);
    try {
      const { checks = [] } = await support.send(new DescribeTrustedAdvisorChecksCommand({ language }));
      if (checks.length === 0) return [];
      const checkIds = checks.map((c) => required(c.id, 'DescribeTrustedAdvisorChecks id'));
      const { summaries = [] } = await support.send(new DescribeTrustedAdvisorCheckSummariesCommand({ checkIds }));
      const summaryById = new Map(summaries.map((s) => [s.checkId, s]));
      return checks.map((check, i) => {
        const id = checkIds[i] as string;
        const summary = summaryById.get(id);
        const status = summary?.status as TrustedAdvisorCheck['status'] | undefined;
        return {
          id,
          name: check.name ?? '',
          category: check.category ?? '',
          // A check AWS has not run yet for this account has no summary.
          status: status && CHECK_STATUSES.has(status) ? status : 'not_available',
          flaggedResources: summary?.resourcesSummary?.resourcesFlagged ?? 0,
        };
      });
    } catch (error) {
      if (errorName(error) === 'SubscriptionRequiredException') throw supportPlanRequired();
      throw error;
    } finally {
      support.destroy();
    }
  }

  async checkResult(credentials: TemporaryCredentials, checkId: string, language: 'ja' | 'en'): Promise<TrustedAdvisorCheckResult> {
    const support = this.clients.supportFor(credentials);
    try {
      // The result carries values only; their column names are the check's metadata.
      const { checks = [] } = await support.send(new DescribeTrustedAdvisorChecksCommand({ language }));
      const check = checks.find((c) => c.id === checkId);
      if (!check) throw trustedAdvisorCheckNotFound(checkId);
      const { result } = await support.send(new DescribeTrustedAdvisorCheckResultCommand({ checkId, language }));
      const status = result?.status as TrustedAdvisorCheck['status'] | undefined;
      return {
        checkId,
        name: check.name ?? '',
        description: check.description ?? '',
        category: check.category ?? '',
        status: status && CHECK_STATUSES.has(status) ? status : 'not_available',
        columns: (check.metadata ?? []).map((m) => m ?? ''),
        resources: (result?.flaggedResources ?? [])
          .filter((r) => !r.isSuppressed && r.status !== 'ok')
          .map((r) => ({
            resourceId: r.resourceId ?? '',
            status: r.status ?? '',
            region: r.region ?? null,
            values: (r.metadata ?? []).map((v) => v ?? null),
          })),
        checkedAt: result?.timestamp ? new Date(result.timestamp) : null,
      };
    } catch (error) {
      if (errorName(error) === 'SubscriptionRequiredException') throw supportPlanRequired();
      // An id AWS does not know for this account.
      if (errorName(error) === 'InvalidParameterValueException') throw trustedAdvisorCheckNotFound(checkId);
      throw error;
    } finally {
      support.destroy();
    }
  }
}

function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`AWS response without ${what}`);
  return value;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
