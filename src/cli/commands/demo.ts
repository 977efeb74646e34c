import type { Command } from 'commander';
import { describeDemoLogins, isDatabaseEmpty, isDemoDatabase, seedDemo } from '../../modules/demo/seed-demo.ts';
import { totpCodeAt } from '../../modules/identity/rules/totp.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import { runCommand } from '../run-command.ts';

export function demoCommand(program: Command) {
  const demo = program
    .command('demo')
    .description('seed the demo reseller into an empty database')
    .action(() =>
      runCommand(async (ctx) => {
        if (!(await isDatabaseEmpty(ctx))) throw conflict('not_empty', 'The database already has companies or users; the demo is seeded only into an empty one.');
        console.log(describeDemoLogins(await seedDemo(ctx)));
      }),
    );
  demo
    .command('code <email>')
    .description("print a demo user's current TOTP code (demo database only)")
    .action((email: string) =>
      runCommand(async (ctx) => {
        if (!(await isDemoDatabase(ctx))) throw forbidden('This is not the demo database: MFA codes are never printed for real users.');
        const user = await ctx.db.selectFrom('users').select('mfa_secret').where('email', '=', email.toLowerCase()).executeTakeFirst();
        if (!user?.mfa_secret) throw notFound(`Demo user ${email}`);
        console.log(totpCodeAt(user.mfa_secret, ctx.now()));
      }),
    );
}
