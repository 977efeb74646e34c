import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { renderJpPint } from '../../modules/invoicing/document/render-jp-pint.ts';
import { finalizeInvoices } from '../../modules/invoicing/finalize-invoices.ts';
import { invoiceDocumentByNumber } from '../../modules/invoicing/invoice-document-of.ts';
import { listInvoices } from '../../modules/invoicing/invoices-presenter.ts';
import { reconcileMonth } from '../../modules/invoicing/reconciliation-presenter.ts';
import { runInvoiceDrafts } from '../../modules/invoicing/run-invoice-drafts.ts';
import { voidInvoice } from '../../modules/invoicing/void-invoice.ts';
import { invalid } from '../../platform/errors.ts';
import { cliCaller, runCommand } from '../run-command.ts';

const yen = (amount: string | number) => `¥${BigInt(amount).toLocaleString('ja-JP')}`;

/** `npx daiko invoice …`: the month's invoice run from the terminal. Returns the command so others can add to it. */
export function invoiceCommands(program: Command): Command {
  const invoice = program.command('invoice').description('monthly invoices: run drafts, list, finalize, export');

  invoice
    .command('run')
    .description('draft every billing-agency customer’s invoice for a month (replaces drafts, never finalized invoices)')
    .requiredOption('--month <YYYY-MM>', 'billing month (UTC)')
    .option('--company <code>', 'only this customer')
    .action((opts: { month: string; company?: string }) =>
      runCommand(async (ctx) => {
        const result = await runInvoiceDrafts(ctx, cliCaller(), { month: opts.month, companyCode: opts.company });
        for (const w of result.warnings) console.log(`warning: ${w}`);
        for (const d of result.drafts) console.log(`draft     ${d.companyCode.padEnd(12)} ${String(d.lines).padStart(4)} lines  ${yen(d.totalJpy).padStart(14)}`);
        for (const code of result.finalized) console.log(`finalized ${code.padEnd(12)} (left as issued)`);
        for (const code of result.nothingToBill) console.log(`nothing   ${code.padEnd(12)} (no billable cost this month)`);
        const unassigned = Object.entries(result.unassignedUsd);
        if (unassigned.length > 0) console.log(`not billed to any customer: ${unassigned.map(([a, usd]) => `${a} ${usd} USD`).join(', ')}`);
        console.log(`${result.drafts.length} draft(s) for ${result.month}.`);
      }),
    );

  invoice
    .command('list')
    .description('invoices of a month')
    .requiredOption('--month <YYYY-MM>', 'billing month')
    .option('--json', 'a JSON array of {company_code, number, status, subtotal_jpy, tax_jpy, total_jpy} (yen as integers)')
    .action((opts: { month: string; json?: boolean }) =>
      runCommand(async (ctx) => {
        const rows = await listInvoices(ctx, cliCaller().actor, { month: opts.month });
        if (opts.json) {
          console.log(JSON.stringify(rows.map((r) => ({ company_code: r.company_code, number: r.number, status: r.status, subtotal_jpy: r.subtotal_jpy, tax_jpy: r.tax_jpy, total_jpy: r.total_jpy }))));
          return;
        }
        for (const r of rows) console.log(`${r.company_code.padEnd(12)} ${(r.number ?? '-').padEnd(20)} ${r.status.padEnd(10)} ${yen(r.total_jpy).padStart(14)}`);
        if (rows.length === 0) console.log(`No invoices for ${opts.month}.`);
      }),
    );

  invoice
    .command('finalize')
    .description('number, render and lock the month’s drafts (one customer with --company)')
    .requiredOption('--month <YYYY-MM>', 'billing month')
    .option('--company <code>', 'only this customer')
    .option('--allow-provisional', 'finalize on cost data AWS has not finalized yet')
    .action((opts: { month: string; company?: string; allowProvisional?: boolean }) =>
      runCommand(async (ctx) => {
        const outcomes = await finalizeInvoices(ctx, cliCaller(), { month: opts.month, companyCode: opts.company, allowProvisional: opts.allowProvisional });
        for (const o of outcomes) {
          if (o.status === 'finalized') console.log(`finalized ${o.companyCode.padEnd(12)} ${o.number.padEnd(20)} ${yen(o.totalJpy).padStart(14)}  sha256 ${o.pdfSha256}`);
          else console.log(`refused   ${o.companyCode.padEnd(12)} ${o.reason}`);
        }
        if (outcomes.some((o) => o.status === 'refused')) process.exitCode = 1;
      }),
    );

  invoice
    .command('void')
    .description('void an issued, unpaid invoice: a credit note (適格返還請求書) of the same amounts is issued against it')
    .requiredOption('--number <number>', 'invoice number')
    .requiredOption('--reason <text>', 'why (printed on the credit note)')
    .action((opts: { number: string; reason: string }) =>
      runCommand(async (ctx) => {
        const r = await voidInvoice(ctx, cliCaller(), { number: opts.number, reason: opts.reason });
        console.log(`voided ${r.voided}; credit note ${r.creditNoteNumber} for ${yen(r.totalJpy)}`);
      }),
    );

  invoice
    .command('reconcile')
    .description('AWS’s total for the month = billed + excluded (credits, discounts, AWS tax, commitment isolation, list re-rating) + unassigned, to the cent')
    .requiredOption('--month <YYYY-MM>', 'billing month')
    .option('--json', 'the reconciliation as JSON (amounts as decimal strings, with residue_usd)')
    .action((opts: { month: string; json?: boolean }) =>
      runCommand(async (ctx) => {
        const r = await reconcileMonth(ctx, cliCaller().actor, opts.month);
        if (opts.json) {
          console.log(JSON.stringify(r));
          return;
        }
        const row = (label: string, usd: string) => console.log(`${label.padEnd(34)} ${usd.padStart(24)} USD`);
        for (const [payer, usd] of Object.entries(r.awsTotalByPayer)) row(`AWS total, payer ${payer}`, usd);
        row('billed to customers (before markup)', r.billed_usd);
        for (const [bucket, usd] of Object.entries(r.excluded_usd)) row(`  not billed: ${bucket}`, usd);
        row('unassigned accounts', r.unassigned_usd);
        row('residue', r.residue_usd);
        if (r.residue_usd !== '0') process.exitCode = 1;
      }),
    );

  invoice
    .command('export')
    .description('write an issued invoice as a JP PINT e-invoice (UBL 2.1) or its PDF')
    .requiredOption('--number <number>', 'invoice number')
    .option('--format <format>', 'jp-pint', 'jp-pint')
    .option('--out <file>', 'write to this file instead of stdout')
    .action((opts: { number: string; format: string; out?: string }) =>
      runCommand(async (ctx) => {
        if (opts.format !== 'jp-pint') throw invalid(`Unknown format "${opts.format}": the only e-invoice format is jp-pint.`);
        const xml = renderJpPint(await invoiceDocumentByNumber(ctx.db, opts.number));
        if (opts.out) writeFileSync(opts.out, xml);
        else process.stdout.write(xml);
      }),
    );
  return invoice;
}
