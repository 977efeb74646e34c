import { z } from 'zod';
import { daysBetween, isCalendarDate } from '../calendar/rules/calendar-date.ts';
import { defineAction } from '../../platform/action.ts';
import type { AppContext, Caller } from '../../platform/context.ts';
import { forbidden, invalid } from '../../platform/errors.ts';
import { importRefused } from '../companies/rules/csv-table.ts';
import { actorLabel, can } from '../identity/rules/roles.ts';
import { configuredFxRateFeed } from './feeds/csv-url-feed.ts';
import type { FxRateFeed } from './feeds/fx-rate-feed.ts';
import { storeFxRates, type FxRatesStored } from './fx-rate-store.ts';
import { loadFxSettings } from './fx-settings-store.ts';
import { tableOfRates } from './import-fx-rates.ts';
import { validateFxRateRows } from './rules/fx-rate-rows.ts';

const MAX_SYNC_DAYS = 366;

const storeFetchedRates = defineAction({
  name: 'fx_rate.sync',
  input: z.object({
    feed: z.string(),
    from: z.string(),
    to: z.string(),
    rates: z.array(z.object({ date: z.string(), usdJpy: z.string(), source: z.string() })),
  }),
  authorize: (_tx, { actor }) => {
    if (!can(actor, 'fx.manage')) throw forbidden();
  },
  run: async (tx, caller, { feed, from, to, rates }, ctx) => {
    // An adapter's rows pass the same checks as an imported file.
    const { rows, errors } = validateFxRateRows(tableOfRates(rates), (await loadFxSettings(tx)).source);
    if (errors.length > 0) throw importRefused(errors);
    const { result, audit } = await storeFxRates(tx, rows, {
      importedBy: `${actorLabel(caller.actor)} (${feed} feed)`,
      now: ctx.now(),
      action: 'fx_rate.sync',
      details: { feed, requested: { from, to } },
    });
    return { result, audit: [audit] };
  },
});

/**
 * Fetches the rates of [from, to] from the bank feed (DAIKO_FX_FEED_URL unless one is given) and
 * stores them like an import: idempotent, all or nothing, audited. Fetched outside the transaction.
 */
export async function syncFxRates(
  ctx: AppContext,
  caller: Caller,
  range: { from: string; to: string },
  feed?: FxRateFeed,
): Promise<FxRatesStored> {
  if (!can(caller.actor, 'fx.manage')) throw forbidden();
  const { from, to } = range;
  if (!isCalendarDate(from) || !isCalendarDate(to)) throw invalid('--from and --to must be dates (YYYY-MM-DD)');
  if (from > to) throw invalid(`--from ${from} is after --to ${to}`);
  if (daysBetween(from, to) >= MAX_SYNC_DAYS) throw invalid(`A sync covers at most ${MAX_SYNC_DAYS} days; split ${from} … ${to}`);
  const source = feed ?? configuredFxRateFeed(process.env, (await loadFxSettings(ctx.db)).source);
  const rates = await source.fetchRates(from, to);
  return storeFetchedRates(ctx, caller, { feed: source.name, from, to, rates });
}
