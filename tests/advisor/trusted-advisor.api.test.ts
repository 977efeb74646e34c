import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestServer } from '../support/api.ts';
import { PASSWORD, seedStaff, seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let bravo: Awaited<ReturnType<typeof seedTenant>>;
let representative: ApiClient;
let member: ApiClient;
let bravoRepresentative: ApiClient;
let csm: ApiClient;

beforeAll(async () => {
  env = await createTestContext();
  server = await startTestServer(env.ctx);
  acme = await seedTenant(env.ctx, 'ACME');
  bravo = await seedTenant(env.ctx, 'BRAVO');
  const signIn = (u: { email: string; totpSecret: string }) => new ApiClient(server, env.clock).signIn(u.email, PASSWORD, u.totpSecret);
  csm = await signIn(await seedStaff(env.ctx, 'csm'));
  representative = await signIn(acme.representative);
  member = await signIn(acme.member);
  bravoRepresentative = await signIn(bravo.representative);
});
afterAll(async () => {
  await server.close();
  await env.close();
});

describe('Trusted Advisor view over HTTP (simulated AWS)', () => {
  it('gives a stable external ID and trust policy, takes the role from the representative and lists checks', async () => {
    const url = `/api/companies/${acme.companyId}/trusted-advisor`;
    const first = await member.get(url);
    expect(first.statusCode).toBe(200);
    const setup = first.json();
    expect(setup.externalId).toMatch(/^daiko-[0-9a-f]{32}$/);
    expect(setup.roleArn).toBeNull();
    expect(JSON.parse(setup.trustPolicy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::200000000000:root' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': setup.externalId } },
        },
      ],
    });
    // Stable: the same ID whoever asks, however often.
    expect((await representative.get(url)).json().externalId).toBe(setup.externalId);
    expect((await csm.get(url)).json().externalId).toBe(setup.externalId);
    expect(
      await env.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'advisor.external_id.created').execute(),
    ).toHaveLength(1);
    // Another company's ID differs and is not readable across tenants.
    expect((await bravoRepresentative.get(`/api/companies/${bravo.companyId}/trusted-advisor`)).json().externalId).not.toBe(
      setup.externalId,
    );
    expect((await bravoRepresentative.get(url)).statusCode).toBe(404);

    // Checks before a role is registered: a clear refusal.
    const early = await member.get(`${url}/checks`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toBe('advisor_role_not_registered');

    const roleArn = 'arn:aws:iam::123456789012:role/DaikoTrustedAdvisor';
    expect((await member.call('PUT', `${url}/role`, { roleArn })).statusCode).toBe(403);
    expect((await csm.call('PUT', `${url}/role`, { roleArn })).statusCode).toBe(403);
    expect((await bravoRepresentative.call('PUT', `${url}/role`, { roleArn })).statusCode).toBe(404);
    expect((await representative.call('PUT', `${url}/role`, { roleArn: 'arn:aws:iam::123:role/x' })).statusCode).toBe(400);
    const registered = await representative.call('PUT', `${url}/role`, { roleArn });
    expect(registered.statusCode).toBe(200);
    expect(registered.json()).toMatchObject({ roleArn, externalId: setup.externalId });

    const checks = await member.get(`${url}/checks?language=ja`);
    expect(checks.statusCode).toBe(200);
    expect(checks.json().checks).toHaveLength(17);
    expect(checks.json().checks.find((c: { id: string }) => c.id === '7DAFEmoDos')).toEqual({
      id: '7DAFEmoDos',
      name: 'ルートアカウントの MFA',
      category: 'security',
      status: 'error',
      flaggedResources: 1,
    });
    expect((await bravoRepresentative.get(`${url}/checks`)).statusCode).toBe(404);

    const result = await member.get(`${url}/checks/HCP4007jGY?language=en`);
    expect(result.statusCode).toBe(200);
    expect(result.json()).toMatchObject({
      checkId: 'HCP4007jGY',
      status: 'warning',
      columns: ['Region', 'Security Group Name', 'Security Group ID', 'Protocol', 'Port'],
    });
    expect(result.json().resources).toHaveLength(4);
    expect(result.json().resources[0]).toEqual({
      resourceId: 'HCP4007jGY-1',
      status: 'warning',
      region: 'ap-northeast-1',
      values: ['ap-northeast-1', 'bastion-sg', 'sg-0123456789abcd001', 'tcp', '22'],
    });
    expect((await member.get(`${url}/checks/Unknown1`)).statusCode).toBe(404);
  });

  it.each([
    ['a trust policy without Daiko', { trusts_daiko: false, external_id: 'x', support_plan: 'business' as const }, 'aws_role_refused'],
    [
      'another external ID',
      { trusts_daiko: true, external_id: 'daiko-00000000000000000000000000000000', support_plan: 'business' as const },
      'aws_role_refused',
    ],
    ['a Developer support plan', { trusts_daiko: true, external_id: '', support_plan: 'developer' as const }, 'aws_support_plan_required'],
  ])('explains a role with %s', async (_case, row, code) => {
    const url = `/api/companies/${bravo.companyId}/trusted-advisor`;
    const { externalId } = (await bravoRepresentative.get(url)).json();
    const roleArn = `arn:aws:iam::210987654321:role/Daiko-${code}-${row.support_plan}-${String(row.trusts_daiko)}`;
    await env.ctx.db
      .insertInto('simulated_iam_roles')
      .values({ ...row, role_arn: roleArn, external_id: row.external_id || externalId })
      .execute();
    expect((await bravoRepresentative.call('PUT', `${url}/role`, { roleArn })).statusCode).toBe(200);
    const res = await bravoRepresentative.get(`${url}/checks`);
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toBe(code);
  });
});
