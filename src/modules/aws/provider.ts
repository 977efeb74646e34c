import type { Readable } from 'node:stream';
import { DomainError, notFound } from '../../platform/errors.ts';

/**
 * Everything Daiko asks of AWS, in Daiko's words. Two implementations: the real AWS SDK v3
 * (`sdk-provider.ts`, clients built only in `clients.ts`) and a simulated organization backed by the
 * database for the demo (`simulated-provider.ts`). Services depend on this interface only, and both
 * implementations raise the same errors below, so a service handles AWS's refusals one way.
 */
export interface AwsProvider {
  readonly kind: 'sdk' | 'simulated';
  costFiles: CostFileStore;
  organizations: OrganizationsGateway;
  roles: RoleAssumer;
  trustedAdvisor: TrustedAdvisorGateway;
}

/** `etag` without the quotes S3 puts around it. */
export type StoredObject = { key: string; size: number; etag: string | null; lastModified: Date | null };

/** Where the payer's Cost and Usage Reports are delivered (S3). */
export interface CostFileStore {
  /** Every object under the prefix (all pages), folder markers left out, in S3's key order. */
  list(bucket: string, prefix: string): Promise<StoredObject[]>;
  read(bucket: string, key: string): Promise<Readable>;
}

/** AWS Organizations' account `State` (the older `Status` is retired from September 2026). */
export type OrgAccountState = 'PENDING_ACTIVATION' | 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';
export type OrgAccount = { accountId: string; name: string; email: string; state: OrgAccountState };
export type CreateAccountStatus =
  | { state: 'IN_PROGRESS'; requestId: string }
  | { state: 'SUCCEEDED'; requestId: string; accountId: string }
  | { state: 'FAILED'; requestId: string; reason: string };

/** The reseller's AWS Organization (the payer). */
export interface OrganizationsGateway {
  listAccounts(): Promise<OrgAccount[]>;
  /** Starts the creation; AWS finishes it asynchronously, so poll `describeCreateAccount`. */
  createAccount(input: { name: string; email: string }): Promise<CreateAccountStatus>;
  describeCreateAccount(requestId: string): Promise<CreateAccountStatus>;
  closeAccount(accountId: string): Promise<void>;
}

export type TemporaryCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date };

/** STS AssumeRole into a customer's account through the role the customer created for Daiko. */
export interface RoleAssumer {
  assumeRole(input: { roleArn: string; externalId: string; sessionName: string }): Promise<TemporaryCredentials>;
  /** The AWS account Daiko itself signs in as (STS GetCallerIdentity): the principal customers' roles trust. */
  callerAccountId(): Promise<string>;
}

export type TrustedAdvisorCheck = {
  id: string;
  name: string;
  /** As AWS names it: cost_optimizing, security, fault_tolerance, performance, service_limits, ... */
  category: string;
  status: 'ok' | 'warning' | 'error' | 'not_available';
  flaggedResources: number;
};

/** One resource a check looked at, with the check's own columns (`TrustedAdvisorCheckResult.columns`). */
export type TrustedAdvisorResource = {
  resourceId: string;
  status: string;
  region: string | null;
  /** One value per column; null where AWS gives none. */
  values: (string | null)[];
};

export type TrustedAdvisorCheckResult = {
  checkId: string;
  name: string;
  description: string;
  category: string;
  status: TrustedAdvisorCheck['status'];
  /** The check's column names (its metadata), in the language asked for. */
  columns: string[];
  /** The flagged resources (suppressed ones left out). */
  resources: TrustedAdvisorResource[];
  /** When AWS last ran the check; null when it has not. */
  checkedAt: Date | null;
};

export interface TrustedAdvisorGateway {
  listChecks(credentials: TemporaryCredentials, language: 'ja' | 'en'): Promise<TrustedAdvisorCheck[]>;
  /** The check's flagged resources (DescribeTrustedAdvisorCheckResult); not found for an unknown check. */
  checkResult(credentials: TemporaryCredentials, checkId: string, language: 'ja' | 'en'): Promise<TrustedAdvisorCheckResult>;
}

const ROLE_ARN = /^arn:aws:iam::[0-9]{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** A role in a customer's account, as the customer pastes it into the portal. */
export function isRoleArn(value: string): boolean {
  return ROLE_ARN.test(value);
}

export const roleRefused = (roleArn: string, reason: string) =>
  new DomainError('aws_role_refused', `Daiko cannot assume ${roleArn}: ${reason}`, 422);

/** AWS Support (and so Trusted Advisor through the API) needs a Business plan or higher. */
export const supportPlanRequired = () =>
  new DomainError(
    'aws_support_plan_required',
    'Trusted Advisor is not available through the API on this account: it needs a Business support plan or higher',
    422,
  );

export const trustedAdvisorCheckNotFound = (checkId: string) => notFound(`Trusted Advisor check ${checkId}`);

export const accountNotInOrganization = (accountId: string) => notFound(`AWS account ${accountId} in the organization`);

export const accountAlreadyClosed = (accountId: string) =>
  new DomainError('aws_account_closed', `AWS account ${accountId} is already closed`, 409);

export const createAccountRequestNotFound = (requestId: string) => notFound(`Create-account request ${requestId}`);

export const costFileNotFound = (bucket: string, key: string) => notFound(`s3://${bucket}/${key}`);

export const bucketNotFound = (bucket: string) => notFound(`S3 bucket ${bucket}`);
