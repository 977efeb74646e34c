import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../src/modules/portal/portal-cache.ts';
import { loadConfig } from '../../src/platform/config.ts';

describe('portal cache key', () => {
  const query = { from: '2026-11-01', to: '2026-11-30', groupBy: 'service', currency: 'USD', account: ['111111111111'] };

  it('is the same whatever the order of the query fields, and leaves out absent ones', () => {
    const reordered = {
      account: ['111111111111'],
      currency: 'USD',
      groupBy: 'service',
      to: '2026-11-30',
      from: '2026-11-01',
      region: undefined,
    };
    expect(cacheKey('c1', 'v1', 'explorer', reordered)).toBe(cacheKey('c1', 'v1', 'explorer', query));
  });

  it('differs in the company, the data version, the view and any field of the query, including one added later', () => {
    const key = cacheKey('c1', 'v1', 'explorer', query);
    const others = [
      cacheKey('c2', 'v1', 'explorer', query),
      cacheKey('c1', 'v2', 'explorer', query),
      cacheKey('c1', 'v1', 'commitments', query),
      cacheKey('c1', 'v1', 'explorer', { ...query, account: ['222222222222'] }),
      cacheKey('c1', 'v1', 'explorer', { ...query, tagKey: 'user:Team' }),
      cacheKey('c1', 'v1', 'explorer', { ...query, nested: { b: 1 } }),
    ];
    expect(new Set([key, ...others]).size).toBe(others.length + 1);
  });

  it('keeps the order of values within a field (a filter list is part of the query as given)', () => {
    expect(cacheKey('c1', 'v1', 'explorer', { service: ['A', 'B'] })).not.toBe(cacheKey('c1', 'v1', 'explorer', { service: ['B', 'A'] }));
  });
});

describe('DAIKO_PORTAL_CACHE', () => {
  it('is on unless set to off', () => {
    expect(loadConfig({}).portalCache).toBe(true);
    expect(loadConfig({ DAIKO_PORTAL_CACHE: 'off' }).portalCache).toBe(false);
    expect(() => loadConfig({ DAIKO_PORTAL_CACHE: 'no' })).toThrow(/DAIKO_PORTAL_CACHE/);
  });
});
