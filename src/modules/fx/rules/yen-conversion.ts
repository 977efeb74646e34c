import { Decimal } from 'decimal.js';
import type { YenRounding } from './fx-settings.ts';

// Enough significant digits that a product of a CUR amount (up to 30 digits) and a rate is exact.
const Exact = Decimal.clone({ precision: 100 });

const MODES: Record<YenRounding, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
};

/**
 * USD × rate in whole yen, rounded once (SPEC §3: once per invoice line). Negative amounts (refunds)
 * round symmetrically: `down` goes toward zero, `up` away from it, `half-up` takes halves away from zero.
 */
export function convertUsdToJpy(usd: string | Decimal, usdJpy: string | Decimal, rounding: YenRounding = 'half-up'): bigint {
  const amount = new Exact(usd);
  const rate = new Exact(usdJpy);
  if (!amount.isFinite()) throw new RangeError(`not a USD amount: ${String(usd)}`);
  if (!rate.isFinite() || rate.lte(0)) throw new RangeError(`not a USD/JPY rate: ${String(usdJpy)}`);
  return BigInt(amount.times(rate).toDecimalPlaces(0, MODES[rounding]).toFixed(0));
}
