import { Decimal } from 'decimal.js';

export type AccountTotals = Record<string, { unblendedUsd: string; listUsd: string }>;
export type AccountDelta = { usageAccountId: string; unblendedDeltaUsd: string; listDeltaUsd: string };

/**
 * What a restatement changed, account by account (new − old), leaving out accounts it did not
 * change. An account present in only one version counts as 0 in the other.
 */
export function restatementDeltas(previous: AccountTotals, next: AccountTotals): AccountDelta[] {
  const accounts = [...new Set([...Object.keys(previous), ...Object.keys(next)])].sort();
  const zero = { unblendedUsd: '0', listUsd: '0' };
  return accounts
    .map((usageAccountId) => {
      const before = previous[usageAccountId] ?? zero;
      const after = next[usageAccountId] ?? zero;
      return {
        usageAccountId,
        unblendedDeltaUsd: new Decimal(after.unblendedUsd).minus(before.unblendedUsd).toFixed(),
        listDeltaUsd: new Decimal(after.listUsd).minus(before.listUsd).toFixed(),
      };
    })
    .filter((d) => !new Decimal(d.unblendedDeltaUsd).isZero() || !new Decimal(d.listDeltaUsd).isZero());
}
