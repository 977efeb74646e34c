import { Decimal } from 'decimal.js';

const Exact = Decimal.clone({ precision: 100 });

/**
 * Splits a whole-yen amount over weights (USD amounts) so the parts add up to the amount exactly:
 * each part is floor(yen × weight / Σweights); the yen left over (always 0 … n−1) go one each to the
 * parts with the largest fractional remainders, earlier parts first on ties (largest remainder
 * method). Negative weights (credits) are allowed as long as the sum is not zero. When the weights
 * sum to zero (nothing to be proportional to), the whole amount goes to the part with the largest
 * absolute weight (the first one on ties), or to the first part when all are zero.
 */
export function allocateYen(yen: bigint, weights: readonly (string | Decimal)[]): bigint[] {
  if (weights.length === 0) return [];
  const w = weights.map((x) => new Exact(x));
  const total = w.reduce((sum, x) => sum.plus(x), new Exact(0));
  if (total.isZero()) {
    let best = 0;
    for (let i = 1; i < w.length; i++) if (w[i]!.abs().gt(w[best]!.abs())) best = i;
    return w.map((_, i) => (i === best ? yen : 0n));
  }
  const raw = w.map((x) => new Exact(yen.toString()).times(x).div(total));
  const floors = raw.map((r) => r.floor());
  const parts = floors.map((f) => BigInt(f.toFixed(0)));
  let left = yen - parts.reduce((sum, p) => sum + p, 0n);
  const order = raw.map((r, i) => ({ i, frac: r.minus(floors[i]!) })).sort((a, b) => b.frac.comparedTo(a.frac) || a.i - b.i);
  for (let k = 0; left > 0n; k++, left--) parts[order[k % order.length]!.i]! += 1n;
  return parts;
}
