import type { MatrixFragment } from './fragment.ts';

const pdf = Buffer.from('%PDF-1.7\nintruder\n%%EOF\n').toString('base64');

/** Support membership: B's rank, tickets, applications, thread, attachments and training stay B's. */
export const fragment: MatrixFragment = {
  routes: {
    'GET /api/membership/companies/:membershipCompanyId': {},
    'POST /api/membership/companies/:membershipCompanyId/applications': { body: { serviceCode: 'cost-consulting', note: 'intruder' } },
    'POST /api/membership/companies/:membershipCompanyId/training-requests': {
      body: { trainingCode: 'aws-basics', preferredDates: ['2099-01-05'], note: 'intruder' },
    },
    'GET /api/membership/applications/:applicationId': {},
    'POST /api/membership/applications/:applicationId/messages': {
      body: { body: 'intruder', attachments: [{ fileName: 'x.pdf', contentType: 'application/pdf', dataBase64: pdf }] },
    },
    'GET /api/membership/applications/:applicationId/attachments/:attachmentId': {},
    'POST /api/membership/applications/:applicationId/cancel': {},
    'POST /api/membership/applications/:applicationId/status': { body: { to: 'rejected', note: 'intruder reject' } },
    'GET /api/membership/overview': {},
    'POST /api/membership/training-requests/:trainingRequestId': { body: { status: 'cancelled' } },
    'POST /api/membership/companies/:membershipCompanyId/rank-override': {
      body: { fiscalYear: 2026, rank: 'REGULAR', reason: 'intruder' },
    },
    'POST /api/membership/companies/:membershipCompanyId/ticket-adjustments': { body: { amount: -1, reason: 'intruder' } },
    'PUT /api/membership/thresholds': { body: { PLATINUM: 4, GOLD: 3, SILVER: 2, BRONZE: 1 } },
    'PUT /api/membership/services/:serviceCode': {
      body: {
        nameJa: 'x',
        nameEn: 'x',
        ticketCost: 1,
        minRank: 'REGULAR',
        perAccount: false,
        cancellable: true,
        yearlyCapacity: null,
        leadBusinessDays: 0,
        offeredUntil: null,
        active: false,
      },
    },
    'POST /api/membership/training-menu': {
      body: { code: 'intruder', nameJa: 'x', nameEn: 'x', format: 'lecture', hours: '2', ticketCost: 2, active: true },
    },
    'PUT /api/membership/training-menu/:trainingCode': {
      body: { nameJa: 'x', nameEn: 'x', format: 'lecture', hours: '2', ticketCost: 2, active: false },
    },
    'POST /api/membership/imported-totals': { body: { rows: [{ companyCode: 'BRAVO', calendarYear: 2025, totalJpy: '1' }] } },
    'POST /api/membership/april-1': { body: { fiscalYear: 2026 } },
  },
  async seed(ctx, { b, bAccountId }) {
    await ctx.db
      .insertInto('membership_years')
      .values({
        company_id: b.companyId,
        fiscal_year: 2026,
        basis_total_jpy: '87654321',
        basis_source: 'imported',
        computed_rank: 'GOLD',
        rank: 'GOLD',
        override_reason: null,
        overridden_by: null,
        overridden_at: null,
        csm_user_id: null,
        opened_by: 'test',
      })
      .execute();
    await ctx.db.insertInto('ticket_balances').values({ company_id: b.companyId, balance: 10 }).execute();
    const app = await ctx.db
      .insertInto('membership_applications')
      .values({
        company_id: b.companyId,
        service_code: 'cost-consulting-lite',
        training_code: null,
        aws_account_id: bAccountId,
        fiscal_year: 2026,
        tickets: 5,
        status: 'applied',
        note: 'BRAVO secret application note',
        earliest_start: '2026-10-01',
        applied_by: b.representative.id,
        closed_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('ticket_ledger')
      .values({
        company_id: b.companyId,
        fiscal_year: 2026,
        kind: 'grant',
        amount: 15,
        balance_after: 15,
        application_id: null,
        reason: 'grant',
        idempotency_key: null,
        actor: 'test',
      })
      .execute();
    await ctx.db
      .insertInto('ticket_ledger')
      .values({
        company_id: b.companyId,
        fiscal_year: 2026,
        kind: 'spend',
        amount: -5,
        balance_after: 10,
        application_id: app.id,
        reason: 'spend',
        idempotency_key: null,
        actor: 'test',
      })
      .execute();
    const message = await ctx.db
      .insertInto('membership_messages')
      .values({
        application_id: app.id,
        author_id: b.representative.id,
        author_side: 'customer',
        body: 'BRAVO secret thread message',
        status_to: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const attachment = await ctx.db
      .insertInto('membership_attachments')
      .values({
        application_id: app.id,
        message_id: message.id,
        file_name: 'bravo-secret-report.pdf',
        content_type: 'application/pdf',
        size_bytes: 18,
        sha256: 'x',
        data: Buffer.from('BRAVO secret bytes'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const training = await ctx.db
      .insertInto('training_requests')
      .values({
        company_id: b.companyId,
        fiscal_year: 2026,
        training_code: 'aws-basics',
        preferred_dates: ['2026-11-10'],
        status: 'requested',
        scheduled_on: null,
        note: 'BRAVO secret training note',
        requested_by: b.representative.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      ids: {
        membershipCompanyId: b.companyId,
        applicationId: app.id,
        attachmentId: attachment.id,
        trainingRequestId: training.id,
        serviceCode: 'cost-consulting',
        trainingCode: 'aws-basics',
      },
      secrets: [
        'BRAVO secret application note',
        'BRAVO secret thread message',
        'bravo-secret-report.pdf',
        'BRAVO secret bytes',
        'BRAVO secret training note',
        '87654321',
      ],
    };
  },
};
