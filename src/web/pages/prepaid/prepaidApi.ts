import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const PURCHASE_TYPES = ['RI', 'SavingsPlan', 'Marketplace', 'other'] as const;
export type PurchaseType = (typeof PURCHASE_TYPES)[number];

export type PrepaidNotice = {
  id: string;
  companyId: string;
  companyCode: string;
  companyName: string;
  purchaseType: PurchaseType;
  expectedUsd: string;
  expectedDate: string;
  note: string | null;
  filedBy: string;
  filedAt: string;
  status: 'filed' | 'acknowledged' | 'withdrawn';
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
};

export type PrepaidPurchase = {
  id: string;
  companyId: string | null;
  companyCode: string | null;
  usageAccountId: string;
  purchaseDate: string;
  serviceCode: string;
  serviceName: string;
  purchaseType: PurchaseType;
  amountUsd: string;
  amountJpy: number | null;
  usdJpy: string | null;
  rateDate: string | null;
  noticeId: string | null;
  status: 'matched' | 'open' | 'resolved';
  resolutionNote: string | null;
};

export type PrepaidOverview = { notices: PrepaidNotice[]; purchases: PrepaidPurchase[] };
export type NoticeFields = { purchaseType: PurchaseType; expectedUsd: string; expectedDate: string; note: string };

const KEY = ['prepaid'] as const;

/** A company's notices and large purchases (customers), or every company's (companyId null: staff). */
export function usePrepaidOverview(companyId: string | null) {
  return useQuery({
    queryKey: [...KEY, companyId ?? 'all'],
    queryFn: () => api.get<PrepaidOverview>(companyId ? `/companies/${companyId}/prepaid-notices` : '/prepaid-notices'),
  });
}

function usePrepaidMutation<T>(call: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }) });
}

export const useFileNotice = (companyId: string) => usePrepaidMutation((fields: NoticeFields) => api.post(`/companies/${companyId}/prepaid-notices`, fields));
export const useWithdrawNotice = () => usePrepaidMutation((noticeId: string) => api.post(`/prepaid-notices/${noticeId}/withdraw`));
export const useAcknowledgeNotice = () => usePrepaidMutation((noticeId: string) => api.post(`/prepaid-notices/${noticeId}/acknowledge`));
export const useResolveAlert = () => usePrepaidMutation(({ alertId, note }: { alertId: string; note: string }) => api.post(`/prepaid-alerts/${alertId}/resolve`, { note }));
