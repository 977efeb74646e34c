import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { isRoleArn } from '../aws/provider.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import { eligibleCompany, maySeeCompany } from '../inquiries/inquiry-access.ts';
import { loadConnection } from './ensure-advisor-connection.ts';

export const AdvisorRoleFields = z.object({
  roleArn: z.string().trim().refine(isRoleArn, 'an IAM role ARN: arn:aws:iam::<12-digit account>:role/<name>'),
});
export const RegisterAdvisorRoleInput = AdvisorRoleFields.extend({ companyId: z.string().uuid() });

/** The company's representative (or an admin) registers the role it created; the external ID stays. */
export const registerAdvisorRole = defineAction({
  name: 'advisor.role.register',
  input: RegisterAdvisorRoleInput,
  authorize: async (tx, { actor }, input) => {
    if (!maySeeCompany(actor, input.companyId)) throw notFound('Company');
    if (actor.kind === 'customer' ? actor.role !== 'representative' : actor.kind === 'staff' && actor.role !== 'admin') throw forbidden();
    await eligibleCompany(tx, input.companyId);
    const existing = await tx
      .selectFrom('advisor_connections')
      .select('company_id')
      .where('company_id', '=', input.companyId)
      .executeTakeFirst();
    if (!existing) throw notFound('Trusted Advisor connection (open the page first to get the external ID)');
  },
  run: async (tx, { actor }, input, ctx) => {
    const before = await tx
      .selectFrom('advisor_connections')
      .selectAll()
      .where('company_id', '=', input.companyId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('advisor_connections')
      .set({ role_arn: input.roleArn, registered_by: actorLabel(actor), registered_at: ctx.now() })
      .where('company_id', '=', input.companyId)
      .execute();
    return {
      result: await loadConnection(tx, input.companyId),
      audit: [
        {
          action: 'advisor.role.registered',
          entityType: 'advisor_connection',
          entityId: input.companyId,
          companyId: input.companyId,
          before: { roleArn: before.role_arn },
          after: { roleArn: input.roleArn },
        },
      ],
    };
  },
});
