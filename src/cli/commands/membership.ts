import type { Command } from 'commander';
import { importRefused } from '../../modules/companies/rules/csv-table.ts';
import { importYearlyTotals } from '../../modules/membership/import-yearly-totals.ts';
import { parseYearlyTotalsCsv } from '../../modules/membership/rules/yearly-totals-csv.ts';
import { runAprilFirst } from '../../modules/membership/run-april-first.ts';
import { invalid } from '../../platform/errors.ts';
import { readTextFile } from '../read-text-file.ts';
import { cliCaller, runCommand } from '../run-command.ts';

/** Support membership (seed 004): the yearly April 1 job and pre-billing yearly totals. */
export function membershipCommands(program: Command) {
  const membership = program.command('membership').description('support membership: ranks and tickets');
  membership
    .command('april-1')
    .description(
      'open a fiscal year for every eligible company: rank from the previous calendar year, expire old tickets, grant new ones (safe to run twice)',
    )
    .requiredOption('--fiscal-year <YYYY>', 'the fiscal year starting April 1 of that year')
    .action((opts: { fiscalYear: string }) =>
      runCommand(async (ctx) => {
        if (!/^\d{4}$/.test(opts.fiscalYear)) throw invalid('--fiscal-year YYYY, e.g. 2026');
        const result = await runAprilFirst(ctx, cliCaller(), { fiscalYear: Number(opts.fiscalYear) });
        const ranks = Object.entries(result.ranks)
          .map(([rank, n]) => `${rank} ${n}`)
          .join(', ');
        console.log(
          `Fiscal year ${result.fiscalYear}: ${result.opened} opened, ${result.alreadyOpen} already open${ranks ? ` (${ranks})` : ''}.`,
        );
      }),
    );
  membership
    .command('import-totals <file>')
    .description('yearly transaction totals from before Daiko billed: company_code,calendar_year,total_jpy (the whole file or nothing)')
    .action((file: string) =>
      runCommand(async (ctx) => {
        const parsed = parseYearlyTotalsCsv(readTextFile(file));
        if (parsed.errors.length) throw importRefused(parsed.errors);
        const result = await importYearlyTotals(ctx, cliCaller(), { rows: parsed.rows });
        console.log(`Yearly totals: ${result.imported} imported.`);
      }),
    );
}
