import { describe, expect, it } from 'vitest';
import { measureCostEffect, measurementMonths } from '../../src/modules/optimization/rules/cost-effect.ts';
import {
  agreedPriority,
  csmAssignmentProblem,
  optimizationOffered,
  statusChangeProblem,
} from '../../src/modules/optimization/rules/proposal-rules.ts';

describe('measuring a cost proposal', () => {
  // Change on 2026-07-15: before = Apr, May, Jun; July left out; after = Aug, Sep, Oct.
  const series = [
    { month: '2026-04', usd: '1000.00', jpy: 150_000n },
    { month: '2026-05', usd: '1100.00', jpy: 165_000n },
    { month: '2026-06', usd: '1200.00', jpy: 181_000n },
    { month: '2026-07', usd: '999999', jpy: 1n },
    { month: '2026-08', usd: '700.00', jpy: 105_000n },
    { month: '2026-09', usd: '650.00', jpy: 97_501n },
  ];

  it('compares the average month before with the average month after, without the change month', () => {
    expect(measurementMonths('2026-07-15')).toEqual({ from: '2026-04', to: '2026-10' });
    // Through October: Oct has no cost in scope → $0 / ¥0.
    const effect = measureCostEffect(series, '2026-07-15', '2026-10');
    expect(effect.beforeMonths).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(effect.afterMonths).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(effect.state).toBe('complete');
    // Before: (150,000 + 165,000 + 181,000) / 3 = 165,333.33 → ¥165,333; USD 3300 / 3 = 1100.00.
    // After: (105,000 + 97,501 + 0) / 3 = 67,500.33 → ¥67,500; USD 1350 / 3 = 450.00.
    expect(effect).toMatchObject({
      beforeAverageJpy: 165_333n,
      afterAverageJpy: 67_500n,
      savingPerMonthJpy: 97_833n,
      beforeAverageUsd: '1100.00',
      afterAverageUsd: '450.00',
      savingPerMonthUsd: '650.00',
      savingPercent: '59.1',
    });
  });

  it('waits for a complete month after the change, then measures what it has', () => {
    expect(measureCostEffect(series, '2026-07-15', '2026-07')).toMatchObject({
      state: 'waiting',
      afterMonths: [],
      savingPerMonthJpy: null,
      afterAverageUsd: null,
    });
    // Only August: after = 105,000 → saving 165,333 − 105,000 = 60,333.
    expect(measureCostEffect(series, '2026-07-15', '2026-08')).toMatchObject({
      state: 'partial',
      afterMonths: ['2026-08'],
      savingPerMonthJpy: 60_333n,
      savingPerMonthUsd: '400.00',
    });
  });

  it('gives no yen when a month in the windows has none (no rate), and rounds halves up', () => {
    const noRate = series.map((c) => (c.month === '2026-05' ? { ...c, jpy: null } : c));
    expect(measureCostEffect(noRate, '2026-07-15', '2026-09')).toMatchObject({
      beforeAverageJpy: null,
      savingPerMonthJpy: null,
      savingPerMonthUsd: '425.00',
    });
    // ¥1 and ¥2 average ¥1.5 → ¥2.
    const halves = [
      { month: '2026-01', usd: '0.01', jpy: 1n },
      { month: '2026-02', usd: '0.01', jpy: 2n },
    ];
    expect(measureCostEffect(halves, '2026-03-01', '2026-03', 2).beforeAverageJpy).toBe(2n);
  });
});

describe('proposal rules', () => {
  it('offers the service from SILVER up', () => {
    expect((['PLATINUM', 'GOLD', 'SILVER', 'BRONZE', 'REGULAR', null] as const).map(optimizationOffered)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('keeps a PLATINUM company’s CSM dedicated', () => {
    expect(csmAssignmentProblem('GOLD', [{ rank: 'SILVER' }, { rank: 'GOLD' }])).toBeNull();
    expect(csmAssignmentProblem('PLATINUM', [])).toBeNull();
    expect(csmAssignmentProblem('PLATINUM', [{ rank: 'SILVER' }])).toMatch(/dedicated/);
    expect(csmAssignmentProblem('SILVER', [{ rank: 'PLATINUM' }])).toMatch(/dedicated/);
  });

  it('agrees a priority only when both sides give the same', () => {
    expect(agreedPriority('high', 'high')).toBe('high');
    expect(agreedPriority('high', 'medium')).toBeNull();
    expect(agreedPriority(null, 'low')).toBeNull();
  });

  it('moves a proposal along its flow', () => {
    const base = { by: 'staff' as const, priorityAgreed: true, changeDate: null };
    expect(statusChangeProblem({ ...base, from: 'proposed', to: 'agreed' })).toBeNull();
    expect(statusChangeProblem({ ...base, from: 'proposed', to: 'agreed', priorityAgreed: false })).toMatch(/priority/);
    expect(statusChangeProblem({ ...base, from: 'in_progress', to: 'implemented' })).toMatch(/date/);
    expect(statusChangeProblem({ ...base, from: 'in_progress', to: 'implemented', changeDate: '2026-07-15' })).toBeNull();
    expect(statusChangeProblem({ ...base, from: 'implemented', to: 'declined' })).toMatch(/cannot/);
    expect(statusChangeProblem({ ...base, by: 'customer', from: 'agreed', to: 'in_progress' })).toMatch(/customer/);
    expect(statusChangeProblem({ ...base, by: 'customer', from: 'agreed', to: 'declined' })).toBeNull();
  });
});
