import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Assignment, AwsAccount } from '../../api/types.ts';

export const awsAccountsKey = (companyId?: string) => ['aws-accounts', companyId ?? 'all'] as const;

export function useAwsAccounts(companyId?: string) {
  return useQuery({
    queryKey: awsAccountsKey(companyId),
    queryFn: () => api.get<AwsAccount[]>(`/aws-accounts${companyId ? `?companyId=${encodeURIComponent(companyId)}` : ''}`),
  });
}

/** Is `day` (YYYY-MM-DD) inside the half-open window [validFrom, validTo)? */
export const windowContains = (a: Pick<Assignment, 'validFrom' | 'validTo'>, day: string) => a.validFrom <= day && (a.validTo === null || day < a.validTo);
