import type { Command } from 'commander';
import { createUser } from '../../modules/identity/create-user.ts';
import { notFound } from '../../platform/errors.ts';
import { cliCaller, runCommand } from '../run-command.ts';

export function usersCommand(program: Command) {
  const users = program.command('users').description('manage users');
  users
    .command('create')
    .description('create a user with a temporary password (e-mailed through the outbox and printed here)')
    .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--role <role>', 'admin | billing | csm (staff) or representative | member (with --company)')
    .option('--company <code>', 'company code, for a customer user')
    .option('--locale <locale>', 'ja | en', 'ja')
    .action(async (opts: { email: string; name: string; role: string; company?: string; locale: string }) =>
      runCommand(async (ctx) => {
        let companyId: string | null = null;
        if (opts.company) {
          const company = await ctx.db.selectFrom('companies').select('id').where('code', '=', opts.company).executeTakeFirst();
          if (!company) throw notFound(`Company ${opts.company}`);
          companyId = company.id;
        }
        const { user, temporaryPassword } = await createUser(ctx, cliCaller(), {
          companyId,
          email: opts.email,
          name: opts.name,
          role: opts.role as 'admin',
          locale: opts.locale as 'ja',
        });
        console.log(`Created ${user.kind} user ${user.email} (${user.role}).`);
        console.log(`Temporary password: ${temporaryPassword}  (also queued by e-mail; to be changed at first sign-in, then MFA enrolment)`);
      }),
    );
}
