import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { isCalendarMonth, tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { loadFxSettings } from '../fx/fx-settings-store.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { alertRecipients } from './alert-mail.ts';
import { mayManageBudgets, mayReadBudgets } from './budget-access.ts';
import { ANOMALY_RULE } from './rules/anomaly.ts';
import { budgetStatus } from './rules/budget-status.ts';
import { percentOfBudget } from './rules/threshold-crossing.ts';
import { loadSpend, monthDataThrough, monthRate } from './spend-store.ts';
import { invalid } from '../../platform/errors.ts';

const Rate = z.object({ usdJpy: z.string(), rateDate: z.string(), source: z.string(), basis: z.enum(['usage-month', 'latest']) });

export const BudgetView = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(['company', 'account', 'service']),
  accountId: z.string().nullable(),
  serviceCode: z.string().nullable(),
  amountJpy: z.number().int(),
  thresholds: z.array(z.number().int()),
  alertOnForecast: z.boolean(),
  /** This month, in yen at the month's rate (null without a rate). */
  actualJpy: z.number().int().nullable(),
  forecastJpy: z.number().int().nullable(),
  actualPercent: z.number().nullable(),
  forecastPercent: z.number().nullable(),
});
export type BudgetView = z.infer<typeof BudgetView>;

export const BudgetsOverview = z.object({
  month: z.string(),
  rate: Rate.nullable(),
  lastDay: z.string().nullable(),
  complete: z.boolean(),
  canManage: z.boolean(),
  budgets: z.array(BudgetView),
  accounts: z.array(z.object({ accountId: z.string(), name: z.string() })),
  services: z.array(z.object({ serviceCode: z.string(), serviceName: z.string() })),
});
export type BudgetsOverview = z.infer<typeof BudgetsOverview>;

export const CostAlertView = z.object({
  id: z.string(),
  kind: z.enum(['actual', 'forecast', 'anomaly', 'restricted']),
  month: z.string(),
  budgetId: z.string().nullable(),
  budgetName: z.string().nullable(),
  threshold: z.number().int().nullable(),
  usageDate: z.string().nullable(),
  usageAccountId: z.string().nullable(),
  serviceCode: z.string().nullable(),
  serviceName: z.string().nullable(),
  amountJpy: z.number().int().nullable(),
  budgetJpy: z.number().int().nullable(),
  amountUsd: z.string(),
  baselineUsd: z.string().nullable(),
  usdJpy: z.string().nullable(),
  rateDate: z.string().nullable(),
  raisedAt: z.date(),
  dismissedAt: z.date().nullable(),
});
export type CostAlertView = z.infer<typeof CostAlertView>;

export const CostAlertsOverview = z.object({
  alerts: z.array(CostAlertView),
  mutes: z.array(z.object({ serviceCode: z.string(), mutedBy: z.string(), mutedAt: z.date() })),
  /** The calling customer user's e-mail setting (null for staff). */
  subscribed: z.boolean().nullable(),
  canManage: z.boolean(),
  anomalyRule: z.object({ windowDays: z.number(), minHistoryDays: z.number(), multiplier: z.string(), minIncreaseUsd: z.string() }),
});
export type CostAlertsOverview = z.infer<typeof CostAlertsOverview>;

const utcMonthOf = (instant: Date) => instant.toISOString().slice(0, 7);

/** The open month (UTC) — or, before its first cost data arrives, the latest month that has some. */
async function defaultMonth(ctx: AppContext) {
  const current = utcMonthOf(ctx.now());
  const latest = await ctx.db
    .selectFrom('cost_periods')
    .select((eb) => eb.fn.max('billing_period').as('month'))
    .where('billing_period', '<=', current)
    .executeTakeFirst();
  return latest?.month ?? current;
}

async function assertCompany(ctx: AppContext, actor: Actor, companyId: string) {
  if (!mayReadBudgets(actor, companyId)) throw notFound('Company');
  const company = await ctx.db.selectFrom('companies').select('id').where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound('Company');
}

/** A company's budgets with this month's actual and forecast in yen: its own users, or staff. */
export async function companyBudgets(ctx: AppContext, actor: Actor, companyId: string, month?: string): Promise<BudgetsOverview> {
  await assertCompany(ctx, actor, companyId);
  const m = month ?? (await defaultMonth(ctx));
  if (!isCalendarMonth(m)) throw invalid(`"${m}" is not a month (YYYY-MM)`);
  const settings = await loadFxSettings(ctx.db);
  const [spend, through, rate] = [
    await loadSpend(ctx.db, m, companyId),
    await monthDataThrough(ctx.db, m),
    await monthRate(ctx.db, m, tokyoDateOf(ctx.now()), settings),
  ];
  const budgets = await ctx.db
    .selectFrom('budgets')
    .selectAll()
    .where('company_id', '=', companyId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const accounts = await ctx.db
    .selectFrom('account_assignments as aa')
    .innerJoin('aws_accounts as a', 'a.account_id', 'aa.account_id')
    .select(['a.account_id', 'a.name'])
    .distinct()
    .where('aa.company_id', '=', companyId)
    .orderBy('a.account_id')
    .execute();
  const services = new Map<string, string>();
  for (const s of spend) services.set(s.serviceCode, s.serviceName);
  for (const b of budgets) if (b.service_code && !services.has(b.service_code)) services.set(b.service_code, b.service_code);
  return {
    month: m,
    rate,
    lastDay: through.lastDay,
    complete: through.complete,
    canManage: mayManageBudgets(actor, companyId) && actor.kind !== 'system',
    accounts: accounts.map((a) => ({ accountId: a.account_id, name: a.name })),
    services: [...services]
      .map(([serviceCode, serviceName]) => ({ serviceCode, serviceName }))
      .sort((a, b) => a.serviceName.localeCompare(b.serviceName)),
    budgets: budgets.map((b) => {
      const amountJpy = BigInt(b.amount_jpy);
      const status = budgetStatus({
        budget: { scope: b.scope, accountId: b.account_id, serviceCode: b.service_code, amountJpy, thresholds: b.thresholds },
        month: m,
        spend,
        lastDay: through.lastDay,
        complete: through.complete,
        rate,
        rounding: settings.rounding,
      });
      const forecastJpy = status.forecastJpy ?? (through.complete ? status.actualJpy : null);
      return {
        id: b.id,
        name: b.name,
        scope: b.scope,
        accountId: b.account_id,
        serviceCode: b.service_code,
        amountJpy: Number(amountJpy),
        thresholds: b.thresholds,
        alertOnForecast: b.alert_on_forecast,
        actualJpy: status.actualJpy === null ? null : Number(status.actualJpy),
        forecastJpy: forecastJpy === null ? null : Number(forecastJpy),
        actualPercent: status.actualJpy === null ? null : percentOfBudget(status.actualJpy, amountJpy),
        forecastPercent: forecastJpy === null ? null : percentOfBudget(forecastJpy, amountJpy),
      };
    }),
  };
}

/** A company's alerts, newest first (open only, or all of a month), its anomaly mutes and the caller's e-mail setting. */
export async function companyCostAlerts(
  ctx: AppContext,
  actor: Actor,
  companyId: string,
  filter: { month?: string; open?: boolean } = {},
): Promise<CostAlertsOverview> {
  await assertCompany(ctx, actor, companyId);
  let query = ctx.db
    .selectFrom('cost_alerts')
    .selectAll()
    .where('company_id', '=', companyId)
    .orderBy('raised_at', 'desc')
    .orderBy('id')
    .limit(500);
  if (filter.month) query = query.where('month', '=', filter.month);
  if (filter.open) query = query.where('dismissed_at', 'is', null);
  const rows = await query.execute();
  const mutes = await ctx.db.selectFrom('anomaly_mutes').selectAll().where('company_id', '=', companyId).orderBy('service_code').execute();
  let subscribed: boolean | null = null;
  if (actor.kind === 'customer') subscribed = (await alertRecipients(ctx.db, companyId)).includes(actor.email);
  return {
    alerts: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      month: r.month,
      budgetId: r.budget_id,
      budgetName: r.budget_name,
      threshold: r.threshold,
      usageDate: r.usage_date,
      usageAccountId: r.usage_account_id,
      serviceCode: r.service_code,
      serviceName: r.service_name,
      amountJpy: r.amount_jpy === null ? null : Number(r.amount_jpy),
      budgetJpy: r.budget_jpy === null ? null : Number(r.budget_jpy),
      amountUsd: r.amount_usd,
      baselineUsd: r.baseline_usd,
      usdJpy: r.usd_jpy,
      rateDate: r.rate_date,
      raisedAt: r.raised_at,
      dismissedAt: r.dismissed_at,
    })),
    mutes: mutes.map((m) => ({ serviceCode: m.service_code, mutedBy: m.muted_by, mutedAt: m.muted_at })),
    subscribed,
    canManage: mayManageBudgets(actor, companyId) && actor.kind !== 'system',
    anomalyRule: ANOMALY_RULE,
  };
}
