import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyForService } from '../../src/modules/membership/apply-for-service.ts';
import { importYearlyTotals } from '../../src/modules/membership/import-yearly-totals.ts';
import { runAprilFirst } from '../../src/modules/membership/run-april-first.ts';
import type { CustomerActor, SystemActor } from '../../src/modules/identity/rules/roles.ts';
import { seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

/**
 * The balance never goes negative, also when many applications arrive at once. On a PostgreSQL
 * server (DATABASE_URL, or the local server CI uses when it is reachable) the applications really
 * race over a pool of connections; on PGlite they are serialized by its single connection.
 */
const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

let env: Awaited<ReturnType<typeof createTestContext>>;
let engine = 'pglite';
const cli: SystemActor = { kind: 'system', label: 'test' };
let company: Awaited<ReturnType<typeof seedTenant>>;
let rep: CustomerActor;

const savedUrl = process.env.DATABASE_URL;
function restoreUrl() {
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
}

beforeAll(async () => {
  // The test context creates (and at the end drops) its database on the server DATABASE_URL names.
  if (!savedUrl && (await reachable(LOCAL_SERVER))) process.env.DATABASE_URL = LOCAL_SERVER;
  env = await createTestContext();
  engine = env.ctx.config.databaseUrl ? 'postgres' : 'pglite';
  // 2026-10-01 10:00 JST: fiscal year 2026.
  env.clock.advance(Date.parse('2026-10-01T01:00:00Z') - Date.now());
  company = await seedTenant(env.ctx, 'RACE');
  rep = {
    kind: 'customer',
    userId: company.representative.id,
    email: company.representative.email,
    role: 'representative',
    companyId: company.companyId,
  };
  await env.ctx.db
    .insertInto('aws_accounts')
    .values({ account_id: '333333333333', name: 'race', root_email: null, root_held_by_reseller: true })
    .execute();
  await env.ctx.db
    .insertInto('account_assignments')
    .values({ account_id: '333333333333', company_id: company.companyId, valid_from: '2024-01-01', valid_to: null })
    .execute();
  // ¥30,000,000 in 2025 → GOLD → 15 tickets.
  await importYearlyTotals(env.ctx, { actor: cli }, { rows: [{ companyCode: 'RACE', calendarYear: 2025, totalJpy: '30000000' }] });
});
afterAll(async () => {
  try {
    await env?.close();
  } finally {
    restoreUrl();
  }
});

describe('tickets under concurrency', () => {
  it('lets exactly three of 24 simultaneous 5-ticket applications through a 15-ticket balance', async () => {
    // The first applications also race to open the fiscal year (rank + grant): it must happen once.
    const attempts = await Promise.allSettled(
      Array.from({ length: 24 }, () =>
        applyForService(
          env.ctx,
          { actor: rep },
          { companyId: company.companyId, serviceCode: 'cost-consulting-lite', awsAccountId: '333333333333', note: '' },
        ),
      ),
    );
    const succeeded = attempts.filter((a) => a.status === 'fulfilled');
    const refused = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(succeeded).toHaveLength(3);
    expect(refused.map((r) => (r.reason as { code?: string }).code)).toEqual(Array(21).fill('not_enough_tickets'));
    const balance = await env.ctx.db
      .selectFrom('ticket_balances')
      .select('balance')
      .where('company_id', '=', company.companyId)
      .executeTakeFirstOrThrow();
    expect(balance.balance).toBe(0);
    const ledger = await env.ctx.db
      .selectFrom('ticket_ledger')
      .select(['kind', 'amount', 'balance_after'])
      .where('company_id', '=', company.companyId)
      .orderBy('id')
      .execute();
    expect(ledger).toEqual([
      { kind: 'grant', amount: 15, balance_after: 15 },
      { kind: 'spend', amount: -5, balance_after: 10 },
      { kind: 'spend', amount: -5, balance_after: 5 },
      { kind: 'spend', amount: -5, balance_after: 0 },
    ]);
    expect(await env.ctx.db.selectFrom('membership_applications').select('id').execute()).toHaveLength(3);
    expect(await env.ctx.db.selectFrom('membership_years').select('id').execute()).toHaveLength(1);
    console.info(`ticket race ran on ${engine}`);
  });

  it('refuses a negative balance in the database itself, even past the application code', async () => {
    await expect(
      env.ctx.db.updateTable('ticket_balances').set({ balance: -5 }).where('company_id', '=', company.companyId).execute(),
    ).rejects.toThrow(/ticket_balances_balance_check|check constraint/);
  });

  it('opens the next fiscal year on April 1: leftovers expire, the grant follows; twice changes nothing', async () => {
    // One spend refunded leaves 5 tickets of 2026 (refund through the ledger helper's rules).
    const [app] = await env.ctx.db.selectFrom('membership_applications').select('id').execute();
    const { moveApplication } = await import('../../src/modules/membership/move-application.ts');
    await moveApplication(env.ctx, { actor: cli }, { applicationId: app!.id, to: 'rejected', note: '重複申込' });
    // 2027-04-01 00:05 JST; 2026's total is none → REGULAR, no tickets.
    env.clock.advance(Date.parse('2027-03-31T15:05:00Z') - env.clock.now().getTime());
    expect(await runAprilFirst(env.ctx, { actor: cli }, { fiscalYear: 2027 })).toEqual({
      fiscalYear: 2027,
      opened: 1,
      alreadyOpen: 0,
      ranks: { REGULAR: 1 },
    });
    expect(await runAprilFirst(env.ctx, { actor: cli }, { fiscalYear: 2027 })).toEqual({
      fiscalYear: 2027,
      opened: 0,
      alreadyOpen: 1,
      ranks: { REGULAR: 1 },
    });
    const tail = await env.ctx.db
      .selectFrom('ticket_ledger')
      .select(['fiscal_year', 'kind', 'amount', 'balance_after'])
      .where('company_id', '=', company.companyId)
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(tail).toEqual([
      { fiscal_year: 2026, kind: 'expire', amount: -5, balance_after: 0 },
      { fiscal_year: 2026, kind: 'refund', amount: 5, balance_after: 5 },
    ]);
  });
});
