import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const RANKS = ['PLATINUM', 'GOLD', 'SILVER', 'BRONZE', 'REGULAR'] as const;
export type Rank = (typeof RANKS)[number];
export const STATUSES = ['applied', 'scheduling', 'in_progress', 'reported', 'done', 'rejected', 'cancelled'] as const;
export type Status = (typeof STATUSES)[number];

export type ApplicationProblem =
  'withdrawn' | 'offer_ended' | 'rank_too_low' | 'account_required' | 'account_not_company' | 'not_per_account' | 'capacity_full';
export type TicketEntry = {
  id: string;
  at: string;
  fiscalYear: number;
  kind: 'grant' | 'spend' | 'refund' | 'expire' | 'adjust';
  amount: number;
  balanceAfter: number;
  reason: string | null;
  applicationId: string | null;
};
export type Service = {
  code: string;
  nameJa: string;
  nameEn: string;
  category: 'cost' | 'security' | 'training';
  ticketCost: number;
  costFromTrainingMenu: boolean;
  minRank: Rank;
  perAccount: boolean;
  cancellable: boolean;
  yearlyCapacity: number | null;
  capacityUsed: number;
  leadBusinessDays: number;
  offeredUntil: string | null;
  active: boolean;
  problem: ApplicationProblem | null;
};
export type TrainingMenuItem = {
  code: string;
  nameJa: string;
  nameEn: string;
  format: 'lecture' | 'hands-on';
  hours: string;
  ticketCost: number;
  active: boolean;
};
export type TrainingRequest = {
  id: string;
  companyId: string;
  companyName: string;
  trainingCode: string;
  trainingName: string;
  preferredDates: string[];
  status: 'requested' | 'scheduled' | 'done' | 'cancelled';
  scheduledOn: string | null;
  note: string;
  requestedAt: string;
};
export type ApplicationSummary = {
  id: string;
  companyId: string;
  companyName: string;
  serviceCode: string;
  serviceNameJa: string;
  serviceNameEn: string;
  trainingCode: string | null;
  awsAccountId: string | null;
  tickets: number;
  status: Status;
  earliestStart: string;
  appliedAt: string;
  updatedAt: string;
  cancellable: boolean;
};
export type Membership = {
  companyId: string;
  companyName: string;
  today: string;
  fiscalYear: number;
  validFrom: string;
  validTo: string;
  rank: Rank;
  yearOpened: boolean;
  overridden: boolean;
  balance: number;
  ticketsExpireOn: string;
  ledger: TicketEntry[];
  accounts: { accountId: string; name: string }[];
  csm: { name: string; email: string } | null;
  applications: ApplicationSummary[];
  services: Service[];
  trainingMenu: TrainingMenuItem[];
  training: { quota: number; used: number; left: number; offerTicketedOption: boolean; requests: TrainingRequest[] };
};
export type Attachment = { id: string; fileName: string; contentType: string; sizeBytes: number; isReport: boolean };
export type Message = {
  id: string;
  side: 'customer' | 'staff' | 'system';
  authorName: string | null;
  body: string;
  statusTo: Status | null;
  at: string;
  attachments: Attachment[];
};
export type ApplicationDetail = ApplicationSummary & {
  note: string;
  closedReason: string | null;
  messages: Message[];
  ticketLedger: TicketEntry[];
};
export type Thresholds = { PLATINUM: number; GOLD: number; SILVER: number; BRONZE: number };
export type StaffOverview = {
  fiscalYear: number;
  thresholds: Thresholds;
  byRank: Record<Rank, number>;
  ticketsOutstanding: number;
  applicationsByStatus: Record<Status, number>;
  companies: {
    companyId: string;
    code: string;
    name: string;
    rank: Rank;
    yearOpened: boolean;
    overrideReason: string | null;
    basisTotalJpy: string | null;
    balance: number;
    csmName: string | null;
  }[];
  applications: ApplicationSummary[];
  trainingRequests: TrainingRequest[];
  services: Service[];
  trainingMenu: TrainingMenuItem[];
};

const KEY = ['membership'] as const;

export const useMembership = (companyId: string) =>
  useQuery({
    queryKey: [...KEY, 'company', companyId],
    queryFn: () => api.get<Membership>(`/membership/companies/${companyId}`),
    retry: false,
  });
export const useApplication = (applicationId: string) =>
  useQuery({
    queryKey: [...KEY, 'application', applicationId],
    queryFn: () => api.get<ApplicationDetail>(`/membership/applications/${applicationId}`),
  });
export const useStaffOverview = () =>
  useQuery({ queryKey: [...KEY, 'overview'], queryFn: () => api.get<StaffOverview>('/membership/overview') });

function useMembershipMutation<T>(call: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }) });
}

export type ApplyFields = { serviceCode: string; awsAccountId: string | null; trainingCode: string | null; note: string };
export const useApply = (companyId: string) =>
  useMembershipMutation((f: ApplyFields) => api.post(`/membership/companies/${companyId}/applications`, f));
export const useRequestTraining = (companyId: string) =>
  useMembershipMutation((f: { trainingCode: string; preferredDates: string[]; note: string }) =>
    api.post(`/membership/companies/${companyId}/training-requests`, f),
  );
export type Upload = { fileName: string; contentType: string; dataBase64: string };
export const usePostMessage = (applicationId: string) =>
  useMembershipMutation((f: { body: string; attachments: Upload[]; isReport: boolean }) =>
    api.post(`/membership/applications/${applicationId}/messages`, f),
  );
export const useMoveApplication = (applicationId: string) =>
  useMembershipMutation((f: { to: Status; note: string }) => api.post(`/membership/applications/${applicationId}/status`, f));
export const useCancelApplication = () =>
  useMembershipMutation((applicationId: string) => api.post(`/membership/applications/${applicationId}/cancel`));
export const useOverrideRank = () =>
  useMembershipMutation((f: { companyId: string; fiscalYear: number; rank: Rank; reason: string }) =>
    api.post(`/membership/companies/${f.companyId}/rank-override`, { fiscalYear: f.fiscalYear, rank: f.rank, reason: f.reason }),
  );
export const useAdjustTickets = () =>
  useMembershipMutation((f: { companyId: string; amount: number; reason: string }) =>
    api.post(`/membership/companies/${f.companyId}/ticket-adjustments`, { amount: f.amount, reason: f.reason }),
  );
export const useUpdateTraining = () =>
  useMembershipMutation((f: { id: string; status: 'scheduled' | 'done' | 'cancelled'; scheduledOn: string | null }) =>
    api.post(`/membership/training-requests/${f.id}`, { status: f.status, scheduledOn: f.scheduledOn }),
  );
export const useSaveThresholds = () => useMembershipMutation((t: Thresholds) => api.put('/membership/thresholds', t));
export const useSaveService = () =>
  useMembershipMutation((s: Service) =>
    api.put(`/membership/services/${s.code}`, {
      nameJa: s.nameJa,
      nameEn: s.nameEn,
      ticketCost: s.ticketCost,
      minRank: s.minRank,
      perAccount: s.perAccount,
      cancellable: s.cancellable,
      yearlyCapacity: s.yearlyCapacity,
      leadBusinessDays: s.leadBusinessDays,
      offeredUntil: s.offeredUntil,
      active: s.active,
    }),
  );
export const useSaveTrainingItem = () =>
  useMembershipMutation(({ code, isNew, ...fields }: TrainingMenuItem & { isNew: boolean }) =>
    isNew ? api.post('/membership/training-menu', { code, ...fields }) : api.put(`/membership/training-menu/${code}`, fields),
  );

/** Reads a chosen file as base64 for the JSON upload. */
export function readUpload(file: File): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error);
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ fileName: file.name, contentType: file.type || 'application/octet-stream', dataBase64: url.slice(url.indexOf(',') + 1) });
    };
    reader.readAsDataURL(file);
  });
}

/**
 * Should the navigation hide cloudpack+? For a customer whose company is not a membership
 * customer (the API answers 404) — and until that is known. Staff: never (navFor decides by role).
 */
export function useHideMembershipNav(user: { kind: 'staff' | 'customer'; companyId: string | null }): boolean {
  const companyId = user.kind === 'customer' ? user.companyId : null;
  const query = useQuery({
    queryKey: [...KEY, 'company', companyId],
    queryFn: () => api.get<Membership>(`/membership/companies/${companyId}`),
    enabled: companyId !== null,
    retry: false,
  });
  if (companyId === null) return false;
  return !query.isSuccess;
}
