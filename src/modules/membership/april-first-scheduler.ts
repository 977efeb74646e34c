import type { AppContext } from '../../platform/context.ts';
import type { SystemActor } from '../identity/rules/roles.ts';
import { eligibleCompanyIds } from './membership-store.ts';
import { APRIL_FIRST_CRON, APRIL_FIRST_TZ, dueFiscalYear, nextAprilFirstRun } from './rules/april-first.ts';
import { runAprilFirst } from './run-april-first.ts';

export const APRIL_FIRST_JOB = 'membership.april-1';
const SCHEDULER: SystemActor = { kind: 'system', label: 'april-1 scheduler' };
/** The in-process timer wakes at least this often, so a long wait or a changed clock cannot miss April 1. */
const MAX_WAIT_MS = 6 * 60 * 60 * 1000;

export type SchedulerTimer = { set(run: () => void, ms: number): unknown; clear(handle: unknown): void };
const realTimer: SchedulerTimer = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Schedules the April 1 job inside the server (seed 004 §2.3–2.4). On a PostgreSQL server pg-boss
 * keeps a cron schedule (00:05 on April 1, Asia/Tokyo) shared by every server process; on PGlite an
 * in-process timer does the same. At start it catches up a year whose run time has passed without
 * the job (server down on April 1). Running twice, or on several servers, opens nothing twice:
 * runAprilFirst skips an open year under each company's lock.
 */
export async function startAprilFirstScheduler(
  ctx: AppContext,
  options: { timer?: SchedulerTimer; onError?: (error: unknown) => void } = {},
): Promise<{ stop(): void }> {
  const timer = options.timer ?? realTimer;
  const onError = options.onError ?? ((error: unknown) => console.error('april-1 job failed:', error));
  await ctx.jobs.register(APRIL_FIRST_JOB, async () => {
    await openDueFiscalYear(ctx);
  });
  await openDueFiscalYear(ctx).catch(onError);
  if (await ctx.jobs.schedule(APRIL_FIRST_JOB, APRIL_FIRST_CRON, APRIL_FIRST_TZ)) return { stop: () => {} };

  let handle: unknown;
  let stopped = false;
  const arm = () => {
    const now = ctx.now();
    const wait = Math.min(nextAprilFirstRun(now).getTime() - now.getTime(), MAX_WAIT_MS);
    handle = timer.set(() => {
      openDueFiscalYear(ctx)
        .catch(onError)
        .finally(() => {
          if (!stopped) arm();
        });
    }, wait);
  };
  arm();
  return {
    stop() {
      stopped = true;
      timer.clear(handle);
    },
  };
}

/** Runs the job for the fiscal year due now when some eligible company has not got it open yet. */
async function openDueFiscalYear(ctx: AppContext) {
  const fiscalYear = dueFiscalYear(ctx.now());
  const open = new Set(
    (await ctx.db.selectFrom('membership_years').select('company_id').where('fiscal_year', '=', fiscalYear).execute()).map(
      (r) => r.company_id,
    ),
  );
  const missing = (await eligibleCompanyIds(ctx.db)).filter((id) => !open.has(id));
  if (missing.length === 0) return null;
  return runAprilFirst(ctx, { actor: SCHEDULER }, { fiscalYear });
}
