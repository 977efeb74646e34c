import { Decimal } from 'decimal.js';

/** The key of the row that sums everything after the top entries. */
export const OTHERS = '__others__';

/**
 * The `count` largest rows by amount (ties by key), then one row "others" summing the rest when there
 * is a rest. Amounts are exact decimal strings, returned with two decimals.
 */
export function topWithOthers(rows: readonly { key: string; label: string; usd: string }[], count: number) {
  const sorted = [...rows].sort((a, b) => new Decimal(b.usd).comparedTo(a.usd) || a.key.localeCompare(b.key));
  const top = sorted.slice(0, count).map((r) => ({ ...r, usd: new Decimal(r.usd).toFixed(2) }));
  const rest = sorted.slice(count);
  if (rest.length === 0) return top;
  const sum = rest.reduce((s, r) => s.plus(r.usd), new Decimal(0));
  return [...top, { key: OTHERS, label: OTHERS, usd: sum.toFixed(2) }];
}
