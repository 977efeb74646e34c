import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { CostIngestion } from '../../api/types.ts';

export const COST_INGESTIONS_KEY = ['cost-ingestions'] as const;
const LIST_KEY = [...COST_INGESTIONS_KEY, 'list'] as const;
const detailKey = (id: string) => [...COST_INGESTIONS_KEY, 'detail', id] as const;

/** While an ingestion is queued or running the console asks again every 2 s. */
export const POLL_MS = 2000;

export const isActive = (ingestion: CostIngestion) => ingestion.status === 'queued' || ingestion.status === 'running';

export function useCostIngestions() {
  return useQuery({
    queryKey: LIST_KEY,
    queryFn: () => api.get<CostIngestion[]>('/cost-ingestions'),
    refetchInterval: (query) => (query.state.data?.some(isActive) ? POLL_MS : false),
  });
}

/** One ingestion; shown at once from the list when it is there, and the list is kept in step with it. */
export function useCostIngestion(ingestionId: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: detailKey(ingestionId),
    queryFn: async () => {
      const fresh = await api.get<CostIngestion>(`/cost-ingestions/${encodeURIComponent(ingestionId)}`);
      queryClient.setQueryData<CostIngestion[]>(LIST_KEY, (list) => list?.map((item) => (item.id === fresh.id ? fresh : item)));
      return fresh;
    },
    placeholderData: () => queryClient.getQueryData<CostIngestion[]>(LIST_KEY)?.find((item) => item.id === ingestionId),
    refetchInterval: (query) => (query.state.data && isActive(query.state.data) ? POLL_MS : false),
  });
}

/** The line types in the order people read a bill: usage, commitments, fees, discounts and credits, tax. */
export const LINE_TYPE_ORDER = [
  'Usage',
  'DiscountedUsage',
  'SavingsPlanCoveredUsage',
  'SavingsPlanNegation',
  'RIFee',
  'SavingsPlanRecurringFee',
  'SavingsPlanUpfrontFee',
  'Fee',
  'Credit',
  'EdpDiscount',
  'PrivateRateDiscount',
  'SppDiscount',
  'DistributorDiscount',
  'BundledDiscount',
  'Refund',
  'Tax',
] as const;

/** The totals as [lineType, amount] in LINE_TYPE_ORDER, line types we do not know last (by name). */
export function orderedTotals(totals: Record<string, string>): [string, string][] {
  const rank = (lineType: string) => {
    const i = (LINE_TYPE_ORDER as readonly string[]).indexOf(lineType);
    return i === -1 ? LINE_TYPE_ORDER.length : i;
  };
  return Object.entries(totals).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
