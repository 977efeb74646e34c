import { describe, expect, it } from 'vitest';
import { findAnomalies, judgeDay } from '../../src/modules/budgets/rules/anomaly.ts';
import { budgetStatus } from '../../src/modules/budgets/rules/budget-status.ts';
import { matchRestrictedService } from '../../src/modules/budgets/rules/restricted-services.ts';
import { crossedThresholds, percentOfBudget } from '../../src/modules/budgets/rules/threshold-crossing.ts';

describe('crossedThresholds', () => {
  it('crosses a threshold when the amount reaches it exactly, in integer yen', () => {
    // 80% of ¥100,000 is ¥80,000: ¥79,999 has not reached it, ¥80,000 has.
    expect(crossedThresholds({ amountJpy: 79_999n, budgetJpy: 100_000n, thresholds: [80, 100] })).toEqual([]);
    expect(crossedThresholds({ amountJpy: 80_000n, budgetJpy: 100_000n, thresholds: [80, 100] })).toEqual([80]);
    expect(crossedThresholds({ amountJpy: 100_000n, budgetJpy: 100_000n, thresholds: [100, 80] })).toEqual([80, 100]);
    // 80% of ¥333 is ¥266.4: ¥266 is short (26,600 < 26,640), ¥267 is over (26,700 ≥ 26,640).
    expect(crossedThresholds({ amountJpy: 266n, budgetJpy: 333n, thresholds: [80] })).toEqual([]);
    expect(crossedThresholds({ amountJpy: 267n, budgetJpy: 333n, thresholds: [80] })).toEqual([80]);
  });

  it('shows the percentage rounded down to one decimal', () => {
    // 267 / 333 = 0.8018… → 80.1%
    expect(percentOfBudget(267n, 333n)).toBe(80.1);
    expect(percentOfBudget(150_000n, 100_000n)).toBe(150);
  });
});

describe('budgetStatus', () => {
  const spend = [
    { accountId: '111111111111', serviceCode: 'AmazonEC2', date: '2026-10-01', usd: '100' },
    { accountId: '111111111111', serviceCode: 'AmazonS3', date: '2026-10-01', usd: '20' },
    { accountId: '222222222222', serviceCode: 'AmazonEC2', date: '2026-10-02', usd: '100' },
    // Last month's day (the anomaly baseline) is not this month's spend.
    { accountId: '111111111111', serviceCode: 'AmazonEC2', date: '2026-09-30', usd: '999' },
  ];
  const rate = { usdJpy: '150.00', rateDate: '2026-10-02', source: 'MUFG', basis: 'latest' as const };

  it('converts the actual once and forecasts the open month with forecastMonthEnd', () => {
    const status = budgetStatus({
      budget: { scope: 'company', accountId: null, serviceCode: null, amountJpy: 1_000_000n, thresholds: [80, 100] },
      month: '2026-10',
      spend,
      lastDay: '2026-10-02',
      complete: false,
      rate,
      rounding: 'half-up',
    });
    // Actual 100 + 20 + 100 = USD 220 × 150 = ¥33,000. Run rate 220 / 2 days = 110/day; 29 more days → 220 + 3,190 = 3,410 × 150 = ¥511,500.
    expect(status).toEqual({
      actualUsd: '220',
      forecastUsd: '3410',
      actualJpy: 33_000n,
      forecastJpy: 511_500n,
      crossedActual: [],
      crossedForecast: [],
    });
  });

  it('keeps to its account or service, and forecasts nothing once the month is complete', () => {
    const account = budgetStatus({
      budget: { scope: 'account', accountId: '222222222222', serviceCode: null, amountJpy: 15_000n, thresholds: [80, 100] },
      month: '2026-10',
      spend,
      lastDay: '2026-10-31',
      complete: true,
      rate,
      rounding: 'half-up',
    });
    // USD 100 × 150 = ¥15,000: 100% of ¥15,000.
    expect(account).toMatchObject({ actualJpy: 15_000n, forecastJpy: null, crossedActual: [80, 100] });
    const service = budgetStatus({
      budget: { scope: 'service', accountId: null, serviceCode: 'AmazonS3', amountJpy: 3_750n, thresholds: [80] },
      month: '2026-10',
      spend,
      lastDay: '2026-10-02',
      complete: false,
      rate,
      rounding: 'half-up',
    });
    // S3: USD 20 × 150 = ¥3,000 = 80% of ¥3,750; forecast 20 + (20/2)×29 = 310 × 150 = ¥46,500.
    expect(service).toMatchObject({ actualJpy: 3_000n, forecastJpy: 46_500n, crossedActual: [80], crossedForecast: [80] });
  });

  it('judges nothing without a rate', () => {
    const status = budgetStatus({
      budget: { scope: 'company', accountId: null, serviceCode: null, amountJpy: 1n, thresholds: [80] },
      month: '2026-10',
      spend,
      lastDay: '2026-10-02',
      complete: false,
      rate: null,
      rounding: 'half-up',
    });
    expect(status).toMatchObject({ actualUsd: '220', actualJpy: null, forecastJpy: null, crossedActual: [], crossedForecast: [] });
  });
});

describe('the anomaly rule', () => {
  // 14 days before 2026-10-15: Oct 1–14.
  const history = (values: (string | undefined)[]) => {
    const byDate = new Map(values.map((v, i) => [`2026-10-${String(14 - i).padStart(2, '0')}`, v]));
    return (date: string) => byDate.get(date);
  };

  it('fires at three times the median of the last 14 days and USD 50 above it', () => {
    // Seven days of $10 and seven of $30: sorted, the 7th and 8th values are 10 and 30 → median 20.
    const days = history(['10', '30', '10', '30', '10', '30', '10', '30', '10', '30', '10', '30', '10', '30']);
    expect(judgeDay('2026-10-15', '59.99', days)).toEqual({ anomalous: false, baselineUsd: '20', historyDays: 14 });
    // 3 × 20 = 60 and 60 − 20 = 40 < 50: still quiet.
    expect(judgeDay('2026-10-15', '60', days).anomalous).toBe(false);
    // 70 ≥ 60 and 70 − 20 = 50 ≥ 50: fires.
    expect(judgeDay('2026-10-15', '70', days)).toEqual({ anomalous: true, baselineUsd: '20', historyDays: 14 });
  });

  it('keeps tiny services quiet, needs seven days of history, and is not fooled by one earlier spike', () => {
    const tiny = history(Array(14).fill('0.5'));
    // 40 × the baseline, but only $2.50 above it.
    expect(judgeDay('2026-10-15', '20', tiny).anomalous).toBe(false);
    // Six days of history only (the other eight count as 0; median 0).
    const young = history(['100', '100', '100', '100', '100', '100']);
    expect(judgeDay('2026-10-15', '5000', young)).toEqual({ anomalous: false, baselineUsd: '0', historyDays: 6 });
    // One $10,000 day in the window: the median stays $100, so $400 fires (400 ≥ 300, 300 ≥ 50).
    const spiky = history(['100', '100', '10000', '100', '100', '100', '100', '100', '100', '100', '100', '100', '100', '100']);
    expect(judgeDay('2026-10-15', '400', spiky)).toEqual({ anomalous: true, baselineUsd: '100', historyDays: 14 });
  });

  it('finds every anomalous day of a month per service, summing accounts', () => {
    const series = [];
    for (let d = 1; d <= 20; d++) {
      const date = `2026-09-${String(d + 10).padStart(2, '0')}`;
      series.push({ serviceCode: 'AmazonEC2', date, usd: '30' }, { serviceCode: 'AmazonEC2', date, usd: '20' });
    }
    // Oct 1: two accounts, 120 + 130 = 250 ≥ 3 × 50 and 200 above it.
    series.push({ serviceCode: 'AmazonEC2', date: '2026-10-01', usd: '120' }, { serviceCode: 'AmazonEC2', date: '2026-10-01', usd: '130' });
    series.push({ serviceCode: 'AWSLambda', date: '2026-10-01', usd: '9000' });
    expect(findAnomalies(series, '2026-10-01', '2026-10-31')).toEqual([
      { serviceCode: 'AmazonEC2', date: '2026-10-01', usd: '250', baselineUsd: '50' },
    ]);
  });
});

describe('restricted services', () => {
  const line = (serviceCode: string, serviceName: string, billingEntity = 'AWS') =>
    matchRestrictedService({ serviceCode, serviceName, billingEntity })?.key ?? null;

  it('matches the seed list by code, code prefix or name', () => {
    expect(line('AmazonChimeVoiceConnector', 'Amazon Chime Voice Connector')).toBe('chime');
    expect(line('AWSShield', 'AWS Shield')).toBe('shield-advanced');
    expect(line('AWSManagedServices', 'AWS Managed Services')).toBe('managed-services');
    expect(line('AWSIQ', 'AWS IQ')).toBe('iq');
    expect(line('prod-vmc', 'VMware Cloud on AWS', 'AWS Marketplace')).toBe('vmware-cloud');
    expect(line('AWSOrganizations', 'AWS Organizations')).toBe('organizations');
    expect(line('AWSControlTower', 'AWS Control Tower')).toBe('control-tower');
  });

  it('flags third-party Bedrock models sold through Marketplace, not Bedrock itself', () => {
    expect(line('prod-4pmewlybdftbs', 'Claude 3.5 Sonnet (Amazon Bedrock Edition)', 'AWS Marketplace')).toBe('bedrock-marketplace-model');
    expect(line('AmazonBedrock', 'Amazon Bedrock')).toBeNull();
    expect(line('AmazonEC2', 'Amazon Elastic Compute Cloud')).toBeNull();
    expect(line('AmazonChime', 'Amazon Chime', 'AWS')).toBe('chime');
  });
});
