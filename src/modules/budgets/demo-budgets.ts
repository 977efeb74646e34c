import type { AppContext, Caller } from '../../platform/context.ts';
import { budgetStatus } from './rules/budget-status.ts';
import { createBudget } from './create-budget.ts';
import { evaluateCostAlerts } from './evaluate-cost-alerts.ts';
import { loadSpend, monthDataThrough, monthRate } from './spend-store.ts';
import { loadFxSettings } from '../fx/fx-settings-store.ts';
import { tokyoDateOf } from '../calendar/rules/calendar-date.ts';

/**
 * The demo's budgets: SAKURA has a company budget its last demo month stays under (about 110% of
 * the actual: the 80% alert) and an EC2 budget it went over (the 80% and 100% alerts) in the latest
 * closed (final) month, evaluated as the job after an ingest would. Sized from the generated data, so the demo always shows both.
 */
export async function seedDemoBudgets(ctx: AppContext, caller: Caller) {
  const latest = await ctx.db
    .selectFrom('cost_periods')
    .select((eb) => eb.fn.max('billing_period').as('month'))
    .where('is_final', '=', true)
    .executeTakeFirst();
  const month = latest?.month;
  if (!month) return;
  const company = await ctx.db.selectFrom('companies').select('id').where('code', '=', 'SAKURA').executeTakeFirst();
  if (!company) return;
  const settings = await loadFxSettings(ctx.db);
  const [spend, through, rate] = [
    await loadSpend(ctx.db, month, company.id),
    await monthDataThrough(ctx.db, month),
    await monthRate(ctx.db, month, tokyoDateOf(ctx.now()), settings),
  ];
  const actual = (scope: 'company' | 'service', serviceCode: string | null) =>
    budgetStatus({
      budget: { scope, accountId: null, serviceCode, amountJpy: 1n, thresholds: [] },
      month,
      spend,
      lastDay: through.lastDay,
      complete: through.complete,
      rate,
      rounding: settings.rounding,
    }).actualJpy ?? 0n;
  const roundUp = (yen: bigint) => ((yen + 9_999n) / 10_000n) * 10_000n;
  const companyYen = actual('company', null);
  const ec2Yen = actual('service', 'AmazonEC2');
  if (companyYen <= 0n || ec2Yen <= 0n) return;
  await createBudget(ctx, caller, {
    companyId: company.id,
    name: '全社の AWS 利用料',
    scope: 'company',
    amountJpy: Number(roundUp((companyYen * 110n) / 100n)),
    thresholds: [80, 100],
    alertOnForecast: true,
  });
  await createBudget(ctx, caller, {
    companyId: company.id,
    name: 'EC2（本番・検証）',
    scope: 'service',
    serviceCode: 'AmazonEC2',
    amountJpy: Number(((ec2Yen * 90n) / 100n / 10_000n) * 10_000n || 1_000n),
    thresholds: [80, 100],
    alertOnForecast: true,
  });
  await evaluateCostAlerts(ctx, caller, { billingPeriods: [month] });
}
