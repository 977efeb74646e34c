import { InvalidArgumentError, type Command } from 'commander';
import { generateCur } from '../../modules/costs/generator/generate-cur.ts';
import { COST_FORMATS, type CostFormat } from '../../modules/costs/line-model.ts';

const positiveInt = (value: string) => {
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

type Options = {
  accounts: number;
  months: number;
  rows: number;
  format: string;
  seed: string;
  out: string;
  payer?: string;
  start: string;
  restate?: boolean;
  rowsPerFile: number;
  reportName?: string;
};

/** Synthetic AWS cost reports for demos, tests and benchmarks; needs no database. */
export function generateCurCommand(program: Command) {
  program
    .command('generate-cur')
    .description('write deterministic synthetic AWS cost reports (legacy CUR, CUR 2.0 or FOCUS 1.0) laid out as AWS delivers them')
    .requiredOption('--out <dir>', 'output folder (the bucket root)')
    .option('--format <format>', `${COST_FORMATS.join(' | ')}`, 'cur')
    .option('--accounts <n>', 'number of synthetic member accounts', positiveInt, 6)
    .option('--months <n>', 'number of billing periods', positiveInt, 1)
    .option('--rows <n>', 'approximate lines per month', positiveInt, 10_000)
    .option('--seed <seed>', 'seed: the same seed and options write byte-identical files', '1')
    .option('--start <YYYY-MM>', 'first billing period (UTC)', '2026-10')
    .option('--payer <id>', 'payer (management) account id, 12 digits')
    .option('--restate', 'also write the final, restated delivery of each month (invoice ids filled)')
    .option('--rows-per-file <n>', 'lines per data file before a new part starts', positiveInt, 500_000)
    .option('--report-name <name>', 'legacy report / CUR 2.0 export name')
    .action(async (opts: Options) => {
      if (!(COST_FORMATS as readonly string[]).includes(opts.format))
        program.error(`error: --format must be one of ${COST_FORMATS.join(', ')}`);
      const seed = /^\d+$/.test(opts.seed) ? Number(opts.seed) : opts.seed;
      try {
        const summary = await generateCur({
          outDir: opts.out,
          format: opts.format as CostFormat,
          seed,
          accounts: opts.accounts,
          months: opts.months,
          start: opts.start,
          rowsPerMonth: opts.rows,
          payerAccountId: opts.payer,
          restate: opts.restate === true,
          rowsPerFile: opts.rowsPerFile,
          reportName: opts.reportName,
          onProgress: ({ billingPeriod, rows }) => process.stderr.write(`\r${billingPeriod}: ${rows.toLocaleString('en-US')} lines`),
        });
        process.stderr.write('\n');
        for (const month of summary.months) {
          const t = month.current.totals;
          console.log(
            `${month.billingPeriod}: ${t.rows.toLocaleString('en-US')} lines, unblended ${t.unblended} USD, ${month.current.dataFiles.length} file(s)${month.current.final ? ', final' : ''}`,
          );
        }
        const seconds = summary.elapsedMs / 1000;
        console.log(
          `Wrote ${summary.files.length} files under ${summary.outDir}: ${summary.rows.toLocaleString('en-US')} lines in ${seconds.toFixed(1)} s (${Math.round(summary.rows / Math.max(seconds, 0.001)).toLocaleString('en-US')} lines/s).`,
        );
      } catch (error) {
        process.exitCode = 1;
        console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
}
