import type { Generated } from 'kysely';
import type { CustomerRole, SessionStage, StaffRole, UserKind } from './rules/roles.ts';

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  kind: UserKind;
  role: StaffRole | CustomerRole;
  company_id: string | null;
  password_hash: string;
  must_change_password: Generated<boolean>;
  mfa_secret: string | null;
  mfa_pending_secret: string | null;
  mfa_last_step: string | null;
  locale: Generated<'ja' | 'en'>;
  last_sign_in_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RecoveryCodesTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token: a stolen database does not yield live sessions. */
  id: string;
  user_id: string;
  stage: SessionStage;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface SignInThrottleTable {
  key: string;
  failures: number;
  window_started_at: Date;
  locked_until: Date | null;
}

export interface IdentityTables {
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  sign_in_throttle: SignInThrottleTable;
}
