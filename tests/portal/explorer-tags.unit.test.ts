import { describe, expect, it } from 'vitest';
import { ExplorerQuery, UNTAGGED, shownTagValue, tagKeyOf } from '../../src/modules/portal/rules/explorer-query.ts';
import { explorerSearch, type ExplorerParams } from '../../src/web/pages/portal/portalApi.ts';
import { explorerParamsOf, tagValues, toggleTagValue } from '../../src/web/pages/portal/explorer-state.ts';

const range = { from: '2026-09-01', to: '2026-09-30' };

describe('explorer query by tag', () => {
  it('reads tag facts only when a tag groups or filters, and needs the key for either', () => {
    const q = (input: Record<string, string>) => ExplorerQuery.safeParse({ ...range, ...input });
    expect(tagKeyOf(q({ groupBy: 'tag', tagKey: 'user:Environment' }).data!)).toBe('user:Environment');
    expect(tagKeyOf(q({ groupBy: 'service', tagKey: 'user:Environment', tag: 'prod,(untagged)' }).data!)).toBe('user:Environment');
    expect(q({ groupBy: 'service', tagKey: 'user:Environment', tag: 'prod,(untagged)' }).data!.tag).toEqual(['prod', UNTAGGED]);
    // A key alone changes nothing: the view reads cost facts.
    expect(tagKeyOf(q({ groupBy: 'service', tagKey: 'user:Environment' }).data!)).toBeNull();
    expect(q({ groupBy: 'tag' }).success).toBe(false);
    expect(q({ tag: 'prod' }).success).toBe(false);
    expect(q({ groupBy: 'tag', tagKey: '  ' }).success).toBe(false);
    expect(shownTagValue('')).toBe('(untagged)');
    expect(shownTagValue('prod')).toBe('prod');
  });
});

describe('explorer page state by tag', () => {
  const defaults: ExplorerParams = { ...range, granularity: 'daily', groupBy: 'service', currency: 'JPY' };

  it('keeps the tag key, grouping and values in the URL, and round-trips them', () => {
    const search = 'from=2026-09-01&to=2026-09-30&groupBy=tag&tagKey=user%3AEnvironment&tag=prod%2C%28untagged%29&currency=USD';
    const params = explorerParamsOf(new URLSearchParams(search), defaults);
    expect(params).toEqual({
      ...range,
      granularity: 'daily',
      groupBy: 'tag',
      currency: 'USD',
      tagKey: 'user:Environment',
      tag: 'prod,(untagged)',
    });
    expect(explorerParamsOf(new URLSearchParams(explorerSearch(params)), defaults)).toEqual(params);
    expect(tagValues(params)).toEqual(['prod', '(untagged)']);
    expect(toggleTagValue(params, 'prod')).toBe('(untagged)');
    expect(toggleTagValue(params, 'dev')).toBe('prod,(untagged),dev');
    expect(toggleTagValue({ ...params, tag: 'prod' }, 'prod')).toBeUndefined();
  });

  it('falls back to the default grouping when the URL groups by tag without a key, and drops an unused key', () => {
    expect(explorerParamsOf(new URLSearchParams('groupBy=tag&tag=prod'), defaults)).toEqual(defaults);
    expect(explorerSearch({ ...defaults, tagKey: 'user:Environment' })).not.toContain('tagKey');
  });
});
