import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredFxRateFeed, CsvUrlFxRateFeed } from '../../src/modules/fx/feeds/csv-url-feed.ts';
import { syncFxRates } from '../../src/modules/fx/sync-fx-rates.ts';
import type { Caller } from '../../src/platform/context.ts';
import { DomainError } from '../../src/platform/errors.ts';
import { createTestContext } from '../support/test-context.ts';

/** The CSV-over-HTTP bank feed against a real local HTTP server. */
let env: Awaited<ReturnType<typeof createTestContext>>;
let server: http.Server;
let base: string;
const requests: string[] = [];
const cli: Caller = { actor: { kind: 'system', label: 'fx-feed-test' }, ip: null };

const PUBLISHED = 'date,usd_jpy\n2024-10-31,153.16\n2024-11-01,152.41\n2024-11-05,152.30\n2024-11-06,154.68\n';
let published = PUBLISHED;

beforeAll(async () => {
  env = await createTestContext();
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const path = (req.url ?? '').split('?')[0];
    if (path === '/ttm.csv') {
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end(published);
    } else if (path === '/bad.csv') {
      res.writeHead(200, { 'content-type': 'text/csv' }).end('date,usd_jpy\n2024-11-01,152.41\n2024-11-05,n/a\n');
    } else {
      res.writeHead(503, 'Service Unavailable').end('down for maintenance');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await env.close();
});

const stored = () =>
  env.ctx.db.selectFrom('fx_rates').select(['rate_date', 'usd_jpy', 'source', 'imported_by']).orderBy('rate_date').execute();

describe('the CSV URL feed', () => {
  it('asks for the range, keeps only the rows inside it, and stores them like an import', async () => {
    const feed = new CsvUrlFxRateFeed({ url: `${base}/ttm.csv?from={from}&to={to}&token=secret`, source: 'MUFG' });
    expect(await syncFxRates(env.ctx, cli, { from: '2024-11-01', to: '2024-11-05' }, feed)).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
      sources: ['MUFG'],
      from: '2024-11-01',
      to: '2024-11-05',
    });
    expect(requests.at(-1)).toBe('/ttm.csv?from=2024-11-01&to=2024-11-05&token=secret');
    expect(await stored()).toEqual([
      { rate_date: '2024-11-01', usd_jpy: '152.41', source: 'MUFG', imported_by: 'cli:fx-feed-test (csv-url feed)' },
      { rate_date: '2024-11-05', usd_jpy: '152.30', source: 'MUFG', imported_by: 'cli:fx-feed-test (csv-url feed)' },
    ]);
    const audit = await env.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'fx_rate.sync').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ created: 2, feed: 'csv-url', requested: { from: '2024-11-01', to: '2024-11-05' } });
  });

  it('is idempotent, and takes a corrected value on the next sync', async () => {
    const feed = new CsvUrlFxRateFeed({ url: `${base}/ttm.csv`, source: 'MUFG' });
    expect(await syncFxRates(env.ctx, cli, { from: '2024-11-01', to: '2024-11-05' }, feed)).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 2,
    });
    published = PUBLISHED.replace('152.30', '152.35');
    expect(await syncFxRates(env.ctx, cli, { from: '2024-11-01', to: '2024-11-06' }, feed)).toMatchObject({
      created: 1,
      updated: 1,
      unchanged: 1,
    });
    published = PUBLISHED;
    expect((await stored()).map((r) => r.usd_jpy)).toEqual(['152.41', '152.35', '154.68']);
  });

  it('stores nothing from a bad file or a failing server, and never shows the URL query', async () => {
    const before = await stored();
    const bad = new CsvUrlFxRateFeed({ url: `${base}/bad.csv?token=secret`, source: 'MUFG' });
    const invalid = (await syncFxRates(env.ctx, cli, { from: '2024-11-01', to: '2024-11-30' }, bad).catch(
      (e: unknown) => e,
    )) as DomainError;
    expect(invalid.code).toBe('fx_feed_invalid');
    expect(invalid.message).toBe(
      `The rate feed ${base}/bad.csv sent a file with 1 error(s); nothing was stored.\nline 3, column usd_jpy: "n/a" is not a positive rate with at most 4 decimals (e.g. 151.23)`,
    );

    const down = new CsvUrlFxRateFeed({ url: `${base}/down?token=secret`, source: 'MUFG' });
    const failed = (await syncFxRates(env.ctx, cli, { from: '2024-11-01', to: '2024-11-30' }, down).catch(
      (e: unknown) => e,
    )) as DomainError;
    expect(failed).toMatchObject({ code: 'fx_feed_failed', message: `The rate feed ${base}/down answered HTTP 503 Service Unavailable` });

    const closedPort = new CsvUrlFxRateFeed({ url: 'http://127.0.0.1:9/ttm.csv?token=secret', source: 'MUFG', timeoutMs: 2000 });
    const unreachable = (await closedPort.fetchRates('2024-11-01', '2024-11-30').catch((e: unknown) => e)) as DomainError;
    expect(unreachable.code).toBe('fx_feed_failed');
    expect(unreachable.message).toMatch(/^The rate feed http:\/\/127\.0\.0\.1:9\/ttm\.csv could not be reached/);
    for (const error of [invalid, failed, unreachable]) expect(error.message).not.toContain('secret');
    expect(await stored()).toEqual(before);
  });

  it('is configured by DAIKO_FX_FEED_URL, and refuses what is not HTTP', async () => {
    expect(() => configuredFxRateFeed({}, 'MUFG')).toThrow(/set DAIKO_FX_FEED_URL/);
    expect(() => configuredFxRateFeed({ DAIKO_FX_FEED_URL: 'file:///etc/passwd' }, 'MUFG')).toThrow(/must be http:\/\/ or https:\/\//);
    expect(() => configuredFxRateFeed({ DAIKO_FX_FEED_URL: `${base}/ttm.csv`, DAIKO_FX_FEED_SOURCE: 'no spaces allowed' }, 'MUFG')).toThrow(
      /DAIKO_FX_FEED_SOURCE/,
    );
    const feed = configuredFxRateFeed({ DAIKO_FX_FEED_URL: `${base}/ttm.csv`, DAIKO_FX_FEED_SOURCE: 'smbc' }, 'MUFG');
    expect(await feed.fetchRates('2024-10-31', '2024-10-31')).toEqual([{ date: '2024-10-31', usdJpy: '153.16', source: 'SMBC' }]);
  });

  it('checks the range and the caller before fetching', async () => {
    const count = requests.length;
    const feed = new CsvUrlFxRateFeed({ url: `${base}/ttm.csv`, source: 'MUFG' });
    await expect(syncFxRates(env.ctx, cli, { from: '2024-11-30', to: '2024-11-01' }, feed)).rejects.toThrow(/after --to/);
    await expect(syncFxRates(env.ctx, cli, { from: '2024-01-01', to: '2025-01-01' }, feed)).rejects.toThrow(/at most 366 days/);
    const csm: Caller = {
      actor: { kind: 'staff', userId: '00000000-0000-4000-8000-000000000001', email: 'csm@reseller.test', role: 'csm' },
    };
    await expect(syncFxRates(env.ctx, csm, { from: '2024-11-01', to: '2024-11-05' }, feed)).rejects.toMatchObject({ code: 'forbidden' });
    expect(requests.length).toBe(count);
  });
});
