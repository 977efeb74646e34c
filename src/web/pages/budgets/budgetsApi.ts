import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export type BudgetScope = 'company' | 'account' | 'service';
export type MonthRate = { usdJpy: string; rateDate: string; source: string; basis: 'usage-month' | 'latest' };

export type Budget = {
  id: string;
  name: string;
  scope: BudgetScope;
  accountId: string | null;
  serviceCode: string | null;
  amountJpy: number;
  thresholds: number[];
  alertOnForecast: boolean;
  actualJpy: number | null;
  forecastJpy: number | null;
  actualPercent: number | null;
  forecastPercent: number | null;
};

export type BudgetsOverview = {
  month: string;
  rate: MonthRate | null;
  lastDay: string | null;
  complete: boolean;
  canManage: boolean;
  budgets: Budget[];
  accounts: { accountId: string; name: string }[];
  services: { serviceCode: string; serviceName: string }[];
};

export type BudgetFields = {
  name: string;
  scope: BudgetScope;
  accountId: string | null;
  serviceCode: string | null;
  amountJpy: number;
  thresholds: number[];
  alertOnForecast: boolean;
};

export type CostAlertKind = 'actual' | 'forecast' | 'anomaly' | 'restricted';
export type CostAlert = {
  id: string;
  kind: CostAlertKind;
  month: string;
  budgetId: string | null;
  budgetName: string | null;
  threshold: number | null;
  usageDate: string | null;
  usageAccountId: string | null;
  serviceCode: string | null;
  serviceName: string | null;
  amountJpy: number | null;
  budgetJpy: number | null;
  amountUsd: string;
  baselineUsd: string | null;
  usdJpy: string | null;
  rateDate: string | null;
  raisedAt: string;
  dismissedAt: string | null;
};

export type CostAlertsOverview = {
  alerts: CostAlert[];
  mutes: { serviceCode: string; mutedBy: string; mutedAt: string }[];
  subscribed: boolean | null;
  canManage: boolean;
  anomalyRule: { windowDays: number; minHistoryDays: number; multiplier: string; minIncreaseUsd: string };
};

const KEY = ['budgets'] as const;

/** The budgets of `month`, or (null) of the month the server picks: the open one, or the latest with data. */
export function useBudgets(companyId: string, month: string | null) {
  return useQuery({
    queryKey: [...KEY, 'budgets', companyId, month],
    queryFn: () => api.get<BudgetsOverview>(`/companies/${companyId}/budgets${month ? `?month=${month}` : ''}`),
  });
}

export function useCostAlerts(companyId: string, openOnly: boolean) {
  return useQuery({
    queryKey: [...KEY, 'alerts', companyId, openOnly],
    queryFn: () => api.get<CostAlertsOverview>(`/companies/${companyId}/cost-alerts${openOnly ? '?open=true' : ''}`),
  });
}

function useBudgetMutation<T>(call: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }) });
}

export const useCreateBudget = (companyId: string) =>
  useBudgetMutation((fields: BudgetFields) => api.post(`/companies/${companyId}/budgets`, fields));
export const useUpdateBudget = () =>
  useBudgetMutation(({ id, fields }: { id: string; fields: BudgetFields }) => api.put(`/budgets/${id}`, fields));
export const useDeleteBudget = () => useBudgetMutation((id: string) => api.delete(`/budgets/${id}`));
export const useDismissAlert = () => useBudgetMutation((id: string) => api.post(`/cost-alerts/${id}/dismiss`));
export const useSetMute = (companyId: string) =>
  useBudgetMutation((input: { serviceCode: string; muted: boolean }) => api.post(`/companies/${companyId}/anomaly-mutes`, input));
export const useSetSubscription = () => useBudgetMutation((subscribed: boolean) => api.put('/alert-subscription', { subscribed }));
