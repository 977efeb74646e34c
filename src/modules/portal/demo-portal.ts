import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { addDays, nextMonth, previousMonth } from '../calendar/rules/calendar-date.ts';
import type { CostFact, TagFact } from '../costs/line-model.ts';
import { replaceBillingPeriods } from '../costs/replace-billing-periods.ts';

/**
 * The demo's open month, so the portal's overview has a month to date and a forecast: AWS delivers
 * the current month's report several times a day; the demo's generated reports stop at the last
 * closed month, so this repeats that month's usage lines day by day up to yesterday (UTC) as the
 * current month's first, not final, delivery, stored through the same month replacement as an ingest.
 */
export async function seedDemoOpenMonth(ctx: AppContext, payerAccountId: string) {
  const today = ctx.now().toISOString().slice(0, 10);
  const month = today.slice(0, 7);
  const previous = previousMonth(month);
  const days = Number(today.slice(8, 10)) - 1;
  if (days < 1) return;
  const rows = await ctx.db
    .selectFrom('cost_facts')
    .selectAll()
    .select(sql<string>`usage_date::text`.as('usage_date'))
    .where('payer_account_id', '=', payerAccountId)
    .where('billing_period', '=', previous)
    .where('line_item_type', '=', 'Usage')
    .where('usage_date', '<', `${previous}-${String(days + 1).padStart(2, '0')}`)
    .execute();
  if (rows.length === 0) return;
  const last = addDays(`${nextMonth(month)}-01`, -1);
  // The previous month's rows on the same days of this month (a 31st is dropped in a 30-day month).
  const onThisMonthsDays = <R extends { usage_date: string }>(previousRows: R[]) =>
    previousRows.map((r) => ({ ...r, usage_date: `${month}-${r.usage_date.slice(8, 10)}` })).filter((r) => r.usage_date <= last);
  const facts: CostFact[] = onThisMonthsDays(rows).map((r) => ({
    payerAccountId,
    billingPeriod: month,
    usageAccountId: r.usage_account_id,
    usageDate: r.usage_date,
    serviceCode: r.service_code,
    serviceName: r.service_name,
    region: r.region,
    usageType: r.usage_type,
    operation: r.operation,
    lineItemType: r.line_item_type as CostFact['lineItemType'],
    billType: r.bill_type,
    billingEntity: r.billing_entity as CostFact['billingEntity'],
    commitmentArn: r.commitment_arn,
    commitmentOwnerAccountId: r.commitment_owner_account_id,
    invoiceId: '',
    unblendedUsd: r.unblended_usd,
    listUsd: r.list_usd,
    amortizedUsd: r.amortized_usd,
    usageQuantity: r.usage_quantity,
    lineCount: r.line_count,
  }));
  // The same lines' cost-allocation tags, so the open month groups by tag too.
  const tagRows = await ctx.db
    .selectFrom('cost_tag_facts')
    .selectAll()
    .select(sql<string>`usage_date::text`.as('usage_date'))
    .where('payer_account_id', '=', payerAccountId)
    .where('billing_period', '=', previous)
    .where('line_item_type', '=', 'Usage')
    .where('usage_date', '<', `${previous}-${String(days + 1).padStart(2, '0')}`)
    .execute();
  const tagFacts: TagFact[] = onThisMonthsDays(tagRows).map((r) => ({
    payerAccountId,
    billingPeriod: month,
    usageAccountId: r.usage_account_id,
    usageDate: r.usage_date,
    serviceCode: r.service_code,
    serviceName: r.service_name,
    region: r.region,
    usageType: r.usage_type,
    lineItemType: r.line_item_type as TagFact['lineItemType'],
    billingEntity: r.billing_entity as TagFact['billingEntity'],
    tagKey: r.tag_key,
    tagValue: r.tag_value,
    unblendedUsd: r.unblended_usd,
    listUsd: r.list_usd,
    amortizedUsd: r.amortized_usd,
    lineCount: r.line_count,
  }));
  const fingerprint = `demo-open-month-${month}`;
  await ctx.db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto('cost_ingestions')
      .values({
        source: 'demo: open month to date',
        status: 'succeeded',
        requested_by: 'demo',
        format: 'cur',
        payer_account_id: payerAccountId,
        billing_period: month,
        assembly_id: null,
        fingerprint,
        is_final: false,
        error: null,
        started_at: ctx.now(),
        finished_at: ctx.now(),
        fact_count: facts.length,
        rows_read: facts.length,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await replaceBillingPeriods(tx, {
      ingestionId: id,
      fingerprint,
      result: {
        format: 'cur',
        payerAccountId,
        billingPeriods: [month],
        isFinal: false,
        invoiceIds: [],
        rowsRead: facts.length,
        rowsSkippedOtherProviders: 0,
        totalsByLineType: {},
        warnings: [],
        factCount: facts.length,
        async *facts() {
          yield facts;
        },
        tagKeys: [...new Set(tagFacts.map((t) => t.tagKey))].sort(),
        async *tagFacts() {
          yield tagFacts;
        },
        close: async () => {},
      },
    });
  });
}
