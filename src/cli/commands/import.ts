import type { Command } from 'commander';
import { importAccounts } from '../../modules/accounts/import-accounts.ts';
import { importCompanies } from '../../modules/companies/import-companies.ts';
import { readTextFile } from '../read-text-file.ts';
import { cliCaller, runCommand } from '../run-command.ts';

type Counts = { created: number; updated: number; unchanged: number };
const summary = (what: string, c: Counts) => `${what}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged.`;

/** Bulk onboarding of an existing customer base; the whole file or nothing. */
export function importCommand(program: Command) {
  const cmd = program.command('import').description('bulk onboarding from CSV (idempotent; the whole file or nothing)');
  cmd
    .command('companies <file>')
    .description('columns: code,name,name_kana,billing_agency,billing_email (+ invoice_addressee, postal_address, payer_kana_names, excl_* flags)')
    .action((file: string) =>
      runCommand(async (ctx) => {
        console.log(summary('Companies', await importCompanies(ctx, cliCaller(), readTextFile(file))));
      }),
    );
  cmd
    .command('accounts <file>')
    .description('columns: account_id,company_code,name,from,to (dates YYYY-MM-DD UTC, empty to = open; + root_email)')
    .action((file: string) =>
      runCommand(async (ctx) => {
        console.log(summary('Account windows', await importAccounts(ctx, cliCaller(), readTextFile(file))));
      }),
    );
}
