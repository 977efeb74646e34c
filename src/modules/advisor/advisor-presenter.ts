import { z } from 'zod';
import type { AppContext, Caller } from '../../platform/context.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import type { TrustedAdvisorCheckResult } from '../aws/provider.ts';
import { eligibleCompany, maySeeCompany } from '../inquiries/inquiry-access.ts';
import { ensureAdvisorConnection, loadConnection } from './ensure-advisor-connection.ts';
import { ADVISOR_ROLE_PERMISSIONS, ADVISOR_SESSION_NAME, trustPolicy } from './rules/trust-policy.ts';

export const AdvisorSetup = z.object({
  companyId: z.string(),
  externalId: z.string(),
  daikoAccountId: z.string(),
  trustPolicy: z.string(),
  permissions: z.array(z.string()),
  roleArn: z.string().nullable(),
  registeredBy: z.string().nullable(),
  registeredAt: z.date().nullable(),
});
export type AdvisorSetup = z.infer<typeof AdvisorSetup>;

export const AdvisorCheck = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  status: z.enum(['ok', 'warning', 'error', 'not_available']),
  flaggedResources: z.number().int(),
});
export const AdvisorChecks = z.object({ roleArn: z.string(), checks: z.array(AdvisorCheck) });
export const AdvisorCheckResult = z.object({
  checkId: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  status: z.enum(['ok', 'warning', 'error', 'not_available']),
  columns: z.array(z.string()),
  resources: z.array(
    z.object({ resourceId: z.string(), status: z.string(), region: z.string().nullable(), values: z.array(z.string().nullable()) }),
  ),
  checkedAt: z.date().nullable(),
});

/** What the customer needs to create the role: Daiko's account, the external ID, the trust policy. */
export async function advisorSetup(ctx: AppContext, caller: Caller, companyId: string): Promise<AdvisorSetup> {
  const connection = await ensureAdvisorConnection(ctx, caller, { companyId });
  const daikoAccountId = await ctx.aws.roles.callerAccountId();
  return {
    companyId,
    externalId: connection.external_id,
    daikoAccountId,
    trustPolicy: trustPolicy(daikoAccountId, connection.external_id),
    permissions: [...ADVISOR_ROLE_PERMISSIONS],
    roleArn: connection.role_arn,
    registeredBy: caller.actor.kind === 'customer' ? null : connection.registered_by,
    registeredAt: connection.registered_at,
  };
}

export const roleNotRegistered = () =>
  new DomainError('advisor_role_not_registered', 'No IAM role is registered for the Trusted Advisor view yet.', 409);

async function assumedCredentials(ctx: AppContext, caller: Caller, companyId: string) {
  if (!maySeeCompany(caller.actor, companyId)) throw notFound('Company');
  await eligibleCompany(ctx.db, companyId);
  const connection = await loadConnection(ctx.db, companyId).catch(() => null);
  if (!connection?.role_arn) throw roleNotRegistered();
  const credentials = await ctx.aws.roles.assumeRole({
    roleArn: connection.role_arn,
    externalId: connection.external_id,
    sessionName: ADVISOR_SESSION_NAME,
  });
  return { roleArn: connection.role_arn, credentials };
}

/** Assumes the company's role and lists its Trusted Advisor checks (AWS Support API, us-east-1). */
export async function advisorChecks(ctx: AppContext, caller: Caller, companyId: string, language: 'ja' | 'en') {
  const { roleArn, credentials } = await assumedCredentials(ctx, caller, companyId);
  return { roleArn, checks: await ctx.aws.trustedAdvisor.listChecks(credentials, language) };
}

/** One check's flagged resources. */
export async function advisorCheckResult(
  ctx: AppContext,
  caller: Caller,
  companyId: string,
  checkId: string,
  language: 'ja' | 'en',
): Promise<TrustedAdvisorCheckResult> {
  const { credentials } = await assumedCredentials(ctx, caller, companyId);
  return ctx.aws.trustedAdvisor.checkResult(credentials, checkId, language);
}
