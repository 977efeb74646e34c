import type { Command } from 'commander';
import { dayOfWeek } from '../../modules/calendar/rules/calendar-date.ts';
import type { FxRatesStored } from '../../modules/fx/fx-rate-store.ts';
import { FxRatesQuery, listFxRates } from '../../modules/fx/fx-rates-presenter.ts';
import { importFxRates } from '../../modules/fx/import-fx-rates.ts';
import { loadFxRatesForRun } from '../../modules/fx/load-rates.ts';
import { explainChoice } from '../../modules/fx/rules/fx-rate-choice.ts';
import { syncFxRates } from '../../modules/fx/sync-fx-rates.ts';
import { invalid } from '../../platform/errors.ts';
import { readTextFile } from '../read-text-file.ts';
import { cliCaller, runCommand } from '../run-command.ts';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const stored = (c: FxRatesStored) =>
  `FX rates: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged${c.from ? ` (${c.sources.join(', ')}, ${c.from} … ${c.to})` : ''}.`;

/** USD→JPY rates (SPEC §3): import, list, which rate applies and why, and the bank feed. */
export function fxCommands(program: Command) {
  const fx = program.command('fx').description('USD→JPY exchange rates (TTM) and the rate rule');
  fx.command('import <file>')
    .description('import rates from CSV: date,usd_jpy (+ source); the whole file or nothing; a re-import updates changed values')
    .option('--source <name>', 'source of rows without a source column/cell (default: the active source)')
    .action((file: string, opts: { source?: string }) =>
      runCommand(async (ctx) => {
        console.log(stored(await importFxRates(ctx, cliCaller(), { csv: readTextFile(file), source: opts.source })));
      }),
    );

  fx.command('list')
    .description('the rates of a source, oldest first (default: the active source, the last three months up to its latest rate)')
    .option('--from <YYYY-MM-DD>', 'first day')
    .option('--to <YYYY-MM-DD>', 'last day')
    .option('--source <name>', 'a source other than the active one')
    .option('--json', 'print JSON: {"source","from","to","rates":[{"date","usdJpy","source","importedAt","importedBy"}]}')
    .action((opts: { from?: string; to?: string; source?: string; json?: boolean }) =>
      runCommand(async (ctx) => {
        const query = FxRatesQuery.safeParse({ from: opts.from, to: opts.to, source: opts.source });
        if (!query.success) throw invalid(query.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
        const listing = await listFxRates(ctx, cliCaller().actor, query.data);
        const rates = [...listing.rates].reverse();
        if (opts.json) {
          console.log(JSON.stringify({ source: listing.source, from: listing.from, to: listing.to, rates }));
          return;
        }
        console.log(
          `${listing.source} USD/JPY (TTM), ${listing.from} … ${listing.to}: ${rates.length} rate(s)${listing.truncated ? ' (only the latest shown)' : ''}`,
        );
        for (const r of rates) console.log(`  ${r.date} ${WEEKDAYS[dayOfWeek(r.date)]}  ${r.usdJpy.padStart(10)}  ${r.importedBy}`);
      }),
    );

  fx.command('rate')
    .description('the rate that converts a usage month (the 3rd of the next month by default) or a purchase date, and why')
    .option('--usage-month <YYYY-MM>', 'usage month')
    .option('--date <YYYY-MM-DD>', 'purchase date (upfront RI / Savings Plans / Marketplace)')
    .action((opts: { usageMonth?: string; date?: string }) =>
      runCommand(async (ctx) => {
        if ((opts.usageMonth === undefined) === (opts.date === undefined))
          throw invalid('Give either --usage-month YYYY-MM or --date YYYY-MM-DD.');
        const rates = await loadFxRatesForRun(
          ctx.db,
          opts.usageMonth ? { usageMonths: [opts.usageMonth] } : { purchaseDates: [opts.date!] },
        );
        const chosen = opts.usageMonth ? rates.usageMonth(opts.usageMonth) : rates.purchase(opts.date!);
        const what = opts.usageMonth ? `Usage month ${opts.usageMonth}` : `Purchase on ${opts.date}`;
        console.log(`${what}: 1 USD = ${chosen.usdJpy} JPY (${chosen.source} TTM of ${chosen.rateDate})`);
        console.log(`Why: ${explainChoice(chosen)}`);
        console.log(
          `Rule: day ${rates.settings.usageRateDay} of the next month for usage; fallback ${rates.settings.fallback}, at most ${rates.settings.maxFallbackDays} day(s); rounding ${rates.settings.rounding}.`,
        );
      }),
    );

  fx.command('sync')
    .description('fetch rates from the bank feed (DAIKO_FX_FEED_URL) and store them like an import')
    .requiredOption('--from <YYYY-MM-DD>', 'first day')
    .requiredOption('--to <YYYY-MM-DD>', 'last day')
    .action((opts: { from: string; to: string }) =>
      runCommand(async (ctx) => {
        console.log(stored(await syncFxRates(ctx, cliCaller(), { from: opts.from, to: opts.to })));
      }),
    );
}
