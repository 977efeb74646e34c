/**
 * Who may do what. Pure: the route and service layers ask these questions; nothing here reads the
 * database.
 */
export const STAFF_ROLES = ['admin', 'billing', 'csm'] as const;
export const CUSTOMER_ROLES = ['representative', 'member'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type CustomerRole = (typeof CUSTOMER_ROLES)[number];
export type UserKind = 'staff' | 'customer';
export type Role = StaffRole | CustomerRole;

/** How far a session has come through sign-in. Only `active` may use the product. */
export type SessionStage = 'password_change' | 'mfa_enrol' | 'mfa_challenge' | 'active';

export type StaffActor = { kind: 'staff'; userId: string; email: string; role: StaffRole };
export type CustomerActor = {
  kind: 'customer';
  userId: string;
  email: string;
  role: CustomerRole;
  companyId: string;
};
/** An operator at the terminal (`npx daiko …`): trusted like an admin, audited by label. */
export type SystemActor = { kind: 'system'; label: string };
export type Actor = StaffActor | CustomerActor | SystemActor;

export type Permission =
  | 'users.read' // see users of a company
  | 'users.manage' // create, edit, delete users of a company
  | 'companies.read'
  | 'companies.manage'
  | 'accounts.manage'
  | 'staff.manage'
  | 'audit.read'
  | 'outbox.read'
  | 'costs.ingest' // run and watch cost ingestion
  | 'fx.read' // see exchange rates and the rate settings
  | 'fx.manage' // import and fetch exchange rates
  | 'fx.configure' // change the rate settings (source, day, fallback, rounding)
  | 'pricing.read' // see contracts' pricing policies
  | 'pricing.manage' // add pricing policy versions
  | 'invoices.read' // see invoices (customers: their own company's finalized ones)
  | 'invoices.manage' // run drafts, finalize, send, void, record payments
  | 'prepaid.read' // see advance notices of large prepaid purchases and their alerts
  | 'prepaid.file' // file or withdraw an advance notice (customers' representatives)
  | 'prepaid.review'; // acknowledge notices, resolve alerts (staff)

const STAFF_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  admin: ['users.read', 'users.manage', 'companies.read', 'companies.manage', 'accounts.manage', 'staff.manage', 'audit.read', 'outbox.read', 'costs.ingest', 'fx.read', 'fx.manage', 'fx.configure', 'pricing.read', 'pricing.manage', 'invoices.read', 'invoices.manage', 'prepaid.read', 'prepaid.review'],
  billing: ['users.read', 'companies.read', 'outbox.read', 'costs.ingest', 'fx.read', 'fx.manage', 'pricing.read', 'pricing.manage', 'invoices.read', 'invoices.manage', 'prepaid.read', 'prepaid.review'],
  csm: ['users.read', 'companies.read', 'fx.read', 'pricing.read', 'invoices.read', 'prepaid.read', 'prepaid.review'],
};

/**
 * May this actor do `permission` on data of `companyId` (omit for data of no company)?
 * Customers act only inside their own company; only representatives manage users (seed 004 §3.4.2).
 */
export function can(actor: Actor, permission: Permission, companyId?: string | null): boolean {
  switch (actor.kind) {
    case 'system':
      return true;
    case 'staff':
      return STAFF_PERMISSIONS[actor.role].includes(permission);
    case 'customer': {
      if (companyId == null || companyId !== actor.companyId) return false;
      if (permission === 'users.read' || permission === 'companies.read' || permission === 'invoices.read') return true;
      if (permission === 'prepaid.read') return true;
      if (permission === 'users.manage' || permission === 'prepaid.file') return actor.role === 'representative';
      return false;
    }
  }
}

export function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

export function isCustomerRole(role: string): role is CustomerRole {
  return (CUSTOMER_ROLES as readonly string[]).includes(role);
}

/** Label written in the audit log for whoever made a change. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'system' ? `cli:${actor.label}` : actor.email;
}

export function actorUserId(actor: Actor): string | null {
  return actor.kind === 'system' ? null : actor.userId;
}
