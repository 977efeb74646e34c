import type { MatrixFragment } from './fragment.ts';

/** Trusted Advisor: B's external ID and role must stay B's. */
export const fragment: MatrixFragment = {
  routes: {
    'GET /api/companies/:companyId/trusted-advisor': {},
    'PUT /api/companies/:companyId/trusted-advisor/role': { body: { roleArn: 'arn:aws:iam::666666666666:role/Intruder' } },
    'GET /api/companies/:companyId/trusted-advisor/checks': {},
    'GET /api/companies/:companyId/trusted-advisor/checks/:advisorCheckId': {},
  },
  seed: async (ctx, { b }) => {
    const externalId = 'daiko-b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
    await ctx.db
      .insertInto('advisor_connections')
      .values({
        company_id: b.companyId,
        external_id: externalId,
        role_arn: 'arn:aws:iam::210987654321:role/BravoSecretRole',
        registered_by: b.representative.email,
        registered_at: ctx.now(),
      })
      .execute();
    return { ids: { advisorCheckId: 'HCP4007jGY' }, secrets: [externalId, 'BravoSecretRole'] };
  },
};
