import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/modules/demo/seed-demo.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;

beforeAll(async () => {
  env = await createTestContext();
  await seedDemo(env.ctx);
}, 300_000);
afterAll(async () => {
  await env.close();
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
