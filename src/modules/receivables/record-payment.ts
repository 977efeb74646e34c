import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { isCalendarDate, tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { actorLabel, can } from '../identity/rules/roles.ts';
import { invoicePayments, type InvoicePaymentsView, type PaymentView } from './payments-presenter.ts';

/** What a person enters for a payment (the invoice comes from the URL or the command line). */
export const PaymentFields = z.object({
  receivedOn: z.string().refine(isCalendarDate, 'a date YYYY-MM-DD'),
  /** Integer yen, as a JSON integer or a string of digits. */
  amountJpy: z.union([
    z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    z.string().regex(/^[1-9]\d{0,14}$/, 'integer yen, more than 0'),
  ]),
  method: z.enum(['bank-transfer', 'other']).default('bank-transfer'),
  note: z.string().trim().max(500).nullish(),
});

export const RecordPaymentInput = PaymentFields.extend({ invoiceId: z.string().uuid() });
export type RecordPaymentInput = z.input<typeof RecordPaymentInput>;

export type RecordPaymentResult = {
  payment: PaymentView;
  invoice: InvoicePaymentsView;
  /** More than the invoice's total has now been paid: a person must decide (refund, next invoice). */
  overpaid: boolean;
  overpaidJpy: number;
};

/**
 * Records money received against an issued invoice (finalized or sent; never a draft, a void
 * invoice or a credit note). Over-payment is accepted, since the money did arrive, and flagged.
 * Payments are append-only; the invoice row is locked so that concurrent payments sum correctly.
 */
export const recordPayment = defineAction({
  name: 'payment.record',
  input: RecordPaymentInput,
  authorize: async (tx, { actor }, input) => {
    const invoice = await tx.selectFrom('invoices').select('company_id').where('id', '=', input.invoiceId).executeTakeFirst();
    if (!invoice) throw notFound('Invoice');
    if (!can(actor, 'invoices.manage', invoice.company_id)) throw forbidden();
  },
  run: async (tx, { actor }, input, ctx) => {
    const invoice = await tx
      .selectFrom('invoices')
      .select(['id', 'number', 'company_id', 'kind', 'status'])
      .where('id', '=', input.invoiceId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (invoice.kind !== 'invoice' || (invoice.status !== 'finalized' && invoice.status !== 'sent')) {
      const what = invoice.kind === 'invoice' ? `a ${invoice.status} invoice` : 'a credit note';
      throw conflict(
        'invoice_not_payable',
        `Payments are recorded against finalized or sent invoices only; ${invoice.number ?? 'this one'} is ${what}.`,
      );
    }
    const today = tokyoDateOf(ctx.now());
    if (input.receivedOn > today)
      throw invalid(`A payment cannot be received in the future (${input.receivedOn}; today is ${today} in Japan).`);

    const amountJpy = BigInt(input.amountJpy);
    const note = input.note || null;
    const { id } = await tx
      .insertInto('payments')
      .values({
        invoice_id: invoice.id,
        received_on: input.receivedOn,
        amount_jpy: amountJpy,
        method: input.method,
        note,
        recorded_by: actorLabel(actor),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const view = await invoicePayments(tx, invoice.id, today);
    const overpaidJpy = view.balanceJpy < 0 ? -view.balanceJpy : 0;
    return {
      result: {
        payment: view.payments.find((p) => p.id === id)!,
        invoice: view,
        overpaid: overpaidJpy > 0,
        overpaidJpy,
      } satisfies RecordPaymentResult,
      audit: [
        {
          action: 'payment.recorded',
          entityType: 'payment',
          entityId: id,
          companyId: invoice.company_id,
          after: {
            invoiceId: invoice.id,
            number: invoice.number,
            receivedOn: input.receivedOn,
            amountJpy: amountJpy.toString(),
            method: input.method,
            note,
            paidJpy: view.paidJpy,
            balanceJpy: view.balanceJpy,
            status: view.status,
          },
        },
      ],
    };
  },
});
