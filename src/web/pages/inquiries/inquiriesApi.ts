import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const CATEGORIES = ['membership', 'option_service', 'training', 'optimization', 'portal', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export type InquirySummary = {
  id: string;
  companyId: string;
  companyCode: string;
  companyName: string;
  subject: string;
  category: Category;
  status: 'open' | 'closed';
  openedBy: string;
  openedAt: string;
  lastMessageAt: string;
  closedAt: string | null;
  awaitingStaff: boolean;
  waitingMinutes: number | null;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  messageCount: number;
};
export type InquiryDetail = InquirySummary & {
  closedBy: string | null;
  messages: { id: string; authorKind: 'customer' | 'staff'; authorName: string; body: string; createdAt: string }[];
};
export type InquiryQueue = {
  inquiries: InquirySummary[];
  averageFirstResponseMinutes: number | null;
  averageResolutionMinutes: number | null;
};

const KEY = ['inquiries'] as const;

export const useCompanyInquiries = (companyId: string) =>
  useQuery({
    queryKey: [...KEY, 'company', companyId],
    queryFn: () => api.get<{ inquiries: InquirySummary[] }>(`/companies/${companyId}/inquiries`),
  });
export const useInquiryQueue = () => useQuery({ queryKey: [...KEY, 'queue'], queryFn: () => api.get<InquiryQueue>('/inquiries') });
export const useInquiry = (id: string) => useQuery({ queryKey: [...KEY, id], queryFn: () => api.get<InquiryDetail>(`/inquiries/${id}`) });

function useInquiryMutation<T>(call: (input: T) => Promise<InquiryDetail>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }) });
}

export const useOpenInquiry = (companyId: string) =>
  useInquiryMutation((fields: { subject: string; category: Category; body: string }) =>
    api.post<InquiryDetail>(`/companies/${companyId}/inquiries`, fields),
  );
export const usePostMessage = (id: string) =>
  useInquiryMutation((body: string) => api.post<InquiryDetail>(`/inquiries/${id}/messages`, { body }));
export const useCloseInquiry = (id: string) => useInquiryMutation(() => api.post<InquiryDetail>(`/inquiries/${id}/close`));
