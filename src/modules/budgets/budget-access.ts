import type { Actor } from '../identity/rules/roles.ts';

/** Who sees a company's budgets and alerts: its own users, staff (read-only), the CLI. */
export function mayReadBudgets(actor: Actor, companyId: string): boolean {
  return actor.kind !== 'customer' || actor.companyId === companyId;
}

/** Who changes them: the company's representatives (members read only; staff view read-only), the CLI (demo). */
export function mayManageBudgets(actor: Actor, companyId: string): boolean {
  if (actor.kind === 'system') return true;
  return actor.kind === 'customer' && actor.companyId === companyId && actor.role === 'representative';
}
