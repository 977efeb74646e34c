import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export type InvoiceStatus = 'draft' | 'finalized' | 'sent' | 'void';
export const SECTION_KINDS = ['usage', 'commitment', 'purchase', 'marketplace', 'refund', 'adjustment', 'custom'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

/** GET /api/invoices (src/modules/invoicing/invoices-presenter.ts): yen are integers. */
export type InvoiceListItem = {
  id: string;
  company_code: string;
  company_name: string;
  billing_month: string;
  number: string | null;
  status: InvoiceStatus;
  subtotal_jpy: number;
  tax_jpy: number;
  total_jpy: number;
  issue_date: string | null;
  due_date: string | null;
  warnings: string[];
};

/** GET /api/invoices/:invoiceId: yen as integer strings, USD and rates as exact decimal strings. */
export type InvoiceHeader = {
  id: string;
  company_code: string;
  company_name: string;
  billing_month: string;
  number: string | null;
  status: InvoiceStatus;
  subtotal_jpy: string;
  tax_jpy: string;
  total_jpy: string;
  issue_date: string | null;
  due_date: string | null;
  warnings: string[];
};

export type InvoiceLine = {
  position: number;
  section: SectionKind;
  account_id: string | null;
  account_name: string | null;
  service_name: string | null;
  description: string;
  usd: string | null;
  markup_percent: string | null;
  rate_usd_jpy: string | null;
  rate_date: string | null;
  rate_requested_date: string | null;
  rate_source: string | null;
  jpy: string;
};

export type InvoiceWithLines = { invoice: InvoiceHeader; lines: InvoiceLine[] };

/** POST /api/invoice-runs (src/modules/invoicing/run-invoice-drafts.ts). */
export type InvoiceRunResult = {
  month: string;
  drafts: { companyCode: string; invoiceId: string; lines: number; subtotalJpy: string; taxJpy: string; totalJpy: string }[];
  finalized: string[];
  nothingToBill: string[];
  unassignedUsd: Record<string, string>;
  warnings: string[];
};

/** POST /api/invoices/finalize (src/modules/invoicing/finalize-invoices.ts). */
export type FinalizeOutcome =
  | { companyCode: string; status: 'finalized'; invoiceId: string; number: string; totalJpy: string }
  | { companyCode: string; status: 'refused'; invoiceId: string; reason: string };

const INVOICES_KEY = ['invoices'] as const;

/** Invoices of one month, or (month omitted) all months: staff see drafts, customers their issued ones. */
export function useInvoices(month?: string) {
  return useQuery({
    queryKey: [...INVOICES_KEY, 'list', month ?? 'all'],
    queryFn: () => api.get<InvoiceListItem[]>(`/invoices${month ? `?month=${month}` : ''}`),
    placeholderData: keepPreviousData,
  });
}

/** A company's issued invoices, as its customer sees them: staff viewing as the customer get no drafts either. */
export function useIssuedInvoices(companyId: string) {
  return useQuery({
    queryKey: [...INVOICES_KEY, 'issued', companyId],
    queryFn: async () => (await api.get<InvoiceListItem[]>(`/invoices?companyId=${companyId}`)).filter((i) => i.status !== 'draft'),
  });
}

export function useInvoice(invoiceId: string) {
  return useQuery({ queryKey: [...INVOICES_KEY, 'detail', invoiceId], queryFn: () => api.get<InvoiceWithLines>(`/invoices/${invoiceId}`) });
}

export const invoicePdfUrl = (invoiceId: string) => `/api/invoices/${invoiceId}/pdf`;

/** A run or a finalization changes the month's invoices: every invoice query is read again. */
export function useRunInvoiceDrafts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (month: string) => api.post<InvoiceRunResult>('/invoice-runs', { month }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: INVOICES_KEY }),
  });
}

export function useFinalizeInvoices() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (month: string) => api.post<FinalizeOutcome[]>('/invoices/finalize', { month }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: INVOICES_KEY }),
  });
}

/** The month before a YYYY-MM month. */
export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}
