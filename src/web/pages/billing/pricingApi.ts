import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PricingPolicy } from '../../../modules/billing/rules/pricing-policy.ts';
import { api } from '../../api/client.ts';

export type { CustomLine, PricingPolicy } from '../../../modules/billing/rules/pricing-policy.ts';

/** GET /api/companies/:id/pricing-policies (src/modules/billing/pricing-policies-presenter.ts). */
export type PolicyVersion = {
  id: string;
  companyId: string;
  effectiveFrom: string;
  version: number;
  policy: PricingPolicy;
  note: string | null;
  createdBy: string;
  createdAt: string;
};
export type PolicyListing = { companyId: string; versions: PolicyVersion[]; lastInvoicedMonth: string | null };
export type PolicyInForce = {
  companyId: string;
  month: string;
  billingAgency: boolean;
  source: 'version' | 'default';
  version: PolicyVersion | null;
  policy: PricingPolicy;
};
export type NewPolicyVersion = { effectiveFrom: string; policy: unknown; note: string | null };

const listKey = (companyId: string) => ['pricing-policies', companyId, 'list'] as const;
const inForceKey = (companyId: string, month: string) => ['pricing-policies', companyId, 'in-force', month] as const;

export function usePricingPolicies(companyId: string, enabled = true) {
  return useQuery({
    queryKey: listKey(companyId),
    queryFn: () => api.get<PolicyListing>(`/companies/${companyId}/pricing-policies`),
    enabled,
  });
}

export function usePolicyInForce(companyId: string, month: string) {
  return useQuery({
    queryKey: inForceKey(companyId, month),
    queryFn: () => api.get<PolicyInForce>(`/companies/${companyId}/pricing-policies/in-force?month=${encodeURIComponent(month)}`),
    enabled: /^\d{4}-(0[1-9]|1[0-2])$/.test(month),
  });
}

export function useAddPolicyVersion(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewPolicyVersion) => api.post<PolicyVersion>(`/companies/${companyId}/pricing-policies`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['pricing-policies', companyId] }),
  });
}

/** The billing month now: billing runs in UTC months, as the server counts them. */
export const currentBillingMonth = () => new Date().toISOString().slice(0, 7);
