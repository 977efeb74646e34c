import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/modules/demo/seed-demo.ts';
import { createTestContext } from '../support/test-context.ts';
import { portalOverview } from '../../src/modules/portal/overview-presenter.ts';

/**
 * The demo as `npm start` seeds it on 2026-11-23 (12:00 JST: the open month is November), seeded once
 * for every module's expectations of it (seeding is the slow part).
 */
let env: Awaited<ReturnType<typeof createTestContext>>;

beforeAll(async () => {
  env = await createTestContext();
  env.clock.advance(Date.parse('2026-11-23T03:00:00Z') - env.clock.now().getTime());
  await seedDemo(env.ctx);
}, 300_000);
afterAll(async () => {
  await env.close();
});

describe('the demo membership', () => {
  it('ranks the demo companies, grants their tickets and has SAKURA’s application in progress with a message', async () => {
    const years = await env.ctx.db
      .selectFrom('membership_years as y')
      .innerJoin('companies as c', 'c.id', 'y.company_id')
      .leftJoin('users as u', 'u.id', 'y.csm_user_id')
      .select(['c.code', 'y.rank', 'u.email as csm'])
      .orderBy('c.code')
      .execute();
    expect(years).toEqual([
      { code: 'AOZORA', rank: 'SILVER', csm: null },
      { code: 'MIDORI', rank: 'GOLD', csm: null },
      { code: 'SAKURA', rank: 'PLATINUM', csm: 'csm@daiko.example' },
    ]);
    const balances = await env.ctx.db
      .selectFrom('ticket_balances as b')
      .innerJoin('companies as c', 'c.id', 'b.company_id')
      .select(['c.code', 'b.balance'])
      .orderBy('c.code')
      .execute();
    // SAKURA: 30 granted − 5 for the Lite application.
    expect(balances).toEqual([
      { code: 'AOZORA', balance: 5 },
      { code: 'MIDORI', balance: 15 },
      { code: 'SAKURA', balance: 25 },
    ]);
    const app = await env.ctx.db.selectFrom('membership_applications').select(['id', 'service_code', 'status']).executeTakeFirstOrThrow();
    expect(app).toMatchObject({ service_code: 'cost-consulting-lite', status: 'in_progress' });
    const messages = await env.ctx.db
      .selectFrom('membership_messages')
      .select(['author_side', 'status_to'])
      .where('application_id', '=', app.id)
      .orderBy('created_at')
      .execute();
    expect(messages).toEqual([
      { author_side: 'system', status_to: 'applied' },
      { author_side: 'staff', status_to: 'scheduling' },
      { author_side: 'staff', status_to: 'in_progress' },
      { author_side: 'staff', status_to: null },
    ]);
  });
});

describe('the demo budgets', () => {
  it('gives SAKURA a budget it stays under and one it went over, with their alerts', async () => {
    const sakura = await env.ctx.db.selectFrom('companies').select('id').where('code', '=', 'SAKURA').executeTakeFirstOrThrow();
    const budgets = await env.ctx.db
      .selectFrom('budgets')
      .select(['name', 'scope'])
      .where('company_id', '=', sakura.id)
      .orderBy('created_at')
      .execute();
    expect(budgets).toEqual([
      { name: '全社の AWS 利用料', scope: 'company' },
      { name: 'EC2（本番・検証）', scope: 'service' },
    ]);
    const alerts = await env.ctx.db
      .selectFrom('cost_alerts')
      .select(['budget_name', 'kind', 'threshold', 'month'])
      .where('company_id', '=', sakura.id)
      .where('budget_name', 'is not', null)
      .orderBy('budget_name')
      .orderBy('threshold')
      .execute();
    expect(alerts).toEqual([
      { budget_name: 'EC2（本番・検証）', kind: 'actual', threshold: 80, month: '2026-10' },
      { budget_name: 'EC2（本番・検証）', kind: 'actual', threshold: 100, month: '2026-10' },
      { budget_name: '全社の AWS 利用料', kind: 'actual', threshold: 80, month: '2026-10' },
    ]);
    // The demo's customers were told by e-mail (their representatives).
    const mails = await env.ctx.db
      .selectFrom('mail_outbox')
      .select('to_address')
      .where('purpose', '=', 'cost-alert')
      .where('company_id', '=', sakura.id)
      .execute();
    expect(mails.map((m) => m.to_address)).toContain('rep@sakura.example');
  });
});

describe('the demo inquiries, Trusted Advisor and cloud optimization', () => {
  it('has an answered inquiry, two registered roles and SAKURA’s proposals', async () => {
    const inquiries = await env.ctx.db
      .selectFrom('inquiries as i')
      .innerJoin('companies as c', 'c.id', 'i.company_id')
      .select(['c.code', 'i.subject', 'i.status', 'i.waiting_since'])
      .execute();
    expect(inquiries).toEqual([{ code: 'SAKURA', subject: 'トレーニングの申込方法について', status: 'open', waiting_since: null }]);
    const roles = await env.ctx.db
      .selectFrom('advisor_connections as a')
      .innerJoin('companies as c', 'c.id', 'a.company_id')
      .select(['c.code', 'a.role_arn'])
      .orderBy('c.code')
      .execute();
    expect(roles).toEqual([
      { code: 'AOZORA', role_arn: 'arn:aws:iam::230000000001:role/DaikoTrustedAdvisor' },
      { code: 'SAKURA', role_arn: 'arn:aws:iam::210000000001:role/DaikoTrustedAdvisor' },
    ]);
    const proposals = await env.ctx.db
      .selectFrom('optimization_proposals as p')
      .innerJoin('companies as c', 'c.id', 'p.company_id')
      .select(['c.code', 'p.category', 'p.status', 'p.customer_priority', 'p.csm_priority'])
      .orderBy('p.category')
      .execute();
    expect(proposals).toEqual([
      { code: 'SAKURA', category: 'cost', status: 'agreed', customer_priority: 'high', csm_priority: 'high' },
      { code: 'SAKURA', category: 'security', status: 'proposed', customer_priority: null, csm_priority: null },
    ]);
  });
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

  it('has cost-allocation tags in every month, open month included, each key adding up to the cost facts', async () => {
    const { rows } = await sql<{ billing_period: string; keys: string; gaps: string }>`
      WITH f AS (SELECT payer_account_id, billing_period, sum(unblended_usd) AS usd FROM cost_facts GROUP BY 1, 2),
      t AS (SELECT payer_account_id, billing_period, tag_key, sum(unblended_usd) AS usd FROM cost_tag_facts GROUP BY 1, 2, 3)
      SELECT f.billing_period, count(t.tag_key)::text AS keys, count(*) FILTER (WHERE t.usd <> f.usd)::text AS gaps
      FROM f LEFT JOIN t USING (payer_account_id, billing_period) GROUP BY 1 ORDER BY 1`.execute(env.ctx.db);
    expect(rows).toEqual(['2026-08', '2026-09', '2026-10', '2026-11'].map((m) => ({ billing_period: m, keys: '3', gaps: '0' })));
  });
});
