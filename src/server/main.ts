import { deliverOutbox } from '../modules/mail/deliver-outbox.ts';
import { startAprilFirstScheduler } from '../modules/membership/april-first-scheduler.ts';
import { isDatabaseEmpty, seedDemo, describeDemoLogins } from '../modules/demo/seed-demo.ts';
import { loadConfig } from '../platform/config.ts';
import { bootstrap } from '../platform/bootstrap.ts';
import { createLogger } from '../platform/logger.ts';
import { buildServer } from './app.ts';

/** `npm start`: migrate, seed the demo into an empty database (unless DAIKO_DEMO=off), serve. */
const config = loadConfig();
const logger = createLogger(config);
const { ctx, handle, applied } = await bootstrap(config, {
  jobs: 'shared',
  onJobError: (job, error) => logger.error({ err: error, job }, 'background job failed'),
});
if (applied.length) logger.info({ applied }, `applied ${applied.length} migration(s)`);

if (config.demo && (await isDatabaseEmpty(ctx))) {
  const demo = await seedDemo(ctx);
  console.log(describeDemoLogins(demo));
}

const server = await buildServer(ctx, { logger, trustProxy: Boolean(config.publicUrl) });
const address = await server.listen({ port: config.port, host: config.host });
console.log(`Daiko is serving ${handle.kind === 'pglite' ? `embedded PostgreSQL (PGlite) at ${handle.location}` : `PostgreSQL ${handle.location}`}`);
console.log(`Open ${address.replace('0.0.0.0', 'localhost')}/  (API docs: ${address}/api/docs)`);

// The outbox sender: without SMTP_URL mail stays in the outbox, readable in the staff console.
const sender = setInterval(() => {
  deliverOutbox(ctx).catch((error: unknown) => logger.error({ err: error }, 'outbox delivery failed'));
}, 10_000);
// The membership's April 1 job (pg-boss cron on PostgreSQL, a timer on PGlite), caught up at start.
const aprilFirst = await startAprilFirstScheduler(ctx, { onError: (error) => logger.error({ err: error }, 'april-1 job failed') });

async function shutdown(signal: string) {
  logger.info(`${signal}: shutting down`);
  clearInterval(sender);
  aprilFirst.stop();
  await server.close();
  await ctx.jobs.stop();
  await handle.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
