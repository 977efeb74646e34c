import { sql } from 'kysely';
import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { addBusinessDays, nearestBusinessDay } from '../calendar/rules/business-calendar.ts';
import { tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import { assertRepresentativeOf, mailAll, staffRecipients } from './membership-access.ts';
import { membershipAccounts } from './membership-accounts.ts';
import { openMembershipYear } from './open-membership-year.ts';
import { applicationProblem, applicationProblemMessage } from './rules/applications.ts';
import { fiscalYearOf } from './rules/rank.ts';
import { appendTicketEntry } from './ticket-ledger.ts';

export const ApplyFields = z.object({
  serviceCode: z.string().min(1).max(40),
  awsAccountId: z
    .string()
    .regex(/^\d{12}$/)
    .nullish(),
  trainingCode: z.string().min(1).max(40).nullish(),
  note: z.string().trim().max(4000).default(''),
});
export const ApplyForServiceInput = ApplyFields.extend({ companyId: z.string().uuid() });

/**
 * A representative applies for an option service (seed 004 §3.2.1): the rules of the catalog row
 * are checked, and the tickets are spent in the same transaction as the application is created,
 * under the company's balance lock — two applications at once cannot both spend the last tickets.
 */
export const applyForService = defineAction({
  name: 'membership.application.apply',
  input: ApplyForServiceInput,
  authorize: (tx, { actor }, input) => assertRepresentativeOf(tx, actor, input.companyId),
  run: async (tx, { actor }, input, ctx) => {
    const label = actorLabel(actor);
    const today = tokyoDateOf(ctx.now());
    const fiscalYear = fiscalYearOf(today);
    const { year, audit } = await openMembershipYear(tx, input.companyId, fiscalYear, label, ctx.now());
    const service = await tx.selectFrom('option_services').selectAll().where('code', '=', input.serviceCode).executeTakeFirst();
    if (!service) throw notFound('Service');
    let tickets = service.ticket_cost;
    let trainingCode: string | null = null;
    if (service.cost_from_training_menu) {
      if (!input.trainingCode) throw invalid('Choose a training from the menu.');
      const menu = await tx
        .selectFrom('training_menu')
        .selectAll()
        .where('code', '=', input.trainingCode)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!menu) throw notFound('Training');
      tickets = Math.max(service.ticket_cost, menu.ticket_cost);
      trainingCode = menu.code;
    } else if (input.trainingCode) {
      throw invalid('This service has no training menu.');
    }
    // A yearly capacity is shared by every company: count under a lock on the catalog row.
    if (service.yearly_capacity !== null)
      await tx.selectFrom('option_services').select('code').where('code', '=', service.code).forUpdate().execute();
    const used = await tx
      .selectFrom('membership_applications')
      .select(sql<string>`count(*)::text`.as('n'))
      .where('service_code', '=', service.code)
      .where('fiscal_year', '=', fiscalYear)
      .where('status', 'not in', ['rejected', 'cancelled'])
      .executeTakeFirstOrThrow();
    const accounts = await membershipAccounts(tx, input.companyId, today);
    const problem = applicationProblem({
      service: {
        active: service.active,
        minRank: service.min_rank,
        perAccount: service.per_account,
        yearlyCapacity: service.yearly_capacity,
        offeredUntil: service.offered_until,
      },
      rank: year.rank,
      today,
      accountId: input.awsAccountId ?? null,
      companyAccounts: accounts.map((a) => a.accountId),
      capacityUsed: Number(used.n),
    });
    if (problem) throw conflict('application_refused', applicationProblemMessage(problem, { minRank: service.min_rank }));
    const earliestStart = addBusinessDays(nearestBusinessDay(today, 'following'), service.lead_business_days);
    const application = await tx
      .insertInto('membership_applications')
      .values({
        company_id: input.companyId,
        service_code: service.code,
        training_code: trainingCode,
        aws_account_id: input.awsAccountId ?? null,
        fiscal_year: fiscalYear,
        tickets,
        status: 'applied',
        note: input.note,
        earliest_start: earliestStart,
        applied_by: actor.kind === 'customer' ? actor.userId : '',
        applied_at: ctx.now(),
        closed_reason: null,
        updated_at: ctx.now(),
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    const balance = await appendTicketEntry(tx, {
      companyId: input.companyId,
      fiscalYear,
      kind: 'spend',
      amount: -tickets,
      applicationId: application.id,
      reason: service.name_ja,
      idempotencyKey: `spend:${application.id}`,
      actor: label,
      at: ctx.now(),
    });
    await tx
      .insertInto('membership_messages')
      .values({
        application_id: application.id,
        author_id: null,
        author_side: 'system',
        body: input.note,
        status_to: 'applied',
        created_at: ctx.now(),
      })
      .execute();
    const company = await tx.selectFrom('companies').select(['name', 'code']).where('id', '=', input.companyId).executeTakeFirstOrThrow();
    await mailAll(tx, await staffRecipients(tx), {
      purpose: 'membership-application',
      companyId: input.companyId,
      subject: `【Daiko】オプションサービスのお申し込み: ${company.name} / ${service.name_ja}`,
      text: [
        `${company.name}（${company.code}）から「${service.name_ja}」のお申し込みがありました。`,
        `チケット: ${tickets}枚`,
        input.awsAccountId ? `AWSアカウント: ${input.awsAccountId}` : null,
        `最短開始日: ${earliestStart}`,
        '',
        'スタッフコンソールの「cloudpack+ 申込」で受け付けてください。',
      ]
        .filter((l) => l !== null)
        .join('\n'),
    });
    return {
      result: { id: application.id, tickets, balance: balance!, earliestStart },
      audit: [
        ...audit,
        {
          action: 'membership.application.applied',
          entityType: 'membership_application',
          entityId: application.id,
          companyId: input.companyId,
          after: { serviceCode: service.code, awsAccountId: input.awsAccountId ?? null, trainingCode, tickets, earliestStart },
        },
      ],
    };
  },
});
