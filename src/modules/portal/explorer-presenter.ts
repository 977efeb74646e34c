import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { addDays, nextMonth } from '../calendar/rules/calendar-date.ts';
import { convertUsdToJpy } from '../fx/rules/yen-conversion.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { companyTagFacts } from './cost-tags-presenter.ts';
import { accountNames, assertPortalReader, companyFacts, latestRate } from './portal-scope.ts';
import { allocateYen } from './rules/allocate-yen.ts';
import {
  DIMENSIONS,
  DIMENSION_NAMES,
  UNTAGGED,
  monthsOfRange,
  periodOf,
  shownTagValue,
  tagKeyOf,
  type Dimension,
  type ExplorerQuery,
} from './rules/explorer-query.ts';

/** The key of the row that holds invoice lines not tied to cost facts (custom lines, adjustments). */
export const OTHER_INVOICE_LINES = '__invoice_other__';

export const RateView = z.object({ date: z.string(), usdJpy: z.string(), source: z.string() });

export const ExplorerResult = z.object({
  currency: z.enum(['USD', 'JPY']),
  granularity: z.enum(['daily', 'monthly']),
  groupBy: z.string(),
  from: z.string(),
  to: z.string(),
  /** Every period of the range in order; basis says where its yen come from (JPY only). */
  periods: z.array(z.object({ period: z.string(), basis: z.enum(['usd', 'invoice', 'estimate']) })),
  /** The groups, largest total first. Amounts: exact USD decimals, or whole yen, as strings. */
  groups: z.array(z.object({ key: z.string(), label: z.string(), total: z.string() })),
  cells: z.array(z.object({ period: z.string(), key: z.string(), amount: z.string() })),
  total: z.string(),
  /** The rate estimates were converted at (JPY with an open month), else null. */
  rate: RateView.nullable(),
  /** Months of the range whose yen are the issued invoice's. */
  invoicedMonths: z.array(z.object({ month: z.string(), invoiceId: z.string(), number: z.string().nullable() })),
});
export type ExplorerResult = z.infer<typeof ExplorerResult>;

type Filters = Pick<ExplorerQuery, Dimension | 'tag'>;
const hasFilters = (q: Filters) => DIMENSION_NAMES.some((d) => (q[d]?.length ?? 0) > 0) || (q.tag?.length ?? 0) > 0;

/** The stored tag values a tag filter keeps (UNTAGGED is ''). */
const storedTagValues = (values: readonly string[]) => values.map((v) => (v === UNTAGGED ? '' : v));

/**
 * The company's facts: cost_facts, or, when the query groups or filters by a tag, the tag facts of
 * its key — which carry every column the explorer reads (cost_facts' dimensions, service name,
 * billing entity, unblended USD) and per key add up to the cost facts, so the rest of the query is
 * the same over either.
 */
function facts(db: Queryable, companyId: string, from: string, to: string, tagKey: string | null) {
  if (tagKey === null) return companyFacts(db, companyId, from, to);
  return companyTagFacts(db, companyId, from, to).where('f.tag_key', '=', tagKey) as unknown as ReturnType<typeof companyFacts>;
}

/** The company's facts, filtered as the query says. */
function filteredFacts(db: Queryable, companyId: string, from: string, to: string, q: Filters, tagKey: string | null) {
  let query = facts(db, companyId, from, to, tagKey);
  for (const d of DIMENSION_NAMES) {
    const values = q[d];
    if (values && values.length) query = query.where(`f.${DIMENSIONS[d]}`, 'in', values);
  }
  if (tagKey !== null && q.tag?.length) query = query.where(sql.ref('f.tag_value'), 'in', storedTagValues(q.tag));
  return query;
}

/**
 * The cost explorer: the company's costs between two UTC days by day or month, grouped by one
 * dimension, filtered on any. USD = unblended cost as AWS billed it. JPY (docs/portal.md):
 * - a month with an issued invoice shows the invoice's yen: each invoice line's yen are spread over
 *   the facts it was computed from (its account, service, billing entity and line item types) in
 *   proportion to their unblended USD, by the largest remainder method, so the month adds up to the
 *   invoice's subtotal (tax excluded) to the yen; lines not tied to facts form their own row;
 *   grouped or filtered by a tag, the lines are spread over that key's tag facts the same way (they
 *   split the same facts by tag value), so the month still adds up to the subtotal;
 * - any other month is an estimate: each cell's USD at the latest published rate, rounded half-up.
 */
export async function exploreCosts(ctx: AppContext, actor: Actor, companyId: string, q: ExplorerQuery): Promise<ExplorerResult> {
  await assertPortalReader(ctx, actor, companyId);
  const tagKey = tagKeyOf(q);
  const column = q.groupBy === 'tag' ? 'tag_value' : DIMENSIONS[q.groupBy];
  const keyOf = (value: string) => (q.groupBy === 'tag' ? shownTagValue(value) : value);
  const months = monthsOfRange(q.from, q.to);
  const invoices =
    q.currency === 'JPY'
      ? await ctx.db
          .selectFrom('invoices')
          .select(['id', 'billing_month', 'number'])
          .where('company_id', '=', companyId)
          .where('kind', '=', 'invoice')
          .where('status', 'in', ['finalized', 'sent'])
          .where('billing_month', 'in', months)
          .orderBy('billing_month')
          .execute()
      : [];
  const invoiced = new Map(invoices.map((i) => [i.billing_month, i]));
  const names = q.groupBy === 'account' ? await accountNames(ctx.db, companyId) : new Map<string, string>();
  const serviceNames = new Map<string, string>();
  const cells = new Map<string, Map<string, Decimal>>(); // period → key → amount
  const add = (period: string, key: string, amount: Decimal.Value) => {
    let byKey = cells.get(period);
    if (!byKey) cells.set(period, (byKey = new Map()));
    byKey.set(key, (byKey.get(key) ?? new Decimal(0)).plus(amount));
  };

  // USD, and the months JPY estimates: grouped in the database.
  let rate: z.infer<typeof RateView> | null = null;
  const openMonths = months.filter((m) => !invoiced.has(m));
  if (openMonths.length) {
    const periodExpr = q.granularity === 'daily' ? sql<string>`f.usage_date::text` : sql<string>`f.billing_period`;
    let query = filteredFacts(ctx.db, companyId, q.from, q.to, q, tagKey)
      .select([
        periodExpr.as('period'),
        sql<string>`f.${sql.ref(column)}`.as('key'),
        sql<string>`max(f.service_name)`.as('service_name'),
        sql<string>`sum(f.unblended_usd)::text`.as('usd'),
      ])
      .groupBy([sql`1`, sql`2`]);
    if (invoiced.size) query = query.where('f.billing_period', 'not in', [...invoiced.keys()]);
    const rows = await query.execute();
    if (q.currency === 'JPY') {
      rate = await latestRate(ctx.db);
      if (!rate && rows.length)
        throw new DomainError('fx_rate_missing', 'No USD/JPY rate is published yet: the estimate cannot be converted.', 409);
    }
    for (const r of rows) {
      serviceNames.set(r.key, r.service_name);
      add(r.period, keyOf(r.key), rate ? convertUsdToJpy(r.usd, rate.usdJpy, 'half-up').toString() : r.usd);
    }
  }

  // Invoiced months in JPY: the invoice's lines spread over their facts.
  for (const invoice of invoices) {
    const month = invoice.billing_month;
    const monthFacts = await facts(ctx.db, companyId, `${month}-01`, addDays(`${nextMonth(month)}-01`, -1), tagKey)
      .where('f.billing_period', '=', month)
      .select([
        (tagKey === null ? sql<string>`''` : sql<string>`f.tag_value`).as('tag_value'),
        sql<string>`f.usage_date::text`.as('usage_date'),
        'f.usage_account_id',
        'f.service_code',
        sql<string>`max(f.service_name)`.as('service_name'),
        'f.region',
        'f.usage_type',
        'f.line_item_type',
        'f.billing_entity',
        sql<string>`sum(f.unblended_usd)::text`.as('usd'),
      ])
      .groupBy(['f.usage_date', 'f.usage_account_id', 'f.service_code', 'f.region', 'f.usage_type', 'f.line_item_type', 'f.billing_entity'])
      .$if(tagKey !== null, (b) => b.groupBy(sql.ref('f.tag_value')))
      .orderBy('f.usage_date')
      .orderBy('f.usage_account_id')
      .orderBy('f.service_code')
      .orderBy('f.region')
      .orderBy('f.usage_type')
      .orderBy('f.line_item_type')
      .orderBy('f.billing_entity')
      .orderBy(sql`1`)
      .execute();
    const lines = await ctx.db
      .selectFrom('invoice_lines')
      .select(['position', 'account_id', 'service_code', 'jpy', 'source'])
      .where('invoice_id', '=', invoice.id)
      .orderBy('position')
      .execute();
    const inRange = (day: string) => day >= q.from && day <= q.to;
    const tagFilter = q.tag?.length ? storedTagValues(q.tag) : null;
    const shown = (f: (typeof monthFacts)[number]) =>
      DIMENSION_NAMES.every((d) => {
        const values = q[d];
        return !values || values.length === 0 || values.includes(f[DIMENSIONS[d]]);
      }) &&
      (tagFilter === null || tagFilter.includes(f.tag_value));
    for (const line of lines) {
      const source = line.source as {
        usageAccountId?: string;
        serviceCode?: string;
        billingEntity?: string;
        lineItemTypes?: string[];
        purchaseDate?: string;
      } | null;
      const matching = source?.usageAccountId
        ? monthFacts.filter(
            (f) =>
              f.usage_account_id === source.usageAccountId &&
              f.service_code === source.serviceCode &&
              (source.billingEntity === undefined || f.billing_entity === source.billingEntity) &&
              (source.lineItemTypes === undefined || source.lineItemTypes.includes(f.line_item_type)) &&
              (source.purchaseDate === undefined || f.usage_date === source.purchaseDate),
          )
        : [];
      if (matching.length === 0) {
        // Not tied to facts (custom line, adjustment of an earlier month): its own row, on the 1st.
        const day = `${month}-01`;
        if (!hasFilters(q) && day >= q.from && day <= q.to) add(periodOf(day, q.granularity), OTHER_INVOICE_LINES, line.jpy);
        continue;
      }
      const parts = allocateYen(
        BigInt(line.jpy),
        matching.map((f) => f.usd),
      );
      matching.forEach((f, i) => {
        if (!inRange(f.usage_date) || !shown(f)) return;
        serviceNames.set(f.service_code, f.service_name);
        add(periodOf(f.usage_date, q.granularity), keyOf(f[column]), parts[i]!.toString());
      });
    }
  }

  const totals = new Map<string, Decimal>();
  for (const byKey of cells.values()) for (const [key, amount] of byKey) totals.set(key, (totals.get(key) ?? new Decimal(0)).plus(amount));
  const label = (key: string) => {
    if (key === OTHER_INVOICE_LINES) return key;
    if (q.groupBy === 'account') return names.get(key) ? `${names.get(key)} (${key})` : key;
    if (q.groupBy === 'service') return serviceNames.get(key) || key;
    return key;
  };
  const exact = (d: Decimal) => (q.currency === 'JPY' ? d.toFixed(0) : d.toFixed());
  const groups = [...totals]
    .sort(([ka, a], [kb, b]) => b.comparedTo(a) || ka.localeCompare(kb))
    .map(([key, total]) => ({ key, label: label(key), total: exact(total) }));
  const periods = periodsOf(q).map((period) => ({
    period,
    basis: q.currency === 'USD' ? ('usd' as const) : invoiced.has(period.slice(0, 7)) ? ('invoice' as const) : ('estimate' as const),
  }));
  return {
    currency: q.currency,
    granularity: q.granularity,
    groupBy: q.groupBy,
    from: q.from,
    to: q.to,
    periods,
    groups,
    cells: [...cells]
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([period, byKey]) => [...byKey].map(([key, amount]) => ({ period, key, amount: exact(amount) }))),
    total: exact([...totals.values()].reduce((sum, t) => sum.plus(t), new Decimal(0))),
    rate,
    invoicedMonths: invoices.map((i) => ({ month: i.billing_month, invoiceId: i.id, number: i.number })),
  };
}

/** Every period of the query's range, in order (days or UTC months). */
function periodsOf(q: ExplorerQuery): string[] {
  if (q.granularity === 'monthly') return monthsOfRange(q.from, q.to);
  const days: string[] = [];
  for (let day = q.from; day <= q.to; day = addDays(day, 1)) days.push(day);
  return days;
}
