import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAprilFirstScheduler, type SchedulerTimer } from '../../src/modules/membership/april-first-scheduler.ts';
import { importYearlyTotals } from '../../src/modules/membership/import-yearly-totals.ts';
import type { SystemActor } from '../../src/modules/identity/rules/roles.ts';
import { PgBossJobQueue } from '../../src/platform/jobs.ts';
import { seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

/** A timer the test fires by hand: what the scheduler armed, and until when (on the test clock). */
class ManualTimer implements SchedulerTimer {
  pending: { run: () => void; ms: number; until: string } | null = null;
  set(run: () => void, ms: number) {
    // To the minute: the test clock ticks on with real time between the scheduler's reading and this one.
    this.pending = { run, ms, until: new Date(env.clock.now().getTime() + ms).toISOString().slice(0, 16) };
    return this.pending;
  }
  clear(handle: unknown) {
    if (this.pending === handle) this.pending = null;
  }
  /** Fires the armed callback and waits until the scheduler has armed the next one. */
  async fire() {
    const due = this.pending!;
    this.pending = null;
    due.run();
    for (let i = 0; i < 200 && this.pending === null; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let env: Awaited<ReturnType<typeof createTestContext>>;
let companyId: string;
const cli: SystemActor = { kind: 'system', label: 'test' };
const setClock = (iso: string) => env.clock.advance(Date.parse(iso) - env.clock.now().getTime());

async function years() {
  return env.ctx.db
    .selectFrom('membership_years')
    .select(['fiscal_year', 'rank', 'opened_by'])
    .where('company_id', '=', companyId)
    .orderBy('fiscal_year')
    .execute();
}
async function ledger() {
  return env.ctx.db
    .selectFrom('ticket_ledger')
    .select(['fiscal_year', 'kind', 'amount', 'balance_after'])
    .where('company_id', '=', companyId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

beforeAll(async () => {
  env = await createTestContext();
  // 2027-03-31 21:00 JST: the server starts three hours before April 1.
  setClock('2027-03-31T12:00:00Z');
  companyId = (await seedTenant(env.ctx, 'SCHED')).companyId;
  // 2025 → GOLD for fiscal 2026 (15 tickets); 2026 → PLATINUM for fiscal 2027 (30 tickets).
  await importYearlyTotals(
    env.ctx,
    { actor: cli },
    {
      rows: [
        { companyCode: 'SCHED', calendarYear: 2025, totalJpy: '30000000' },
        { companyCode: 'SCHED', calendarYear: 2026, totalJpy: '100000000' },
      ],
    },
  );
});
afterAll(async () => {
  await env?.close();
});

describe('the April 1 scheduler inside the server', () => {
  const timer = new ManualTimer();
  const second = new ManualTimer();

  it('catches up at start: the fiscal year that began last April 1 was never opened', async () => {
    // Two servers starting at once open it once.
    const [, b] = await Promise.all([startAprilFirstScheduler(env.ctx, { timer }), startAprilFirstScheduler(env.ctx, { timer: second })]);
    b.stop();
    expect(second.pending).toBeNull();
    expect(await years()).toEqual([{ fiscal_year: 2026, rank: 'GOLD', opened_by: 'cli:april-1 scheduler' }]);
    expect(await ledger()).toEqual([{ fiscal_year: 2026, kind: 'grant', amount: 15, balance_after: 15 }]);
    // Armed for 00:05 JST on April 1, 3 h 5 min from now.
    expect(timer.pending!.until).toBe('2027-03-31T15:05');
  });

  it('does nothing when woken before 00:05 JST on April 1', async () => {
    setClock('2027-03-31T15:04:59Z');
    await timer.fire();
    expect((await years()).map((y) => y.fiscal_year)).toEqual([2026]);
    expect(timer.pending!.until).toBe('2027-03-31T15:05');
  });

  it('opens the new fiscal year at 00:05 JST, while it is still March 31 in UTC', async () => {
    setClock('2027-03-31T15:05:00Z');
    await timer.fire();
    expect(await years()).toEqual([
      { fiscal_year: 2026, rank: 'GOLD', opened_by: 'cli:april-1 scheduler' },
      { fiscal_year: 2027, rank: 'PLATINUM', opened_by: 'cli:april-1 scheduler' },
    ]);
    expect(await ledger()).toEqual([
      { fiscal_year: 2026, kind: 'grant', amount: 15, balance_after: 15 },
      { fiscal_year: 2026, kind: 'expire', amount: -15, balance_after: 0 },
      { fiscal_year: 2027, kind: 'grant', amount: 30, balance_after: 30 },
    ]);
    // The next run is a year later; meanwhile the timer wakes every 6 hours to read the clock again.
    expect(timer.pending!.until).toBe('2027-03-31T21:05');
  });

  it('changes nothing when it runs twice (a second wake-up, a restart)', async () => {
    setClock('2027-04-01T09:00:00Z');
    await timer.fire();
    const restarted = await startAprilFirstScheduler(env.ctx, { timer: second });
    restarted.stop();
    expect((await years()).map((y) => y.fiscal_year)).toEqual([2026, 2027]);
    expect(await ledger()).toHaveLength(3);
    const runs = await env.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'membership.year.opened')
      .where('company_id', '=', companyId)
      .execute();
    expect(runs).toHaveLength(2);
  });

  it.runIf(Boolean(process.env.DATABASE_URL))('on PostgreSQL, leaves the schedule to pg-boss (cron in Asia/Tokyo)', async () => {
    const errors: unknown[] = [];
    const jobs = new PgBossJobQueue(env.ctx.config.databaseUrl!, (_name, error) => errors.push(error));
    try {
      const pgTimer = new ManualTimer();
      await startAprilFirstScheduler({ ...env.ctx, jobs }, { timer: pgTimer });
      expect(pgTimer.pending).toBeNull();
      const rows = await env.ctx.db
        .selectFrom('pgboss.schedule' as never)
        .select(['name', 'cron', 'timezone'] as never[])
        .execute();
      expect(rows).toEqual([{ name: 'membership.april-1', cron: '5 0 1 4 *', timezone: 'Asia/Tokyo' }]);
    } finally {
      await jobs.stop();
    }
    expect(errors).toEqual([]);
  });
});
