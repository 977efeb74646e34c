import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/modules/demo/seed-demo.ts';
import { portalOverview } from '../../src/modules/portal/overview-presenter.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;

beforeAll(async () => {
  env = await createTestContext();
  // The demo as npm start seeds it on 2026-11-23 (12:00 JST): the open month is November.
  env.clock.advance(Date.parse('2026-11-23T03:00:00Z') - env.clock.now().getTime());
  await seedDemo(env.ctx);
}, 300_000);
afterAll(async () => {
  await env.close();
});

describe('the demo portal', () => {
  it('gives every demo customer a month to date, a forecast and its issued invoices', async () => {
    const companies = await env.ctx.db.selectFrom('companies').select(['id', 'code']).execute();
    const system = { kind: 'system', label: 'test' } as const;
    let withCosts = 0;
    for (const c of companies) {
      const o = await portalOverview(env.ctx, system, c.id);
      if (o.estimate.lastDay === null) continue;
      withCosts++;
      // Data up to yesterday (UTC), yen at the latest rate, a forecast above the month to date.
      expect(o.estimate.lastDay).toBe('2026-11-22');
      expect(Number(o.estimate.toDateJpy)).toBeGreaterThan(0);
      expect(Number(o.estimate.forecastUsd)).toBeGreaterThan(Number(o.estimate.toDateUsd));
      expect(o.topServices.length).toBeGreaterThan(0);
      expect(o.invoicedMonths.map((m) => m.month)).toEqual(['2026-09', '2026-08']);
    }
    expect(withCosts).toBeGreaterThanOrEqual(3);
  });
});
