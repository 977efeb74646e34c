import type { MatrixFragment } from './fragment.ts';

/** Inquiries: B's inquiry with its thread must stay B's. */
export const fragment: MatrixFragment = {
  routes: {
    'GET /api/companies/:companyId/inquiries': {},
    'POST /api/companies/:companyId/inquiries': { body: { subject: 'intruder', category: 'other', body: 'intruder' } },
    'GET /api/inquiries': {},
    'GET /api/inquiries/:inquiryId': {},
    'POST /api/inquiries/:inquiryId/messages': { body: { body: 'intruder' } },
    'POST /api/inquiries/:inquiryId/close': {},
  },
  seed: async (ctx, { b }) => {
    const at = ctx.now();
    const { id } = await ctx.db
      .insertInto('inquiries')
      .values({
        company_id: b.companyId,
        subject: 'BRAVO secret subject',
        category: 'other',
        opened_by_user_id: b.member.id,
        opened_by: 'BRAVO member',
        opened_at: at,
        waiting_since: at,
        first_response_at: null,
        last_message_at: at,
        closed_at: null,
        closed_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('inquiry_messages')
      .values({
        inquiry_id: id,
        author_user_id: b.member.id,
        author_kind: 'customer',
        author_name: 'BRAVO member',
        body: 'BRAVO secret question',
        created_at: at,
      })
      .execute();
    return { ids: { inquiryId: id }, secrets: ['BRAVO secret subject', 'BRAVO secret question'] };
  },
};
