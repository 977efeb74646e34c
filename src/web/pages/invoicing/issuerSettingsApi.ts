import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export type AccountType = '普通' | '当座';
export type SequenceScope = 'continuous' | 'issue-year' | 'issue-month' | 'billing-month';
export const SEQUENCE_SCOPES: SequenceScope[] = ['continuous', 'issue-year', 'issue-month', 'billing-month'];

/** GET/PUT /api/issuer-settings (src/modules/invoicing/issuer-settings-presenter.ts). */
export type IssuerSettings = {
  legalName: string;
  postalCode: string | null;
  address: string;
  phone: string | null;
  registrationNumber: string;
  bank: {
    bankName: string;
    bankCode: string | null;
    branchName: string;
    branchCode: string | null;
    accountType: AccountType;
    accountNumber: string;
    accountHolder: string;
  };
  invoiceNumberFormat: string;
  creditNoteNumberFormat: string;
  sequenceScope: SequenceScope;
  updatedAt: string;
};
export type IssuerSettingsInput = Omit<IssuerSettings, 'updatedAt'>;

const KEY = ['issuer-settings'] as const;

export function useIssuerSettings() {
  return useQuery({ queryKey: KEY, queryFn: () => api.get<{ settings: IssuerSettings | null }>('/issuer-settings') });
}

export function useSaveIssuerSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: IssuerSettingsInput) => api.put<IssuerSettings>('/issuer-settings', input),
    onSuccess: (settings) => queryClient.setQueryData(KEY, { settings }),
  });
}
