import type { SessionUser, UserView } from './api/types.ts';

/**
 * What the signed-in person may see and do, mirroring the server's rules (the server checks again):
 * the navigation shows only pages whose API the role may call.
 */
export type NavItem = { to: string; label: 'users' | 'company' | 'companies' | 'awsAccounts' | 'costData' | 'staffUsers' | 'auditLog' | 'outbox' | 'fxRates' | 'issuerSettings' | 'invoices' | 'prepaid' | 'membership' | 'costOverview' | 'costExplorer' | 'budgets' | 'alerts' | 'monthClose' | 'inquiries' | 'optimization' | 'trustedAdvisor' };

/** The customer portal's menu (staff's view as customer shows part of it under its own base). */
export const CUSTOMER_NAV: readonly NavItem[] = [
  { to: '/costs', label: 'costOverview' },
  { to: '/costs/explorer', label: 'costExplorer' },
  { to: '/budgets', label: 'budgets' },
  { to: '/alerts', label: 'alerts' },
  { to: '/users', label: 'users' },
  { to: '/company', label: 'company' },
  { to: '/invoices', label: 'invoices' },
  { to: '/prepaid', label: 'prepaid' },
  { to: '/membership', label: 'membership' },
  { to: '/optimization', label: 'optimization' },
  { to: '/trusted-advisor', label: 'trustedAdvisor' },
  { to: '/inquiries', label: 'inquiries' },
];

export function navFor(user: SessionUser): NavItem[] {
  if (user.kind === 'customer') return [...CUSTOMER_NAV];
  const items: NavItem[] = [
    { to: '/companies', label: 'companies' },
    { to: '/aws-accounts', label: 'awsAccounts' },
  ];
  if (canIngestCosts(user)) items.push({ to: '/cost-data', label: 'costData' });
  items.push({ to: '/fx-rates', label: 'fxRates' });
  items.push({ to: '/invoices', label: 'invoices' });
  items.push({ to: '/prepaid', label: 'prepaid' });
  if (user.role === 'admin' || user.role === 'csm') items.push({ to: '/membership', label: 'membership' });
  if (user.role === 'admin' || user.role === 'csm') items.push({ to: '/optimization', label: 'optimization' });
  items.push({ to: '/inquiries', label: 'inquiries' });
  if (user.role === 'admin' || user.role === 'billing') items.push({ to: '/month-close', label: 'monthClose' });
  if (user.role === 'admin') items.push({ to: '/staff-users', label: 'staffUsers' }, { to: '/audit-log', label: 'auditLog' });
  if (user.role === 'admin' || user.role === 'billing') items.push({ to: '/outbox', label: 'outbox' });
  items.push({ to: '/issuer-settings', label: 'issuerSettings' });
  return items;
}

export function homePath(user: SessionUser): string {
  return user.kind === 'customer' ? '/costs' : '/companies';
}

export const isAdmin = (user: SessionUser) => user.kind === 'staff' && user.role === 'admin';

/** コストデータ: admins and billing operators start and watch cost ingestion. */
export const canIngestCosts = (user: SessionUser) => user.kind === 'staff' && (user.role === 'admin' || user.role === 'billing');

/** May this person create, edit and delete users of `companyId` (null: staff users)? */
export function canManageUsers(user: SessionUser, companyId: string | null): boolean {
  if (isAdmin(user)) return true;
  return companyId !== null && user.kind === 'customer' && user.role === 'representative' && user.companyId === companyId;
}

export const canManageUser = (user: SessionUser, target: UserView) => canManageUsers(user, target.companyId);
