import { describe, expect, it } from 'vitest';
import { allocateYen } from '../../src/modules/portal/rules/allocate-yen.ts';
import { commitmentCoverage } from '../../src/modules/portal/rules/commitment-coverage.ts';
import { ExplorerQuery, monthsOfRange, periodOf } from '../../src/modules/portal/rules/explorer-query.ts';
import { OTHERS, topWithOthers } from '../../src/modules/portal/rules/top-with-others.ts';
import { BOM, csvField, toCsv } from '../../src/web/pages/portal/csv.ts';
import { chartRows, explorerParamsOf, presetRange } from '../../src/web/pages/portal/explorer-state.ts';

describe('allocateYen', () => {
  it('splits by the largest remainder so the parts add up exactly', () => {
    // 601 × (1, 2, 1) / 4 = 150.25, 300.5, 150.25.
    expect(allocateYen(601n, ['1', '2', '1'])).toEqual([150n, 301n, 150n]);
    // 100 / 3 = 33.33…: one yen left, to the first on the tie.
    expect(allocateYen(100n, ['1', '1', '1'])).toEqual([34n, 33n, 33n]);
    expect(allocateYen(0n, ['5', '7'])).toEqual([0n, 0n]);
  });
  it('handles credits and negative totals', () => {
    // −100 over 1 and 3: −25, −75 exactly.
    expect(allocateYen(-100n, ['1', '3'])).toEqual([-25n, -75n]);
    // −10 over 1, 1, 1: −3.33… floors to −4 each (−12); 2 yen back to the first two.
    expect(allocateYen(-10n, ['1', '1', '1'])).toEqual([-3n, -3n, -4n]);
    // A credit among charges: 1000 over 3 and −1 → 1500, −500.
    expect(allocateYen(1000n, ['3', '-1'])).toEqual([1500n, -500n]);
  });
  it('gives everything to the largest weight when the weights cancel out', () => {
    expect(allocateYen(50n, ['2', '-5', '3'])).toEqual([0n, 50n, 0n]);
    expect(allocateYen(50n, ['0', '0'])).toEqual([50n, 0n]);
    expect(allocateYen(7n, [])).toEqual([]);
  });
});

describe('commitmentCoverage', () => {
  it('computes utilization, coverage and savings', () => {
    expect(
      commitmentCoverage({
        riCoveredListUsd: '100',
        riCoveredAmortizedUsd: '60',
        spCoveredListUsd: '50',
        spCoveredAmortizedUsd: '30',
        riUnusedUsd: '10',
        spUnusedUsd: '0',
        onDemandUsd: '50',
      }),
    ).toEqual({
      coveredOnDemandUsd: '150.00',
      onDemandUsd: '50.00',
      usedCommitmentUsd: '90.00',
      unusedCommitmentUsd: '10.00',
      savingsUsd: '60.00',
      // 150 / 200 = 75%; 90 / 100 = 90%.
      coveragePercent: '75.0',
      utilizationPercent: '90.0',
    });
  });
  it('has no percentage without a denominator', () => {
    const r = commitmentCoverage({
      riCoveredListUsd: '0',
      riCoveredAmortizedUsd: '0',
      spCoveredListUsd: '0',
      spCoveredAmortizedUsd: '0',
      riUnusedUsd: '0',
      spUnusedUsd: '0',
      onDemandUsd: '0',
    });
    expect(r.coveragePercent).toBeNull();
    expect(r.utilizationPercent).toBeNull();
    // 2 / 3 = 66.666…% → 66.7 (half-up).
    expect(
      commitmentCoverage({
        riCoveredListUsd: '2',
        riCoveredAmortizedUsd: '1',
        spCoveredListUsd: '0',
        spCoveredAmortizedUsd: '0',
        riUnusedUsd: '2',
        spUnusedUsd: '0',
        onDemandUsd: '1',
      }),
    ).toMatchObject({ coveragePercent: '66.7', utilizationPercent: '33.3' });
  });
});

describe('explorer query', () => {
  it('parses the query with its defaults and refuses bad ranges', () => {
    expect(ExplorerQuery.parse({ from: '2026-10-01', to: '2026-10-31', service: 'AmazonEC2, AmazonS3,,' })).toEqual({
      from: '2026-10-01',
      to: '2026-10-31',
      granularity: 'daily',
      groupBy: 'service',
      currency: 'USD',
      service: ['AmazonEC2', 'AmazonS3'],
    });
    expect(ExplorerQuery.safeParse({ from: '2026-10-02', to: '2026-10-01' }).success).toBe(false);
    expect(ExplorerQuery.safeParse({ from: '2026-02-30', to: '2026-03-01' }).success).toBe(false);
    expect(ExplorerQuery.safeParse({ from: '2023-01-01', to: '2026-01-05' }).success).toBe(false);
    expect(ExplorerQuery.safeParse({ from: '2023-01-01', to: '2026-01-04' }).success).toBe(true);
  });
  it('names periods and months', () => {
    expect(periodOf('2026-10-03', 'daily')).toBe('2026-10-03');
    expect(periodOf('2026-10-03', 'monthly')).toBe('2026-10');
    expect(monthsOfRange('2026-11-15', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsOfRange('2026-11-15', '2026-11-16')).toEqual(['2026-11']);
  });
});

describe('topWithOthers', () => {
  it('keeps the largest and sums the rest', () => {
    const rows = [
      { key: 'a', label: 'A', usd: '1.005' },
      { key: 'b', label: 'B', usd: '10' },
      { key: 'c', label: 'C', usd: '3' },
      { key: 'd', label: 'D', usd: '3' },
    ];
    expect(topWithOthers(rows, 2)).toEqual([
      { key: 'b', label: 'B', usd: '10.00' },
      { key: 'c', label: 'C', usd: '3.00' },
      { key: OTHERS, label: OTHERS, usd: '4.01' },
    ]);
    expect(topWithOthers(rows.slice(0, 1), 2)).toEqual([{ key: 'a', label: 'A', usd: '1.01' }]);
  });
});

describe('CSV', () => {
  it('starts with a BOM, quotes what needs it and ends lines with CRLF', () => {
    expect(BOM).toBe('\uFEFF');
    expect(csvField('株式会社 "テスト", 東京')).toBe('"株式会社 ""テスト"", 東京"');
    expect(csvField(null)).toBe('');
    expect(
      toCsv(
        ['サービス', '合計'],
        [
          ['Amazon EC2', '13500'],
          ['a\nb', 1],
        ],
      ),
    ).toBe('\uFEFFサービス,合計\r\nAmazon EC2,13500\r\n"a\nb",1\r\n');
  });
});

describe('explorer page state', () => {
  const defaults = {
    from: '2026-09-01',
    to: '2026-11-23',
    granularity: 'daily' as const,
    groupBy: 'service' as const,
    currency: 'JPY' as const,
  };
  it('reads the query from the URL, falling back on the defaults', () => {
    expect(explorerParamsOf(new URLSearchParams('from=2026-10-01&groupBy=region&currency=EUR&account=111111111111'), defaults)).toEqual({
      ...defaults,
      from: '2026-10-01',
      groupBy: 'region',
      account: '111111111111',
    });
  });
  it('computes preset ranges on UTC days', () => {
    const now = new Date('2026-11-23T20:00:00Z');
    expect(presetRange('last30', now)).toEqual({ from: '2026-10-25', to: '2026-11-23' });
    expect(presetRange('lastMonth', now)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(presetRange('last12Months', now)).toEqual({ from: '2025-12-01', to: '2026-11-23', granularity: 'monthly' });
  });
  it('stacks the largest groups and folds the rest into others', () => {
    const groups = Array.from({ length: 10 }, (_, i) => ({ key: `s${i}`, label: `S${i}`, total: String(10 - i) }));
    const data = {
      currency: 'USD' as const,
      granularity: 'daily' as const,
      groupBy: 'service' as const,
      from: '2026-11-01',
      to: '2026-11-02',
      periods: [
        { period: '2026-11-01', basis: 'usd' as const },
        { period: '2026-11-02', basis: 'usd' as const },
      ],
      groups,
      cells: groups.map((g) => ({ period: '2026-11-01', key: g.key, amount: g.total })),
      total: '55',
      rate: null,
      invoicedMonths: [],
    };
    const { rows, series } = chartRows(data, 'その他');
    expect(series).toHaveLength(9);
    expect(series.at(-1)).toEqual({ key: OTHERS, label: 'その他' });
    // s8 (2) + s9 (1) = 3 in others; the second day is empty.
    expect(rows[0]).toMatchObject({ period: '2026-11-01', s0: 10, [OTHERS]: 3 });
    expect(rows[1]).toEqual({ period: '2026-11-02' });
  });
});
