import { Decimal } from 'decimal.js';
import { forecastMonthEnd } from '../../costs/rules/month-forecast.ts';
import { convertUsdToJpy } from '../../fx/rules/yen-conversion.ts';
import type { YenRounding } from '../../fx/rules/fx-settings.ts';
import type { BudgetScope } from '../tables.ts';
import { crossedThresholds } from './threshold-crossing.ts';

export type BudgetDefinition = {
  scope: BudgetScope;
  accountId: string | null;
  serviceCode: string | null;
  amountJpy: bigint;
  thresholds: readonly number[];
};
export type DailySpend = { accountId: string; serviceCode: string; date: string; usd: string };
export type MonthRate = { usdJpy: string; rateDate: string; source: string; basis: 'usage-month' | 'latest' };

export type BudgetStatus = {
  actualUsd: string;
  forecastUsd: string | null;
  actualJpy: bigint | null;
  forecastJpy: bigint | null;
  crossedActual: number[];
  crossedForecast: number[];
};

export function inBudgetScope(
  budget: Pick<BudgetDefinition, 'scope' | 'accountId' | 'serviceCode'>,
  row: Pick<DailySpend, 'accountId' | 'serviceCode'>,
) {
  if (budget.scope === 'account') return row.accountId === budget.accountId;
  if (budget.scope === 'service') return row.serviceCode === budget.serviceCode;
  return true;
}

/**
 * A budget's month (pure): the actual is the USD of the company's facts in scope; the forecast is
 * forecastMonthEnd's (the costs module's rule) up to `lastDay`, the last day the month has data, and
 * only while the month is not complete. Each is converted to yen once, at the month's rate; without
 * a rate there is no yen and no threshold is judged.
 */
export function budgetStatus(input: {
  budget: BudgetDefinition;
  month: string;
  spend: readonly DailySpend[];
  lastDay: string | null;
  complete: boolean;
  rate: MonthRate | null;
  rounding: YenRounding;
}): BudgetStatus {
  const { budget, rate } = input;
  const daily = input.spend
    .filter((row) => row.date.startsWith(`${input.month}-`) && inBudgetScope(budget, row))
    .map((row) => ({ date: row.date, amount: row.usd }));
  const actual = daily.reduce((sum, d) => sum.plus(d.amount), new Decimal(0));
  let forecast: Decimal | null = null;
  if (!input.complete && input.lastDay) forecast = forecastMonthEnd({ month: input.month, lastDay: input.lastDay, daily }).forecast;
  const yen = (usd: Decimal | null) => (usd && rate ? convertUsdToJpy(usd, rate.usdJpy, input.rounding) : null);
  const actualJpy = yen(actual);
  const forecastJpy = yen(forecast);
  return {
    actualUsd: actual.toFixed(),
    forecastUsd: forecast?.toFixed() ?? null,
    actualJpy,
    forecastJpy,
    crossedActual:
      actualJpy === null ? [] : crossedThresholds({ amountJpy: actualJpy, budgetJpy: budget.amountJpy, thresholds: budget.thresholds }),
    crossedForecast:
      forecastJpy === null ? [] : crossedThresholds({ amountJpy: forecastJpy, budgetJpy: budget.amountJpy, thresholds: budget.thresholds }),
  };
}
