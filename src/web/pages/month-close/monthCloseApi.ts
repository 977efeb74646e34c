import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export type StepState = 'done' | 'pending' | 'attention' | 'none';
export type MonthClose = {
  month: string;
  today: string;
  steps: { deliveries: StepState; fx: StepState; drafts: StepState; finalized: StepState; sent: StepState; paid: StepState };
  deliveries: {
    periods: { payerAccountId: string; version: number; isFinal: boolean; updatedAt: string; unblendedUsd: string; accounts: number }[];
    ingestions: { succeeded: number; unchanged: number; failed: number; running: number };
    lastIngestedAt: string | null;
  };
  fx: {
    requestedDate: string;
    rate: { usdJpy: string; rateDate: string; source: string; fallback: boolean } | null;
    missing: string | null;
  };
  invoices: {
    customers: number;
    drafts: number;
    draftsWithWarnings: number;
    finalized: number;
    sent: number;
    void: number;
    creditNotes: number;
    totalJpy: number;
  };
  payments: { due: number; paid: number; partiallyPaid: number; overdue: number; billedJpy: number; receivedJpy: number };
  restricted: {
    companyCode: string;
    companyName: string;
    usageAccountId: string | null;
    serviceName: string | null;
    amountUsd: string;
    amountJpy: number | null;
  }[];
};

export function useMonthClose(month: string) {
  return useQuery({ queryKey: ['month-close', month], queryFn: () => api.get<MonthClose>(`/month-close?month=${month}`) });
}
