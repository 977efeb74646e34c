import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

/** Shapes of src/modules/portal (docs/portal.md). USD are exact decimal strings, yen integer strings. */
export type Rate = { date: string; usdJpy: string; source: string };
export type Ranked = { key: string; label: string; usd: string; jpy: string | null };
export type Standing = 'draft' | 'finalized' | 'sent' | 'partially-paid' | 'paid' | 'overdue' | 'void';
export type InvoiceStanding = {
  invoiceId: string;
  number: string | null;
  billingMonth: string;
  issueDate: string | null;
  dueDate: string | null;
  subtotalJpy: string;
  totalJpy: string;
  paidJpy: string;
  balanceJpy: string;
  status: Standing;
};
export type PortalOverview = {
  company: { id: string; code: string; name: string };
  month: string;
  estimate: {
    lastDay: string | null;
    daysElapsed: number;
    daysInMonth: number;
    toDateUsd: string;
    forecastUsd: string | null;
    toDateJpy: string | null;
    forecastJpy: string | null;
    rate: Rate | null;
    daily: { date: string; usd: string }[];
  };
  topServices: Ranked[];
  topAccounts: Ranked[];
  invoicedMonths: { month: string; invoiceId: string; number: string | null; totalJpy: string; subtotalJpy: string; status: string }[];
  unpaid: InvoiceStanding[];
};

export const DIMENSIONS = ['account', 'service', 'region', 'usageType', 'chargeType'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
/** `tag` groups by the values of `tagKey` (a cost-allocation tag, e.g. user:Environment). */
export type GroupBy = Dimension | 'tag';
export type ExplorerParams = {
  from: string;
  to: string;
  granularity: 'daily' | 'monthly';
  groupBy: GroupBy;
  currency: 'USD' | 'JPY';
  /** The one tag key the view groups or filters by. */
  tagKey?: string;
  /** Comma-separated values of tagKey to keep (UNTAGGED for lines without it). */
  tag?: string;
} & Partial<Record<Dimension, string>>;
export type ExplorerResult = {
  currency: 'USD' | 'JPY';
  granularity: 'daily' | 'monthly';
  groupBy: GroupBy;
  from: string;
  to: string;
  periods: { period: string; basis: 'usd' | 'invoice' | 'estimate' }[];
  groups: { key: string; label: string; total: string }[];
  cells: { period: string; key: string; amount: string }[];
  total: string;
  rate: Rate | null;
  invoicedMonths: { month: string; invoiceId: string; number: string | null }[];
};
export type CommitmentRow = {
  month: string;
  accountId: string;
  accountName: string;
  coveredOnDemandUsd: string;
  onDemandUsd: string;
  usedCommitmentUsd: string;
  unusedCommitmentUsd: string;
  savingsUsd: string;
  coveragePercent: string | null;
  utilizationPercent: string | null;
};

export type CostTagKey = { key: string; values: string[] };

export const OTHER_INVOICE_LINES = '__invoice_other__';
/** Lines without the tag, as a group key and a filter value (the API's UNTAGGED). */
export const UNTAGGED = '(untagged)';
export const OTHERS = '__others__';

/** The query string of an explorer query: what the page's URL and the API share. */
export function explorerSearch(p: ExplorerParams): string {
  const search = new URLSearchParams({ from: p.from, to: p.to, granularity: p.granularity, groupBy: p.groupBy, currency: p.currency });
  for (const d of DIMENSIONS) if (p[d]) search.set(d, p[d]!);
  if (p.tagKey && (p.groupBy === 'tag' || p.tag)) search.set('tagKey', p.tagKey);
  if (p.tagKey && p.tag) search.set('tag', p.tag);
  return search.toString();
}

export function useCostTags(companyId: string, from: string, to: string) {
  return useQuery({
    queryKey: ['portal', companyId, 'cost-tags', from, to],
    queryFn: () => api.get<CostTagKey[]>(`/companies/${companyId}/portal/cost-tags?from=${from}&to=${to}`),
    placeholderData: keepPreviousData,
  });
}

export function usePortalOverview(companyId: string) {
  return useQuery({
    queryKey: ['portal', companyId, 'overview'],
    queryFn: () => api.get<PortalOverview>(`/companies/${companyId}/portal/overview`),
  });
}

export function useExplorer(companyId: string, params: ExplorerParams) {
  const search = explorerSearch(params);
  return useQuery({
    queryKey: ['portal', companyId, 'costs', search],
    queryFn: () => api.get<ExplorerResult>(`/companies/${companyId}/portal/costs?${search}`),
    placeholderData: keepPreviousData,
  });
}

export function useCommitments(companyId: string, from: string, to: string) {
  return useQuery({
    queryKey: ['portal', companyId, 'commitments', from, to],
    queryFn: () => api.get<CommitmentRow[]>(`/companies/${companyId}/portal/commitments?from=${from}&to=${to}`),
    placeholderData: keepPreviousData,
  });
}

export function useInvoiceStandings(companyId: string) {
  return useQuery({
    queryKey: ['portal', companyId, 'invoices'],
    queryFn: () => api.get<InvoiceStanding[]>(`/companies/${companyId}/portal/invoices`),
  });
}

export const jpPintUrl = (invoiceId: string) => `/api/invoices/${invoiceId}/jp-pint`;
