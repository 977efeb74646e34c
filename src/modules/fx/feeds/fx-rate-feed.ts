/**
 * Where rates come from besides a file: a bank's or a data vendor's publication. An adapter fetches
 * the rates of a date range; `syncFxRates` validates and stores them like an import.
 */
export type FetchedFxRate = { date: string; usdJpy: string; source: string };

export interface FxRateFeed {
  /** Names the adapter in the audit log and in `imported_by`. */
  readonly name: string;
  /** The rates published from `from` to `to` (YYYY-MM-DD, inclusive). */
  fetchRates(from: string, to: string): Promise<FetchedFxRate[]>;
}
