import type { Command } from 'commander';
import { formatYenWithSign as yen } from '../../modules/invoicing/document/format.ts';
import { sendInvoices } from '../../modules/invoicing/send-invoices.ts';
import { recordPayment } from '../../modules/receivables/record-payment.ts';
import { notFound } from '../../platform/errors.ts';
import { cliCaller, runCommand } from '../run-command.ts';

/** `npx daiko invoice send` and `npx daiko invoice pay`, added to the `invoice` command. */
export function registerInvoiceSendCommands(invoice: Command) {
  invoice
    .command('send')
    .description(
      'e-mail the month’s finalized invoices, PDF attached, to each customer’s billing e-mail (today is their receipt date); never twice',
    )
    .requiredOption('--month <YYYY-MM>', 'billing month')
    .option('--company <code>', 'only this customer')
    .action((opts: { month: string; company?: string }) =>
      runCommand(async (ctx) => {
        const summary = await sendInvoices(ctx, cliCaller(), { month: opts.month, companyCode: opts.company });
        for (const s of summary.sent) {
          console.log(
            `sent      ${s.companyCode.padEnd(12)} ${s.number.padEnd(20)} ${yen(String(s.totalJpy)).padStart(14)}  due ${s.dueDate}  → ${s.to}`,
          );
        }
        for (const e of summary.errors) console.log(`not sent  ${e.companyCode.padEnd(12)} ${e.number.padEnd(20)} ${e.message}`);
        console.log(
          `${summary.month}: ${summary.sent.length} sent on ${summary.receiptDate}, ${summary.alreadySent} already sent, ` +
            `${summary.notFinalized} not finalized yet, ${summary.errors.length} not sent.`,
        );
        if (summary.sent.length > 0) console.log('The e-mails are in the outbox; the server delivers them over SMTP (SMTP_URL).');
        if (summary.errors.length > 0) process.exitCode = 1;
      }),
    );

  invoice
    .command('pay')
    .description('record a payment received against an issued invoice (over-payment is accepted and flagged)')
    .requiredOption('--number <number>', 'invoice number')
    .requiredOption('--date <YYYY-MM-DD>', 'the day the money arrived')
    .requiredOption('--amount <JPY>', 'integer yen (1234567 or 1,234,567)')
    .option('--method <method>', 'bank-transfer | other', 'bank-transfer')
    .option('--note <text>', 'a note kept with the payment')
    .action((opts: { number: string; date: string; amount: string; method: string; note?: string }) =>
      runCommand(async (ctx) => {
        const invoice = await ctx.db.selectFrom('invoices').select('id').where('number', '=', opts.number).executeTakeFirst();
        if (!invoice) throw notFound(`Invoice ${opts.number}`);
        const result = await recordPayment(ctx, cliCaller(), {
          invoiceId: invoice.id,
          receivedOn: opts.date,
          amountJpy: opts.amount.replaceAll(',', ''),
          method: opts.method as 'bank-transfer',
          note: opts.note,
        });
        const view = result.invoice;
        console.log(
          `Recorded ${yen(String(result.payment.amountJpy))} received on ${result.payment.receivedOn} for invoice ${opts.number}.`,
        );
        console.log(
          `Paid ${yen(String(view.paidJpy))} of ${yen(String(view.totalJpy))}; balance ${yen(String(view.balanceJpy))}; status ${view.status}.`,
        );
        if (result.overpaid) console.log(`warning: over-paid by ${yen(String(result.overpaidJpy))}: decide on a refund or a credit.`);
      }),
    );
}
