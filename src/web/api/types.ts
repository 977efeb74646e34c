/** The API's shapes, as the web app reads them (dates arrive as ISO strings). */
export type Stage = 'password_change' | 'mfa_enrol' | 'mfa_challenge' | 'active';
export type StaffRole = 'admin' | 'billing' | 'csm';
export type CustomerRole = 'representative' | 'member';
export type Role = StaffRole | CustomerRole;
export type Locale = 'ja' | 'en';

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  kind: 'staff' | 'customer';
  role: Role;
  companyId: string | null;
  locale: Locale;
};

export type Me = { user: SessionUser; stage: Stage; csrfToken: string };

export type UserView = {
  id: string;
  email: string;
  name: string;
  kind: 'staff' | 'customer';
  role: Role;
  companyId: string | null;
  locale: Locale;
  mfaEnrolled: boolean;
  mustChangePassword: boolean;
  lastSignInAt: string | null;
  createdAt: string;
};

export type Exclusions = {
  dedicatedConnectionOnly: boolean;
  cdnOnly: boolean;
  publicSector: boolean;
  partner: boolean;
  indirectContract: boolean;
};

export type CompanySummary = {
  id: string;
  code: string;
  name: string;
  nameKana: string;
  billingAgency: boolean;
  billingEmail: string | null;
  accountCount: number;
  userCount: number;
  membershipEligible: boolean;
};

export type CompanyView = {
  id: string;
  code: string;
  name: string;
  nameKana: string;
  billingAgency: boolean;
  billingEmail: string | null;
  invoiceAddressee: string | null;
  postalAddress: string | null;
  corporateNumber: string | null;
  payerKanaNames: string[];
  exclusions: Exclusions;
  membershipEligible: boolean;
  createdAt: string;
  updatedAt: string;
};

export type CompanyInput = {
  code: string;
  name: string;
  nameKana?: string;
  billingAgency: boolean;
  billingEmail?: string | null;
  invoiceAddressee?: string | null;
  postalAddress?: string | null;
  corporateNumber?: string | null;
  payerKanaNames?: string[];
  exclusions?: Exclusions;
};

export type CompanyAccount = {
  accountId: string;
  name: string;
  rootEmail: string | null;
  validFrom: string;
  validTo: string | null;
  current: boolean;
};

export type Assignment = {
  id: string;
  companyId: string;
  companyCode: string;
  companyName: string;
  validFrom: string;
  validTo: string | null;
};

export type AwsAccount = {
  accountId: string;
  name: string;
  rootEmail: string | null;
  rootHeldByReseller: boolean;
  assignments: Assignment[];
};

export type AuditEntry = {
  id: string;
  at: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  companyId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
};

export type AuditPage = { entries: AuditEntry[]; nextBefore: string | null };

export type OutboxMail = {
  id: string;
  purpose: string;
  toAddress: string;
  subject: string;
  textBody: string;
  status: 'pending' | 'sent' | 'failed';
  createdAt: string;
  sentAt: string | null;
};

export type CostIngestionStatus = 'queued' | 'running' | 'succeeded' | 'unchanged' | 'failed';
export type CostFormat = 'cur' | 'cur2' | 'focus';

/** How far a running ingestion has read (the server writes it about once a second). */
export type CostIngestionProgress = { rowsRead: number; bytesRead: number; bytesTotal: number; delivery?: number; deliveries?: number };

/** One cost delivery taken in (or queued): money arrives as exact decimal strings, never as numbers. */
export type CostIngestion = {
  id: string;
  source: string;
  status: CostIngestionStatus;
  format: CostFormat | null;
  payerAccountId: string | null;
  /** YYYY-MM */
  billingPeriod: string | null;
  assemblyId: string | null;
  isFinal: boolean | null;
  files: { name: string; sha256: string; bytes: number }[];
  rowsRead: number;
  rowsSkippedOtherProviders: number;
  factCount: number;
  /** Unblended USD per line type, e.g. { Usage: "1234.5600" }. */
  totalsByLineType: Record<string, string>;
  warnings: string[];
  progress: CostIngestionProgress | null;
  error: string | null;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};
