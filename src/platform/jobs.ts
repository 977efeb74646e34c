import PgBoss from 'pg-boss';

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

/**
 * Background work (ingests, later invoice runs and alerts). On a PostgreSQL server the jobs live in
 * pg-boss, so several server processes share them; on embedded PGlite they run in this process, one
 * at a time. Handlers record their own outcome (e.g. the ingestion record), so a job is fire-and-forget.
 */
export interface JobQueue {
  readonly kind: 'pg-boss' | 'in-process';
  register(name: string, handler: JobHandler): Promise<void>;
  send(name: string, data: Record<string, unknown>): Promise<void>;
  /**
   * Sends the registered job `name` on a cron schedule read in time zone `tz`. pg-boss keeps the
   * schedule in the database and sends one job per tick for all processes (true); the in-process
   * queue has no clock of its own (false): the caller then times the job itself.
   */
  schedule(name: string, cron: string, tz: string): Promise<boolean>;
  /** Resolves once nothing is running or waiting in this process. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process';
  private readonly handlers = new Map<string, JobHandler>();
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (name: string, error: unknown) => void) {}

  async register(name: string, handler: JobHandler) {
    this.handlers.set(name, handler);
  }

  async send(name: string, data: Record<string, unknown>) {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`No handler registered for job ${name}`);
    this.tail = this.tail.then(() => handler(data).catch((error: unknown) => this.onError(name, error)));
  }

  async schedule() {
    return false;
  }

  drain() {
    return this.tail;
  }

  async stop() {
    await this.tail;
  }
}

export class PgBossJobQueue implements JobQueue {
  readonly kind = 'pg-boss';
  private readonly boss: PgBoss;
  private started: Promise<unknown> | undefined;
  private running = 0;

  constructor(
    connectionString: string,
    private readonly onError: (name: string, error: unknown) => void,
  ) {
    this.boss = new PgBoss({ connectionString, schema: 'pgboss' });
    this.boss.on('error', (error) => onError('pg-boss', error));
  }

  private start() {
    this.started ??= this.boss.start();
    return this.started;
  }

  async register(name: string, handler: JobHandler) {
    await this.start();
    await this.boss.createQueue(name);
    await this.boss.work<Record<string, unknown>>(name, { pollingIntervalSeconds: 1 }, async ([job]) => {
      this.running++;
      try {
        await handler(job!.data);
      } catch (error) {
        this.onError(name, error);
      } finally {
        this.running--;
      }
    });
  }

  async send(name: string, data: Record<string, unknown>) {
    await this.start();
    await this.boss.send(name, data);
  }

  async schedule(name: string, cron: string, tz: string) {
    await this.start();
    await this.boss.schedule(name, cron, {}, { tz });
    return true;
  }

  async drain() {
    while (this.running > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }

  async stop() {
    if (this.started) await this.boss.stop({ graceful: true, wait: true });
  }
}
