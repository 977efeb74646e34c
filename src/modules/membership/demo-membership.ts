import type { AppContext, Caller } from '../../platform/context.ts';
import { tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { applyForService } from './apply-for-service.ts';
import { importYearlyTotals } from './import-yearly-totals.ts';
import { moveApplication } from './move-application.ts';
import { postApplicationMessage } from './post-application-message.ts';
import { basisYearOf, fiscalYearOf } from './rules/rank.ts';
import { runAprilFirst } from './run-april-first.ts';

/**
 * The demo's cloudpack+: last year's totals (SAKURA PLATINUM, MIDORI GOLD, AOZORA SILVER), the
 * fiscal year opened, a CSM on SAKURA, and SAKURA's Lite application in progress with a message.
 */
export async function seedDemoMembership(ctx: AppContext, caller: Caller) {
  const fiscalYear = fiscalYearOf(tokyoDateOf(ctx.now()));
  const year = basisYearOf(fiscalYear);
  await importYearlyTotals(ctx, caller, {
    rows: [
      { companyCode: 'SAKURA', calendarYear: year, totalJpy: '152400000' },
      { companyCode: 'MIDORI', calendarYear: year, totalJpy: '41800000' },
      { companyCode: 'AOZORA', calendarYear: year, totalJpy: '12650000' },
    ],
  });
  await runAprilFirst(ctx, caller, { fiscalYear });
  const sakura = await ctx.db.selectFrom('companies').select('id').where('code', '=', 'SAKURA').executeTakeFirst();
  const csm = await ctx.db.selectFrom('users').select(['id', 'email']).where('email', '=', 'csm@daiko.example').executeTakeFirst();
  const rep = await ctx.db.selectFrom('users').select(['id', 'email']).where('email', '=', 'rep@sakura.example').executeTakeFirst();
  if (!sakura || !csm || !rep) return;
  await ctx.db
    .updateTable('membership_years')
    .set({ csm_user_id: csm.id })
    .where('company_id', '=', sakura.id)
    .where('fiscal_year', '=', fiscalYear)
    .execute();
  const account = await ctx.db
    .selectFrom('account_assignments')
    .select('account_id')
    .where('company_id', '=', sakura.id)
    .where('valid_to', 'is', null)
    .orderBy('account_id')
    .executeTakeFirst();
  if (!account) return;
  const repCaller: Caller = {
    actor: { kind: 'customer', userId: rep.id, email: rep.email, role: 'representative', companyId: sakura.id },
    ip: null,
  };
  const csmCaller: Caller = { actor: { kind: 'staff', userId: csm.id, email: csm.email, role: 'csm' }, ip: null };
  const applied = await applyForService(ctx, repCaller, {
    companyId: sakura.id,
    serviceCode: 'cost-consulting-lite',
    awsAccountId: account.account_id,
    note: '本番アカウントのEC2とRDSのコストを中心に見ていただきたいです。',
  });
  await moveApplication(ctx, csmCaller, { applicationId: applied.id, to: 'scheduling', note: '初回打ち合わせの候補日をお送りします。' });
  await moveApplication(ctx, csmCaller, { applicationId: applied.id, to: 'in_progress', note: '' });
  await postApplicationMessage(ctx, csmCaller, {
    applicationId: applied.id,
    body: 'Compute Optimizer の結果を確認中です。来週中に一次報告をお送りします。',
  });
}
