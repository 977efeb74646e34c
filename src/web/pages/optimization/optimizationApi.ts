import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export type Rank = 'PLATINUM' | 'GOLD' | 'SILVER' | 'BRONZE' | 'REGULAR';
export type Priority = 'high' | 'medium' | 'low';
export type ProposalStatus = 'proposed' | 'agreed' | 'in_progress' | 'implemented' | 'measured' | 'declined';
export type Proposal = {
  id: string;
  companyId: string;
  category: 'cost' | 'security' | 'architecture';
  title: string;
  description: string;
  expectedEffect: string;
  expectedSavingJpy: number | null;
  effort: 'small' | 'medium' | 'large';
  accountIds: string[];
  serviceCodes: string[];
  customerPriority: Priority | null;
  customerPriorityBy: string | null;
  csmPriority: Priority | null;
  csmPriorityBy: string | null;
  agreedPriority: Priority | null;
  status: ProposalStatus;
  changeDate: string | null;
  statusNote: string | null;
  proposedBy: string;
  proposedAt: string;
};
export type CompanyOptimization = {
  companyId: string;
  companyName: string;
  rank: Rank;
  csmKind: 'dedicated' | 'shared';
  fiscalYear: number;
  csm: { id: string; name: string; email: string } | null;
  accounts: { accountId: string; name: string }[];
  proposals: Proposal[];
};
type Money = { usd: string | null; jpy: number | null };
export type ProposalDetail = {
  proposal: Proposal;
  measurement: {
    changeMonth: string;
    state: 'waiting' | 'partial' | 'complete';
    beforeAverage: Money;
    afterAverage: Money;
    savingPerMonth: Money;
    savingPercent: string | null;
    months: { month: string; usd: string; jpy: number | null; phase: 'before' | 'change' | 'after' | 'pending' }[];
  } | null;
};
export type CsmWorkloads = {
  fiscalYear: number;
  csms: { id: string; name: string; email: string; companies: { id: string; code: string; name: string; rank: Rank }[] }[];
};

const KEY = ['optimization'] as const;
export const useCompanyOptimization = (companyId: string) =>
  useQuery({
    queryKey: [...KEY, companyId],
    queryFn: () => api.get<CompanyOptimization>(`/companies/${companyId}/optimization`),
    retry: false,
  });
export const useProposal = (id: string) =>
  useQuery({ queryKey: [...KEY, 'proposal', id], queryFn: () => api.get<ProposalDetail>(`/optimization-proposals/${id}`) });
export const useCsmWorkloads = () => useQuery({ queryKey: [...KEY, 'csms'], queryFn: () => api.get<CsmWorkloads>('/optimization/csms') });

function useOptimizationMutation<T>(call: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }) });
}
export const useAssignCsm = (companyId: string) =>
  useOptimizationMutation((csmUserId: string) => api.put(`/companies/${companyId}/optimization/csm`, { csmUserId }));
export const useOpenProposal = (companyId: string) =>
  useOptimizationMutation((fields: Record<string, unknown>) => api.post(`/companies/${companyId}/optimization/proposals`, fields));
export const useSetPriority = (id: string) =>
  useOptimizationMutation((priority: Priority) => api.post(`/optimization-proposals/${id}/priority`, { priority }));
export const useChangeStatus = (id: string) =>
  useOptimizationMutation((input: { status: ProposalStatus; changeDate?: string | null; note?: string | null }) =>
    api.post(`/optimization-proposals/${id}/status`, input),
  );
