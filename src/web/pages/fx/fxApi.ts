import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const FALLBACKS = ['preceding', 'following'] as const;
export const ROUNDINGS = ['half-up', 'down', 'up', 'half-even'] as const;

export type FxSettings = {
  source: string;
  usageRateDay: number;
  fallback: (typeof FALLBACKS)[number];
  maxFallbackDays: number;
  rounding: (typeof ROUNDINGS)[number];
};

export type FxRate = { date: string; usdJpy: string; source: string; importedAt: string; importedBy: string };
export type UsageMonthRate = {
  month: string;
  requestedDate: string;
  status: 'published' | 'fallback' | 'missing' | 'pending';
  rateDate: string | null;
  usdJpy: string | null;
  neededDate: string | null;
};
export type FxRatesListing = {
  source: string;
  from: string;
  to: string;
  sources: { source: string; count: number; firstDate: string; lastDate: string }[];
  rates: FxRate[];
  truncated: boolean;
  usageMonths: UsageMonthRate[];
};
export type FxImportResult = {
  created: number;
  updated: number;
  unchanged: number;
  sources: string[];
  from: string | null;
  to: string | null;
};

export type FxRatesFilter = { source?: string; from?: string; to?: string };

const FX_KEY = ['fx'] as const;

export function useFxRates(filter: FxRatesFilter) {
  const params = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const query = params.toString();
  return useQuery({
    queryKey: [...FX_KEY, 'rates', query],
    queryFn: () => api.get<FxRatesListing>(`/fx-rates${query ? `?${query}` : ''}`),
    placeholderData: keepPreviousData,
  });
}

export function useFxSettings() {
  return useQuery({ queryKey: [...FX_KEY, 'settings'], queryFn: () => api.get<FxSettings>('/fx-settings') });
}

/** Any change to rates or settings changes what every usage month converts at: everything is read again. */
export function useImportFxRates() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { csv: string; source?: string }) => api.post<FxImportResult>('/fx-rates/import', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: FX_KEY }),
  });
}

export function useSaveFxSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: FxSettings) => api.put<FxSettings>('/fx-settings', settings),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: FX_KEY }),
  });
}
