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
