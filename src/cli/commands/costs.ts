import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { costSummary } from '../../modules/costs/cost-summary-presenter.ts';
import { ingestCostSource, type IngestionSummary } from '../../modules/costs/ingest-cost-source.ts';
import { cliCaller, runCommand } from '../run-command.ts';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export function costsCommands(program: Command) {
  program
    .command('ingest <source>')
    .description('ingest AWS cost reports (legacy CUR, CUR 2.0, FOCUS) from a local path or s3://bucket/prefix')
    .option('--payer <id>', 'refuse deliveries of any other payer account')
    .action((source: string, opts: { payer?: string }) =>
      runCommand(async (ctx) => {
        const started = performance.now();
        const bar = new cliProgress.SingleBar(
          { format: ' {delivery} [{bar}] {percentage}% | {rows} rows | {mib} | {rate} rows/s', hideCursor: true, noTTYOutput: false, stopOnComplete: false },
          cliProgress.Presets.shades_classic,
        );
        let active = false;
        const summaries = await ingestCostSource(ctx, cliCaller(), source, {
          payer: opts.payer,
          onProgress: (p) => {
            if (!process.stderr.isTTY) return;
            if (!active) {
              bar.start(Math.max(p.bytesTotal, 1), 0);
              active = true;
            }
            const seconds = (performance.now() - started) / 1000;
            bar.update(Math.min(p.bytesRead, p.bytesTotal), {
              delivery: `${p.delivery}/${p.deliveries}`,
              rows: p.rowsRead.toLocaleString('en-US'),
              mib: `${mib(p.bytesRead)} / ${mib(p.bytesTotal)}`,
              rate: Math.round(p.rowsRead / Math.max(seconds, 0.001)).toLocaleString('en-US'),
            });
          },
        });
        if (active) bar.stop();
        console.log(describeIngestion(summaries, performance.now() - started));
        if (summaries.some((s) => s.status === 'failed')) process.exitCode = 1;
      }),
    );

  program
    .command('costs')
    .description('cost data')
    .command('summary')
    .description('USD totals of a billing month per account and per line type')
    .requiredOption('--month <YYYY-MM>', 'billing month (UTC)')
    .option('--json', 'print JSON: {"month","unblended_usd","by_account","by_line_type"}')
    .action((opts: { month: string; json?: boolean }) =>
      runCommand(async (ctx) => {
        const summary = await costSummary(ctx, opts.month);
        if (opts.json) {
          console.log(JSON.stringify(summary));
          return;
        }
        console.log(`Billing month ${summary.month}: ${summary.unblended_usd} USD (unblended)`);
        console.log('By account:');
        for (const [account, usd] of Object.entries(summary.by_account)) console.log(`  ${account}  ${usd}`);
        console.log('By line type:');
        for (const [type, usd] of Object.entries(summary.by_line_type)) console.log(`  ${type.padEnd(26)} ${usd}`);
      }),
    );
}

export function describeIngestion(summaries: IngestionSummary[], elapsedMs: number) {
  const lines: string[] = [];
  for (const s of summaries) {
    lines.push(`${s.status.toUpperCase()}  ingestion ${s.ingestionId}  format ${s.format ?? '?'}  payer ${s.payerAccountId ?? '?'}`);
    if (s.error) {
      lines.push(`  error: ${s.error}`);
      continue;
    }
    for (const p of s.periods) {
      lines.push(`  period ${p.billingPeriod}: ${p.status} (version ${p.version})${p.restatedAccounts ? `, restated: ${p.restatedAccounts} account(s) differ from the invoiced version` : ''}`);
    }
    lines.push(`  accounts ${s.accounts}, rows read ${s.rowsRead.toLocaleString('en-US')}, facts ${s.factCount.toLocaleString('en-US')}${s.rowsSkippedOtherProviders ? `, skipped (other providers) ${s.rowsSkippedOtherProviders}` : ''}`);
    for (const [type, usd] of Object.entries(s.totalsByLineType)) lines.push(`  ${type.padEnd(26)} ${usd} USD`);
    for (const w of s.warnings) lines.push(`  warning: ${w}`);
  }
  lines.push(`Elapsed ${(elapsedMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}
