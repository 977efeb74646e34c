import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { sql, type Kysely, type Selectable } from 'kysely';
import { invalid } from '../../platform/errors.ts';
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
import type { AwsTables, SimulatedCreateAccountRequestsTable } from './tables.ts';

/**
 * A stand-in AWS for the demo and the tests: the organization lives in the database, the CUR bucket
 * is a local folder (`<costFilesRoot>/<bucket>/<key>`), roles are assumed when the ARN is well-formed
 * (unless `simulated_iam_roles` says otherwise), and Trusted Advisor answers with a fixed, realistic
 * set of checks and flagged resources.
 */
export class SimulatedAwsProvider implements AwsProvider {
  readonly kind = 'simulated';
  readonly costFiles: CostFileStore;
  readonly organizations: OrganizationsGateway;
  readonly roles: RoleAssumer;
  readonly trustedAdvisor: TrustedAdvisorGateway;

  constructor(db: Kysely<AwsTables>, options: { costFilesRoot: string; now: () => Date }) {
    this.costFiles = new LocalFolderCostFileStore(options.costFilesRoot);
    this.organizations = new SimulatedOrganization(db, options.now);
    this.roles = new SimulatedRoleAssumer(db, options.now);
    this.trustedAdvisor = new SimulatedTrustedAdvisor(db);
  }
}

// S3's bucket naming rule; it also keeps a bucket name from walking out of the folder.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

class LocalFolderCostFileStore implements CostFileStore {
  constructor(private readonly root: string) {}

  async list(bucket: string, prefix: string): Promise<StoredObject[]> {
    const dir = this.bucketDir(bucket);
    const entries = await fs.promises.readdir(dir, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
      throw isMissing(error) ? bucketNotFound(bucket) : error;
    });
    const keys = entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      .filter((key) => key.startsWith(prefix))
      // S3 lists keys in UTF-8 byte order.
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return Promise.all(
      keys.map(async (key) => {
        const file = path.join(dir, key);
        const stat = await fs.promises.stat(file);
        return { key, size: stat.size, etag: await md5(file), lastModified: stat.mtime };
      }),
    );
  }

  async read(bucket: string, key: string): Promise<Readable> {
    const dir = this.bucketDir(bucket);
    const file = path.resolve(dir, ...key.split('/'));
    if (!file.startsWith(dir + path.sep)) throw costFileNotFound(bucket, key);
    // Checked before streaming so a missing key fails here, not later inside the reader.
    const stat = await fs.promises.stat(file).catch((error: unknown) => {
      throw isMissing(error) ? costFileNotFound(bucket, key) : error;
    });
    if (!stat.isFile()) throw costFileNotFound(bucket, key);
    return fs.createReadStream(file);
  }

  private bucketDir(bucket: string): string {
    if (!BUCKET_NAME.test(bucket)) throw bucketNotFound(bucket);
    return path.resolve(this.root, bucket);
  }
}

/** S3's ETag of an object uploaded in one part. */
async function md5(file: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

// AWS's own limits on CreateAccount, so the demo refuses what AWS would refuse.
const ACCOUNT_NAME_MAX = 50;
const ROOT_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Account ids are a bijection of a sequence number onto 0..10^12-1: unique, the same on every fresh
// database, and not consecutive (real ids look random).
const ACCOUNT_ID_SPACE = 10n ** 12n;
const ACCOUNT_ID_MULTIPLIER = 387_420_489n; // 3^18: coprime with 10^12
const ACCOUNT_ID_OFFSET = 271_828_182_845n;

export function simulatedAccountId(sequenceNumber: bigint): string {
  return ((sequenceNumber * ACCOUNT_ID_MULTIPLIER + ACCOUNT_ID_OFFSET) % ACCOUNT_ID_SPACE).toString().padStart(12, '0');
}

class SimulatedOrganization implements OrganizationsGateway {
  constructor(
    private readonly db: Kysely<AwsTables>,
    private readonly now: () => Date,
  ) {}

  async listAccounts(): Promise<OrgAccount[]> {
    const rows = await this.db
      .selectFrom('simulated_org_accounts')
      .select(['account_id', 'name', 'email', 'state'])
      .orderBy('joined_at')
      .orderBy('account_id')
      .execute();
    return rows.map((r) => ({ accountId: r.account_id, name: r.name, email: r.email, state: r.state }));
  }

  async createAccount(input: { name: string; email: string }): Promise<CreateAccountStatus> {
    if (input.name.length < 1 || input.name.length > ACCOUNT_NAME_MAX) {
      throw invalid(`The account name must be 1 to ${ACCOUNT_NAME_MAX} characters`);
    }
    if (input.email.length < 6 || input.email.length > 64 || !ROOT_EMAIL.test(input.email)) {
      throw invalid('The root e-mail address must be a valid address of 6 to 64 characters');
    }
    return this.db.transaction().execute(async (tx) => {
      const accountId = await this.unusedAccountId(tx);
      const requestId = `car-${randomUUID().replaceAll('-', '')}`;
      await tx
        .insertInto('simulated_create_account_requests')
        .values({ request_id: requestId, account_name: input.name, email: input.email, account_id: accountId, requested_at: this.now() })
        .execute();
      return { state: 'IN_PROGRESS', requestId };
    });
  }

  /** The first look at a request in progress completes it, as AWS does a few minutes later. */
  async describeCreateAccount(requestId: string): Promise<CreateAccountStatus> {
    return this.db.transaction().execute(async (tx) => {
      const request = await tx
        .selectFrom('simulated_create_account_requests')
        .selectAll()
        .where('request_id', '=', requestId)
        .forUpdate()
        .executeTakeFirst();
      if (!request) throw createAccountRequestNotFound(requestId);
      if (request.state !== 'IN_PROGRESS') return toStatus(request);

      const joined = await tx
        .insertInto('simulated_org_accounts')
        .values({ account_id: request.account_id, name: request.account_name, email: request.email, joined_at: this.now() })
        .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
        .returning('account_id')
        .executeTakeFirst();
      const completed = await tx
        .updateTable('simulated_create_account_requests')
        .set(
          joined
            ? { state: 'SUCCEEDED', completed_at: this.now() }
            : { state: 'FAILED', failure_reason: 'EMAIL_ALREADY_EXISTS', completed_at: this.now() },
        )
        .where('request_id', '=', requestId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toStatus(completed);
    });
  }

  async closeAccount(accountId: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const account = await tx
        .selectFrom('simulated_org_accounts')
        .select('state')
        .where('account_id', '=', accountId)
        .forUpdate()
        .executeTakeFirst();
      if (!account) throw accountNotInOrganization(accountId);
      if (account.state === 'CLOSED' || account.state === 'PENDING_CLOSURE') throw accountAlreadyClosed(accountId);
      await tx
        .updateTable('simulated_org_accounts')
        .set({ state: 'CLOSED', closed_at: this.now() })
        .where('account_id', '=', accountId)
        .execute();
    });
  }

  // Skips numbers whose id the demo data already gave to an account of its own.
  private async unusedAccountId(tx: Kysely<AwsTables>): Promise<string> {
    for (;;) {
      const { rows } = await sql<{ n: string }>`SELECT nextval('simulated_account_number_seq') AS n`.execute(tx);
      const accountId = simulatedAccountId(BigInt(rows[0]!.n));
      const taken = await tx
        .selectFrom('simulated_org_accounts')
        .select('account_id')
        .where('account_id', '=', accountId)
        .union(tx.selectFrom('simulated_create_account_requests').select('account_id').where('account_id', '=', accountId))
        .executeTakeFirst();
      if (!taken) return accountId;
    }
  }
}

function toStatus(request: Selectable<SimulatedCreateAccountRequestsTable>): CreateAccountStatus {
  switch (request.state) {
    case 'SUCCEEDED':
      return { state: 'SUCCEEDED', requestId: request.request_id, accountId: request.account_id };
    case 'FAILED':
      return { state: 'FAILED', requestId: request.request_id, reason: request.failure_reason ?? 'UNKNOWN' };
    case 'IN_PROGRESS':
      return { state: 'IN_PROGRESS', requestId: request.request_id };
  }
}

const SESSION_HOURS = 1;

/** The simulated payer (the demo's, see src/modules/demo): the account Daiko signs in as, which customers' trust policies name. */
export const SIMULATED_PAYER_ACCOUNT_ID = '200000000000';
const SIMULATED_TOKEN_PREFIX = 'SIMULATED.';

/**
 * STS in the simulated world. A role listed in `simulated_iam_roles` behaves as its row says (trust
 * policy without Daiko, another external ID, a support plan below Business); any other well-formed
 * role is taken as set up correctly on a Business plan, so a demo user can register any ARN.
 */
class SimulatedRoleAssumer implements RoleAssumer {
  constructor(
    private readonly db: Kysely<AwsTables>,
    private readonly now: () => Date,
  ) {}

  async assumeRole(input: { roleArn: string; externalId: string; sessionName: string }): Promise<TemporaryCredentials> {
    if (!isRoleArn(input.roleArn)) throw roleRefused(input.roleArn, 'not an IAM role ARN');
    // Daiko's roles always demand an external ID in their trust policy; AWS denies a call without one.
    if (input.externalId === '') throw roleRefused(input.roleArn, 'access denied (no external ID)');
    const role = await this.db.selectFrom('simulated_iam_roles').selectAll().where('role_arn', '=', input.roleArn).executeTakeFirst();
    // AWS answers AccessDenied alike for a missing role, a trust policy without Daiko and a wrong external ID.
    if (role && (!role.trusts_daiko || role.external_id !== input.externalId)) {
      throw roleRefused(input.roleArn, 'access denied (check the role, its trust policy and the external ID)');
    }
    return {
      accessKeyId: `ASIA${randomBytes(10).toString('hex').toUpperCase().slice(0, 16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      // Opaque to Daiko, as AWS's are; the simulated Support API reads the role back from it.
      sessionToken: `${SIMULATED_TOKEN_PREFIX}${Buffer.from(input.roleArn).toString('base64url')}.${randomBytes(64).toString('base64url')}`,
      expiration: new Date(this.now().getTime() + SESSION_HOURS * 3_600_000),
    };
  }

  async callerAccountId(): Promise<string> {
    return SIMULATED_PAYER_ACCOUNT_ID;
  }
}

function roleOfToken(sessionToken: string): string | null {
  if (!sessionToken.startsWith(SIMULATED_TOKEN_PREFIX)) return null;
  return Buffer.from(sessionToken.slice(SIMULATED_TOKEN_PREFIX.length).split('.')[0] ?? '', 'base64url').toString();
}

type SimulatedCheck = Omit<TrustedAdvisorCheck, 'name'> & { name: { en: string; ja: string } };

// A small account with the usual findings: some idle resources, an open security group, no MFA on root.
const SIMULATED_CHECKS: SimulatedCheck[] = [
  {
    id: 'Qch7DwouX1',
    category: 'cost_optimizing',
    status: 'warning',
    flaggedResources: 3,
    name: { en: 'Low Utilization Amazon EC2 Instances', ja: '使用率の低い Amazon EC2 インスタンス' },
  },
  {
    id: 'hjLMh88uM8',
    category: 'cost_optimizing',
    status: 'warning',
    flaggedResources: 1,
    name: { en: 'Idle Load Balancers', ja: 'アイドル状態のロードバランサー' },
  },
  {
    id: 'Z4AUBRNSmz',
    category: 'cost_optimizing',
    status: 'warning',
    flaggedResources: 2,
    name: { en: 'Unassociated Elastic IP Addresses', ja: '関連付けられていない Elastic IP アドレス' },
  },
  {
    id: 'DAvU99Dc4C',
    category: 'cost_optimizing',
    status: 'ok',
    flaggedResources: 0,
    name: { en: 'Underutilized Amazon EBS Volumes', ja: '使用率の低い Amazon EBS ボリューム' },
  },
  {
    id: 'Ti39halfu8',
    category: 'cost_optimizing',
    status: 'ok',
    flaggedResources: 0,
    name: { en: 'Amazon RDS Idle DB Instances', ja: 'Amazon RDS のアイドル状態の DB インスタンス' },
  },
  {
    id: 'HCP4007jGY',
    category: 'security',
    status: 'warning',
    flaggedResources: 4,
    name: { en: 'Security Groups - Specific Ports Unrestricted', ja: 'セキュリティグループ - 特定ポートへの無制限アクセス' },
  },
  {
    id: '7DAFEmoDos',
    category: 'security',
    status: 'error',
    flaggedResources: 1,
    name: { en: 'MFA on Root Account', ja: 'ルートアカウントの MFA' },
  },
  { id: 'zXCkfM1nI3', category: 'security', status: 'ok', flaggedResources: 0, name: { en: 'IAM Use', ja: 'IAM の使用' } },
  {
    id: 'Pfx0RwqBli',
    category: 'security',
    status: 'ok',
    flaggedResources: 0,
    name: { en: 'Amazon S3 Bucket Permissions', ja: 'Amazon S3 バケットのアクセス許可' },
  },
  {
    id: '12Fnkpl8Y5',
    category: 'security',
    status: 'ok',
    flaggedResources: 0,
    name: { en: 'Exposed Access Keys', ja: '公開されたアクセスキー' },
  },
  {
    id: 'vjafUGJ9H0',
    category: 'security',
    status: 'ok',
    flaggedResources: 0,
    name: { en: 'AWS CloudTrail Logging', ja: 'AWS CloudTrail のログ記録' },
  },
  {
    id: 'H7IgTzjTYb',
    category: 'fault_tolerance',
    status: 'warning',
    flaggedResources: 5,
    name: { en: 'Amazon EBS Snapshots', ja: 'Amazon EBS スナップショット' },
  },
  {
    id: 'f2iK5R6Dep',
    category: 'fault_tolerance',
    status: 'warning',
    flaggedResources: 1,
    name: { en: 'Amazon RDS Multi-AZ', ja: 'Amazon RDS マルチ AZ' },
  },
  {
    id: 'iqdCTZKCUp',
    category: 'fault_tolerance',
    status: 'ok',
    flaggedResources: 0,
    name: { en: 'Load Balancer Optimization', ja: 'ロードバランサーの最適化' },
  },
  {
    id: 'ZRxQlPsb6c',
    category: 'performance',
    status: 'ok',
    flaggedResources: 0,
    name: { en: 'High Utilization Amazon EC2 Instances', ja: '使用率の高い Amazon EC2 インスタンス' },
  },
  { id: 'jL7PP0l7J9', category: 'service_limits', status: 'ok', flaggedResources: 0, name: { en: 'VPC', ja: 'VPC' } },
  {
    id: 'kM7QQ0l7J9',
    category: 'service_limits',
    status: 'ok',
    flaggedResources: 0,
    name: { en: 'VPC Internet Gateways', ja: 'VPC インターネットゲートウェイ' },
  },
];

class SimulatedTrustedAdvisor implements TrustedAdvisorGateway {
  constructor(private readonly db: Kysely<AwsTables>) {}

  async listChecks(credentials: TemporaryCredentials, language: 'ja' | 'en'): Promise<TrustedAdvisorCheck[]> {
    await this.requireBusinessPlan(credentials);
    return SIMULATED_CHECKS.map((check) => ({ ...check, name: check.name[language] }));
  }

  async checkResult(credentials: TemporaryCredentials, checkId: string, language: 'ja' | 'en'): Promise<TrustedAdvisorCheckResult> {
    await this.requireBusinessPlan(credentials);
    const check = SIMULATED_CHECKS.find((c) => c.id === checkId);
    if (!check) throw trustedAdvisorCheckNotFound(checkId);
    const detail = SIMULATED_RESULTS[checkId];
    return {
      checkId,
      name: check.name[language],
      description: detail?.description[language] ?? '',
      category: check.category,
      status: check.status,
      columns: detail?.columns[language] ?? [],
      resources: (detail?.rows ?? []).slice(0, check.flaggedResources).map((values, i) => ({
        resourceId: `${checkId}-${i + 1}`,
        status: check.status,
        region: values[0] ?? null,
        values,
      })),
      checkedAt: check.status === 'not_available' ? null : SIMULATED_CHECKED_AT,
    };
  }

  private async requireBusinessPlan(credentials: TemporaryCredentials) {
    const roleArn = roleOfToken(credentials.sessionToken);
    if (!roleArn) return;
    const role = await this.db.selectFrom('simulated_iam_roles').select('support_plan').where('role_arn', '=', roleArn).executeTakeFirst();
    if (role && (role.support_plan === 'basic' || role.support_plan === 'developer')) throw supportPlanRequired();
  }
}

const SIMULATED_CHECKED_AT = new Date('2026-11-01T00:00:00Z');

type SimulatedResult = { description: { en: string; ja: string }; columns: { en: string[]; ja: string[] }; rows: string[][] };

// The flagged resources of the checks that flag any; the first column is always the region.
const SIMULATED_RESULTS: Record<string, SimulatedResult> = {
  Qch7DwouX1: {
    description: {
      en: 'Instances whose daily CPU utilization was 10% or less on 4 or more of the last 14 days.',
      ja: '過去14日間のうち4日以上、1日の CPU 使用率が10%以下だったインスタンス。',
    },
    columns: {
      en: ['Region', 'Instance ID', 'Instance Type', 'Estimated Monthly Savings', '14-Day Average CPU Utilization'],
      ja: ['リージョン', 'インスタンス ID', 'インスタンスタイプ', '月間の推定削減額', '14日間の平均 CPU 使用率'],
    },
    rows: [
      ['ap-northeast-1', 'i-0a1b2c3d4e5f60001', 'm5.xlarge', '$140.16', '3.1%'],
      ['ap-northeast-1', 'i-0a1b2c3d4e5f60002', 'm5.large', '$70.08', '4.7%'],
      ['ap-northeast-3', 'i-0a1b2c3d4e5f60003', 't3.large', '$60.74', '2.2%'],
    ],
  },
  hjLMh88uM8: {
    description: {
      en: 'Load balancers with no active back-end instances or little traffic.',
      ja: 'アクティブなバックエンドがない、またはトラフィックがほとんどないロードバランサー。',
    },
    columns: {
      en: ['Region', 'Load Balancer Name', 'Reason', 'Estimated Monthly Savings'],
      ja: ['リージョン', 'ロードバランサー名', '理由', '月間の推定削減額'],
    },
    rows: [['ap-northeast-1', 'stg-old-alb', 'Low request count', '$18.00']],
  },
  Z4AUBRNSmz: {
    description: {
      en: 'Elastic IP addresses not attached to a running instance.',
      ja: '実行中のインスタンスに関連付けられていない Elastic IP アドレス。',
    },
    columns: { en: ['Region', 'IP Address'], ja: ['リージョン', 'IP アドレス'] },
    rows: [
      ['ap-northeast-1', '203.0.113.10'],
      ['ap-northeast-1', '203.0.113.24'],
    ],
  },
  HCP4007jGY: {
    description: {
      en: 'Security groups that allow unrestricted access (0.0.0.0/0) to specific ports.',
      ja: '特定のポートへの無制限アクセス（0.0.0.0/0）を許可しているセキュリティグループ。',
    },
    columns: {
      en: ['Region', 'Security Group Name', 'Security Group ID', 'Protocol', 'Port'],
      ja: ['リージョン', 'セキュリティグループ名', 'セキュリティグループ ID', 'プロトコル', 'ポート'],
    },
    rows: [
      ['ap-northeast-1', 'bastion-sg', 'sg-0123456789abcd001', 'tcp', '22'],
      ['ap-northeast-1', 'db-maint-sg', 'sg-0123456789abcd002', 'tcp', '3306'],
      ['ap-northeast-1', 'legacy-web', 'sg-0123456789abcd003', 'tcp', '3389'],
      ['ap-northeast-3', 'dr-bastion-sg', 'sg-0123456789abcd004', 'tcp', '22'],
    ],
  },
  '7DAFEmoDos': {
    description: { en: 'The root user of the account has no MFA device.', ja: 'アカウントのルートユーザーに MFA が設定されていません。' },
    columns: { en: ['Region', 'Account'], ja: ['リージョン', 'アカウント'] },
    rows: [['global', 'root']],
  },
  H7IgTzjTYb: {
    description: {
      en: 'EBS volumes whose most recent snapshot is more than 7 days old, or that have none.',
      ja: '最新のスナップショットが7日以上前、またはスナップショットがない EBS ボリューム。',
    },
    columns: {
      en: ['Region', 'Volume ID', 'Volume Name', 'Snapshot Age (days)'],
      ja: ['リージョン', 'ボリューム ID', 'ボリューム名', 'スナップショットの経過日数'],
    },
    rows: [
      ['ap-northeast-1', 'vol-0aa0000000000001', 'web-1-root', '12'],
      ['ap-northeast-1', 'vol-0aa0000000000002', 'web-2-root', '12'],
      ['ap-northeast-1', 'vol-0aa0000000000003', 'batch-data', '31'],
      ['ap-northeast-1', 'vol-0aa0000000000004', 'jenkins-home', 'none'],
      ['ap-northeast-3', 'vol-0aa0000000000005', 'dr-web-root', '45'],
    ],
  },
  f2iK5R6Dep: {
    description: {
      en: 'DB instances deployed in a single Availability Zone.',
      ja: '単一のアベイラビリティーゾーンにデプロイされている DB インスタンス。',
    },
    columns: { en: ['Region', 'DB Instance', 'Multi-AZ'], ja: ['リージョン', 'DB インスタンス', 'マルチ AZ'] },
    rows: [['ap-northeast-1', 'orders-db', 'No']],
  },
};
