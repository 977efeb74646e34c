import { describe, expect, it } from 'vitest';
import { restatementDeltas } from '../../src/modules/costs/rules/restatement-deltas.ts';

describe('restatement deltas', () => {
  it('lists new − old per account, exactly, leaving out unchanged accounts', () => {
    const previous = {
      '111111111111': { unblendedUsd: '100.0000000001', listUsd: '120' },
      '222222222222': { unblendedUsd: '50', listUsd: '50' },
      '333333333333': { unblendedUsd: '7.5', listUsd: '7.5' },
    };
    const next = {
      '111111111111': { unblendedUsd: '100.1', listUsd: '120' },
      '222222222222': { unblendedUsd: '50.0000000000', listUsd: '50' },
      '444444444444': { unblendedUsd: '0.3', listUsd: '0.4' },
    };
    expect(restatementDeltas(previous, next)).toEqual([
      // 100.1 − 100.0000000001 = 0.0999999999 (a float would say 0.09999999990000229)
      { usageAccountId: '111111111111', unblendedDeltaUsd: '0.0999999999', listDeltaUsd: '0' },
      { usageAccountId: '333333333333', unblendedDeltaUsd: '-7.5', listDeltaUsd: '-7.5' },
      { usageAccountId: '444444444444', unblendedDeltaUsd: '0.3', listDeltaUsd: '0.4' },
    ]);
  });

  it('is empty when nothing changed', () => {
    const totals = { '111111111111': { unblendedUsd: '1', listUsd: '2' } };
    expect(restatementDeltas(totals, { '111111111111': { unblendedUsd: '1.000', listUsd: '2.0' } })).toEqual([]);
  });
});
