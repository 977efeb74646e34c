import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { forbidden, invalid } from '../../platform/errors.ts';
import { addDays, isCalendarMonth, tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { loadFxSettings } from '../fx/fx-settings-store.ts';
import { loadFxRateTable } from '../fx/load-rates.ts';
import { MissingFxRateError, rateForUsageMonth, usageRateDate } from '../fx/rules/fx-rate-choice.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { invoiceStatusOn } from '../invoicing/rules/invoice-status.ts';
import { closeSteps } from './rules/close-steps.ts';

const State = z.enum(['done', 'pending', 'attention', 'none']);

export const MonthCloseView = z.object({
  month: z.string(),
  today: z.string(),
  steps: z.object({ deliveries: State, fx: State, drafts: State, finalized: State, sent: State, paid: State }),
  deliveries: z.object({
    periods: z.array(
      z.object({
        payerAccountId: z.string(),
        version: z.number().int(),
        isFinal: z.boolean(),
        updatedAt: z.date(),
        unblendedUsd: z.string(),
        accounts: z.number().int(),
      }),
    ),
    ingestions: z.object({ succeeded: z.number().int(), unchanged: z.number().int(), failed: z.number().int(), running: z.number().int() }),
    lastIngestedAt: z.date().nullable(),
  }),
  fx: z.object({
    requestedDate: z.string(),
    rate: z.object({ usdJpy: z.string(), rateDate: z.string(), source: z.string(), fallback: z.boolean() }).nullable(),
    missing: z.string().nullable(),
  }),
  invoices: z.object({
    customers: z.number().int(),
    drafts: z.number().int(),
    draftsWithWarnings: z.number().int(),
    finalized: z.number().int(),
    sent: z.number().int(),
    void: z.number().int(),
    creditNotes: z.number().int(),
    totalJpy: z.number().int(),
  }),
  payments: z.object({
    due: z.number().int(),
    paid: z.number().int(),
    partiallyPaid: z.number().int(),
    overdue: z.number().int(),
    billedJpy: z.number().int(),
    receivedJpy: z.number().int(),
  }),
  restricted: z.array(
    z.object({
      companyCode: z.string(),
      companyName: z.string(),
      usageAccountId: z.string().nullable(),
      serviceName: z.string().nullable(),
      amountUsd: z.string(),
      amountJpy: z.number().int().nullable(),
    }),
  ),
});
export type MonthCloseView = z.infer<typeof MonthCloseView>;

/**
 * Where a month's close stands (staff: admin, billing), read-only, with the numbers of each step:
 * the cost deliveries in force and whether they are final, the usage month's FX rate, the invoice
 * drafts and their warnings, finalized and sent invoices, and what has been paid. Restricted-service
 * spend of the month is listed so it is seen before invoices go out.
 */
export async function monthClose(ctx: AppContext, actor: Actor, month: string): Promise<MonthCloseView> {
  if (actor.kind === 'customer' || (actor.kind === 'staff' && actor.role === 'csm')) throw forbidden();
  if (!isCalendarMonth(month)) throw invalid(`"${month}" is not a month (YYYY-MM)`);
  const today = tokyoDateOf(ctx.now());
  const db = ctx.db;

  const periods = await db.selectFrom('cost_periods').selectAll().where('billing_period', '=', month).orderBy('payer_account_id').execute();
  const totals = await db
    .selectFrom('cost_facts')
    .select([
      'payer_account_id',
      (eb) => eb.fn.sum<string>('unblended_usd').as('usd'),
      (eb) => eb.fn.count<string>('usage_account_id').distinct().as('accounts'),
    ])
    .where('billing_period', '=', month)
    .groupBy('payer_account_id')
    .execute();
  const totalOf = new Map(totals.map((t) => [t.payer_account_id, t]));
  const ingestions = await db
    .selectFrom('cost_ingestions')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.max('finished_at').as('last')])
    .where('billing_period', '=', month)
    .groupBy('status')
    .execute();
  const countOf = (status: string) => Number(ingestions.find((i) => i.status === status)?.n ?? 0);
  const lastIngestedAt =
    ingestions
      .map((i) => i.last)
      .filter((d): d is Date => d instanceof Date)
      .sort((a, b) => b.getTime() - a.getTime())[0] ?? null;

  const settings = await loadFxSettings(db);
  const requestedDate = usageRateDate(month, settings.usageRateDay);
  const table = await loadFxRateTable(
    db,
    settings.source,
    addDays(requestedDate, -settings.maxFallbackDays),
    addDays(requestedDate, settings.maxFallbackDays),
  );
  let rate: MonthCloseView['fx']['rate'] = null;
  let missing: string | null = null;
  try {
    const chosen = rateForUsageMonth(month, table, settings);
    rate = { usdJpy: chosen.usdJpy, rateDate: chosen.rateDate, source: chosen.source, fallback: chosen.fallback };
  } catch (error) {
    if (!(error instanceof MissingFxRateError)) throw error;
    missing = error.message;
  }

  const invoices = await db
    .selectFrom('invoices')
    .select(['id', 'kind', 'status', 'total_jpy', 'due_date', 'warnings'])
    .where('billing_month', '=', month)
    .execute();
  const payments = await db
    .selectFrom('payments')
    .select(['invoice_id', 'amount_jpy'])
    .where('invoice_id', 'in', invoices.length ? invoices.map((i) => i.id) : ['00000000-0000-0000-0000-000000000000'])
    .execute();
  const customers = await db
    .selectFrom('companies')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('billing_agency', '=', true)
    .executeTakeFirstOrThrow();
  const bills = invoices.filter((i) => i.kind === 'invoice');
  const count = (status: string) => bills.filter((i) => i.status === status).length;
  const issued = bills.filter((i) => i.status === 'finalized' || i.status === 'sent');
  const standing = issued.map((i) => {
    const own = payments.filter((p) => p.invoice_id === i.id).map((p) => ({ amountJpy: BigInt(p.amount_jpy) }));
    return {
      total: BigInt(i.total_jpy),
      paid: own.reduce((s, p) => s + p.amountJpy, 0n),
      state: invoiceStatusOn({ status: i.status, totalJpy: BigInt(i.total_jpy), dueDate: i.due_date }, own, today),
    };
  });
  const owing = standing.filter((s) => s.total > 0n);

  const restricted = await db
    .selectFrom('cost_alerts as a')
    .innerJoin('companies as c', 'c.id', 'a.company_id')
    .select(['c.code', 'c.name', 'a.usage_account_id', 'a.service_name', 'a.amount_usd', 'a.amount_jpy'])
    .where('a.month', '=', month)
    .where('a.kind', '=', 'restricted')
    .orderBy('c.code')
    .orderBy('a.usage_account_id')
    .execute();

  const numbers = {
    deliveries: { periods: periods.length, finalPeriods: periods.filter((p) => p.is_final).length, failedIngestions: countOf('failed') },
    fx: { present: rate !== null },
    invoices: {
      customers: Number(customers.n),
      drafts: count('draft'),
      draftsWithWarnings: bills.filter((i) => i.status === 'draft' && i.warnings.length > 0).length,
      finalized: count('finalized'),
      sent: count('sent'),
    },
    payments: {
      due: owing.filter((s) => s.state !== 'finalized').length,
      paid: owing.filter((s) => s.state === 'paid').length,
      overdue: owing.filter((s) => s.state === 'overdue').length,
    },
  };
  return {
    month,
    today,
    steps: closeSteps(numbers),
    deliveries: {
      periods: periods.map((p) => ({
        payerAccountId: p.payer_account_id,
        version: p.version,
        isFinal: p.is_final,
        updatedAt: p.updated_at,
        unblendedUsd: new Decimal(totalOf.get(p.payer_account_id)?.usd ?? '0').toFixed(2),
        accounts: Number(totalOf.get(p.payer_account_id)?.accounts ?? 0),
      })),
      ingestions: {
        succeeded: countOf('succeeded'),
        unchanged: countOf('unchanged'),
        failed: countOf('failed'),
        running: countOf('running') + countOf('queued'),
      },
      lastIngestedAt,
    },
    fx: { requestedDate, rate, missing },
    invoices: {
      ...numbers.invoices,
      void: count('void'),
      creditNotes: invoices.filter((i) => i.kind === 'credit-note').length,
      totalJpy: Number(bills.filter((i) => i.status !== 'void').reduce((s, i) => s + BigInt(i.total_jpy), 0n)),
    },
    payments: {
      ...numbers.payments,
      partiallyPaid: owing.filter((s) => s.state === 'partially-paid').length,
      billedJpy: Number(issued.reduce((s, i) => s + BigInt(i.total_jpy), 0n)),
      receivedJpy: Number(standing.reduce((s, i) => s + i.paid, 0n)),
    },
    restricted: restricted.map((r) => ({
      companyCode: r.code,
      companyName: r.name,
      usageAccountId: r.usage_account_id,
      serviceName: r.service_name,
      amountUsd: r.amount_usd,
      amountJpy: r.amount_jpy === null ? null : Number(r.amount_jpy),
    })),
  };
}
