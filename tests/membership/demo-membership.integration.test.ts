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
