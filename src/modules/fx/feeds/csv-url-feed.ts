import { DomainError, invalid } from '../../../platform/errors.ts';
import { formatImportErrors, readCsvTable } from '../../companies/rules/csv-table.ts';
import { FX_RATE_COLUMNS, validateFxRateRows } from '../rules/fx-rate-rows.ts';
import { FxSourceName } from '../rules/fx-settings.ts';
import type { FetchedFxRate, FxRateFeed } from './fx-rate-feed.ts';

/**
 * A rate file published at a URL (HTTP or HTTPS): the same columns as an import, `date,usd_jpy`
 * (+ `source`; rows without one are the feed's `source`). `{from}` and `{to}` in the URL are replaced
 * by the range asked for; rows outside the range are ignored either way.
 */
export class CsvUrlFxRateFeed implements FxRateFeed {
  readonly name = 'csv-url';

  constructor(private readonly options: { url: string; source: string; timeoutMs?: number }) {
    if (!isHttpUrl(options.url)) throw invalid(`The rate feed URL must be http:// or https://, got "${shownUrl(options.url)}"`);
  }

  async fetchRates(from: string, to: string): Promise<FetchedFxRate[]> {
    const url = this.options.url.replaceAll('{from}', encodeURIComponent(from)).replaceAll('{to}', encodeURIComponent(to));
    const shown = shownUrl(url);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'text/csv, text/plain;q=0.9, */*;q=0.1' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new DomainError('fx_feed_failed', `The rate feed ${shown} could not be reached: ${(error as Error).message}`, 502);
    }
    if (!response.ok)
      throw new DomainError('fx_feed_failed', `The rate feed ${shown} answered HTTP ${response.status} ${response.statusText}`.trim(), 502);
    const table = readCsvTable(await response.text(), FX_RATE_COLUMNS);
    const { rows, errors } = validateFxRateRows(table, this.options.source);
    const problems = [...table.errors, ...errors].sort((a, b) => a.line - b.line);
    if (problems.length > 0) {
      throw new DomainError(
        'fx_feed_invalid',
        `The rate feed ${shown} sent a file with ${problems.length} error(s); nothing was stored.\n${formatImportErrors(problems)}`,
        502,
        problems,
      );
    }
    return rows.filter((r) => r.date >= from && r.date <= to).map((r) => ({ date: r.date, usdJpy: r.usdJpy, source: r.source }));
  }
}

/**
 * The feed configured by the environment: DAIKO_FX_FEED_URL, and DAIKO_FX_FEED_SOURCE for rows
 * without a source (default: the active source of the settings).
 */
export function configuredFxRateFeed(env: NodeJS.ProcessEnv, activeSource: string): FxRateFeed {
  const url = env.DAIKO_FX_FEED_URL?.trim();
  if (!url) throw invalid('No rate feed is configured: set DAIKO_FX_FEED_URL to the URL of a CSV with date,usd_jpy (see docs/fx.md).');
  const source = FxSourceName.safeParse(env.DAIKO_FX_FEED_SOURCE ?? activeSource);
  if (!source.success) throw invalid(`DAIKO_FX_FEED_SOURCE: ${source.error.issues[0]?.message}`);
  return new CsvUrlFxRateFeed({ url, source: source.data });
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

// A feed URL may carry a token in its query or credentials: messages show only where it points.
function shownUrl(value: string): string {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return value.replace(/[?#].*$/, '');
  }
}
