import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import { eligibleCompany, maySeeCompany } from '../inquiries/inquiry-access.ts';
import { externalIdFrom } from './rules/trust-policy.ts';

export const EnsureAdvisorConnectionInput = z.object({ companyId: z.string().uuid() });

/**
 * The company's external ID, generated the first time anyone of the company (or staff) opens the
 * Trusted Advisor page and stored for good: the trust policy the customer creates names it.
 */
export const ensureAdvisorConnection = defineAction({
  name: 'advisor.connection.ensure',
  input: EnsureAdvisorConnectionInput,
  authorize: async (tx, { actor }, input) => {
    if (!maySeeCompany(actor, input.companyId)) throw notFound('Company');
    await eligibleCompany(tx, input.companyId);
  },
  run: async (tx, _caller, input) => {
    const created = await tx
      .insertInto('advisor_connections')
      .values({
        company_id: input.companyId,
        external_id: externalIdFrom(randomBytes(16)),
        role_arn: null,
        registered_by: null,
        registered_at: null,
      })
      .onConflict((oc) => oc.column('company_id').doNothing())
      .returning('external_id')
      .executeTakeFirst();
    return {
      result: await loadConnection(tx, input.companyId),
      audit: created
        ? [
            {
              action: 'advisor.external_id.created',
              entityType: 'advisor_connection',
              entityId: input.companyId,
              companyId: input.companyId,
              after: { externalId: created.external_id },
            },
          ]
        : [],
    };
  },
});

export async function loadConnection(db: Queryable, companyId: string) {
  const row = await db.selectFrom('advisor_connections').selectAll().where('company_id', '=', companyId).executeTakeFirst();
  if (!row) throw notFound('Trusted Advisor connection');
  return row;
}
