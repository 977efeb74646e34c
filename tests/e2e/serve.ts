/**
 * A throw-away server for looking at the web app by hand: in-memory database, an admin and a
 * company with a representative and a member, all enrolled (TOTP secrets printed), on PORT or 3000.
 *   npx vite build && npx tsx tests/e2e/serve.ts      (or: npx vite, which proxies /api to it)
 */
import { totpCodeAt } from '../../src/modules/identity/rules/totp.ts';
import { buildServer } from '../../src/server/app.ts';
import { PASSWORD, seedStaff, seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

const env = await createTestContext();
const admin = await seedStaff(env.ctx, 'admin');
const tenant = await seedTenant(env.ctx, 'ACME');
const server = await buildServer(env.ctx);
const port = Number(process.env.PORT ?? 3000);
await server.listen({ port, host: '127.0.0.1' });

console.log(`Daiko (in-memory) on http://127.0.0.1:${port}/ — password for everyone: "${PASSWORD}"`);
for (const [label, user] of [['admin', admin], ['representative', tenant.representative], ['member', tenant.member]] as const) {
  console.log(`  ${label.padEnd(15)} ${user.email.padEnd(28)} TOTP secret ${user.totpSecret}`);
}
// Print each user's current code every 30 s, for signing in without an authenticator app.
const printCodes = () => console.log(`codes now: admin ${totpCodeAt(admin.totpSecret, env.clock.now())}, representative ${totpCodeAt(tenant.representative.totpSecret, env.clock.now())}, member ${totpCodeAt(tenant.member.totpSecret, env.clock.now())}`);
printCodes();
const timer = setInterval(printCodes, 30_000);

const stop = async () => {
  clearInterval(timer);
  await server.close();
  await env.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
