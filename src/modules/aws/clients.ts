import { AthenaClient } from '@aws-sdk/client-athena';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { SupportClient } from '@aws-sdk/client-support';
import type { Config } from '../../platform/config.ts';
import type { TemporaryCredentials } from './provider.ts';

/** Organizations and the AWS Support API (Trusted Advisor) are global services served from us-east-1. */
const GLOBAL_SERVICES_REGION = 'us-east-1';

/**
 * The AWS SDK clients Daiko uses. The payer's own clients sign with the default credential chain
 * (environment, shared profile, instance or task role); Support signs in a customer's account with
 * credentials from an assumed role, so it is made per call.
 */
export type AwsClients = {
  s3: S3Client;
  organizations: OrganizationsClient;
  sts: STSClient;
  supportFor(credentials: TemporaryCredentials): SupportClient;
};

export function createAwsClients(aws: Config['aws']): AwsClients {
  const endpoint = endpointOverride(aws);
  return {
    s3: new S3Client({
      region: aws.region,
      ...endpoint,
      // S3 emulators answer on one host, not on <bucket>.<host>.
      forcePathStyle: aws.endpoint !== undefined,
      // The CUR bucket may live in another region than the one configured.
      followRegionRedirects: true,
    }),
    organizations: new OrganizationsClient({ region: GLOBAL_SERVICES_REGION, ...endpoint }),
    sts: new STSClient({ region: aws.region, ...endpoint }),
    supportFor: (credentials) => createSupportClient(aws, credentials),
  };
}

/** Support client signed with an assumed role's temporary credentials (Trusted Advisor of that account). */
export function createSupportClient(aws: Config['aws'], credentials: TemporaryCredentials): SupportClient {
  return new SupportClient({ region: GLOBAL_SERVICES_REGION, ...endpointOverride(aws), credentials });
}

/** Athena in the region of the payer's CUR table (its Glue catalog), for cost aggregation. */
export function createAthenaClient(aws: Config['aws'], region: string): AthenaClient {
  return new AthenaClient({ region, ...endpointOverride(aws) });
}

// DAIKO_AWS_ENDPOINT points every client at one emulator (tests); otherwise AWS's own endpoints.
function endpointOverride(aws: Config['aws']): { endpoint?: string } {
  return aws.endpoint === undefined ? {} : { endpoint: aws.endpoint };
}
