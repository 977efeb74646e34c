import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';

export type CostSummary = {
  month: string;
  unblended_usd: string;
  by_account: Record<string, string>;
  by_line_type: Record<string, string>;
};

/** Ingested USD (unblended, as AWS billed the payer) of a billing month, per account and per line type. */
export async function costSummary(ctx: AppContext, month: string): Promise<CostSummary> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalid(`--month must be YYYY-MM, got ${month}`);
  const grouped = (column: 'usage_account_id' | 'line_item_type') =>
    ctx.db
      .selectFrom('cost_facts')
      .select([column, sql<string>`sum(unblended_usd)::text`.as('usd')])
      .where('billing_period', '=', month)
      .groupBy(column)
      .orderBy(column)
      .execute();
  const [byAccount, byLineType] = await Promise.all([grouped('usage_account_id'), grouped('line_item_type')]);
  const exact = (value: string) => new Decimal(value).toFixed();
  return {
    month,
    unblended_usd: exact(byLineType.reduce((sum, r) => sum.plus(r.usd), new Decimal(0)).toFixed()),
    by_account: Object.fromEntries(byAccount.map((r) => [r.usage_account_id, exact(r.usd)])),
    by_line_type: Object.fromEntries(byLineType.map((r) => [r.line_item_type, exact(r.usd)])),
  };
}
