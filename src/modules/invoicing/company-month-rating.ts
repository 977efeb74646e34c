import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import type { AccountAssignment } from '../accounts/rules/assignment-windows.ts';
import type { RatedFact } from '../billing/rules/line-treatment.ts';
import { policyInForce } from '../billing/pricing-policies-presenter.ts';
import type { PricingPolicy } from '../billing/rules/pricing-policy.ts';
import { rateCustomerMonth, type CustomerMonthRating, type DraftLine } from '../billing/rules/rate-customer-month.ts';
import { nextMonth } from '../calendar/rules/calendar-date.ts';
import { loadFxRatesForRun, type FxRatesForRun } from '../fx/load-rates.ts';

export type Ownership = { assignments: AccountAssignment[]; companyOn: (accountId: string, date: string) => string | null };

/** The FX rates a month's invoices convert with: the usage month's and every purchase day's, chosen up front. */
export async function monthFxRates(db: Queryable, month: string): Promise<FxRatesForRun> {
  const purchaseDates = await db
    .selectFrom('cost_facts')
    .select(sql<string>`usage_date::text`.as('usage_date'))
    .distinct()
    .where('billing_period', '=', month)
    .where('bill_type', '=', 'Purchase')
    .execute();
  return loadFxRatesForRun(db, { usageMonths: [month], purchaseDates: purchaseDates.map((r) => r.usage_date) });
}

/** Accounts a company held at some point of the month. */
export function accountsOfMonth(ownership: Ownership, companyId: string, month: string) {
  const start = `${month}-01`;
  const end = `${nextMonth(month)}-01`;
  return [...new Set(ownership.assignments.filter((a) => a.companyId === companyId && a.validFrom < end && (a.validTo === null || a.validTo > start)).map((a) => a.accountId))];
}

/**
 * Rates one company's month from the cost facts in force, with the pricing policy in force for that
 * month: what a draft holds, and what a restated month is compared against.
 */
export async function rateCompanyMonth(
  db: Queryable,
  input: {
    companyId: string;
    month: string;
    ownership: Ownership;
    fx: FxRatesForRun;
    adjustments?: DraftLine[];
    /** The month's facts of the company's accounts when the caller loaded them with other companies' (see `monthFactsByAccount`). */
    factsByAccount?: ReadonlyMap<string, RatedFact[]>;
  },
): Promise<{ rating: CustomerMonthRating; policy: PricingPolicy; policyId: string | null; accounts: string[] }> {
  const { companyId, month, ownership, fx, factsByAccount } = input;
  const accounts = accountsOfMonth(ownership, companyId, month);
  const accountFacts = factsByAccount ? accounts.flatMap((a) => factsByAccount.get(a) ?? []) : await factsOf(db, month, accounts);
  const facts = accountFacts.filter((f) => ownership.companyOn(f.usageAccountId, f.usageDate) === companyId);
  const inForce = await policyInForce(db, companyId, month);
  const policyId = inForce.version?.id ?? null;
  const rating = rateCustomerMonth({
    month,
    companyId,
    facts,
    companyOn: ownership.companyOn,
    policy: inForce.policy,
    usageRate: fx.usageMonth(month),
    purchaseRate: (date) => fx.purchase(date),
    defaultLineRounding: fx.settings.rounding,
    adjustments: input.adjustments,
  });
  return { rating, policy: inForce.policy, policyId, accounts };
}

/** The month's facts of many accounts in one query, by account: what a run loads for a batch of customers at once. */
export async function monthFactsByAccount(db: Queryable, month: string, accounts: string[]): Promise<Map<string, RatedFact[]>> {
  const byAccount = new Map<string, RatedFact[]>();
  for (const fact of await factsOf(db, month, accounts)) {
    const list = byAccount.get(fact.usageAccountId);
    if (list) list.push(fact);
    else byAccount.set(fact.usageAccountId, [fact]);
  }
  return byAccount;
}

/**
 * A customer's facts for the month, summed over what billing does not look at (region, usage type,
 * operation): the rating needs the day (windows, purchase dates), the service and the commitment.
 */
async function factsOf(db: Queryable, month: string, accounts: string[]): Promise<RatedFact[]> {
  if (accounts.length === 0) return [];
  const rows = await db
    .selectFrom('cost_facts')
    .select([
      'usage_account_id',
      sql<string>`usage_date::text`.as('usage_date'),
      'service_code',
      'line_item_type',
      'bill_type',
      'billing_entity',
      'commitment_owner_account_id',
      sql<string>`max(service_name)`.as('service_name'),
      sql<string>`sum(unblended_usd)`.as('unblended_usd'),
      sql<string>`sum(list_usd)`.as('list_usd'),
    ])
    .where('billing_period', '=', month)
    .where('usage_account_id', 'in', accounts)
    .groupBy(['usage_account_id', 'usage_date', 'service_code', 'line_item_type', 'bill_type', 'billing_entity', 'commitment_owner_account_id'])
    .execute();
  return rows.map((r) => ({
    usageAccountId: r.usage_account_id,
    usageDate: r.usage_date,
    serviceCode: r.service_code,
    serviceName: r.service_name,
    lineItemType: r.line_item_type as RatedFact['lineItemType'],
    billType: r.bill_type,
    billingEntity: r.billing_entity as RatedFact['billingEntity'],
    commitmentOwnerAccountId: r.commitment_owner_account_id,
    unblendedUsd: r.unblended_usd,
    listUsd: r.list_usd,
  }));
}

/** The month's unblended cost per account on days no invoiced customer held it (the payer's own, unregistered accounts). */
export async function unassignedCost(db: Queryable, month: string, companyOn: Ownership['companyOn'], invoiced: Set<string>): Promise<Map<string, Decimal>> {
  const byAccount = new Map<string, Decimal>();
  // Read in pages of account days, in key order: a month of ten thousand accounts never sits in memory at once.
  let after: { account: string; date: string } | null = null;
  for (;;) {
    let query = db
      .selectFrom('cost_facts')
      .select(['usage_account_id', sql<string>`usage_date::text`.as('usage_date'), sql<string>`sum(unblended_usd)`.as('usd')])
      .where('billing_period', '=', month);
    if (after) {
      const { account, date } = after;
      query = query.where((eb) => eb(eb.refTuple('usage_account_id', 'usage_date'), '>', eb.tuple(account, date)));
    }
    const rows = await query.groupBy(['usage_account_id', 'usage_date']).orderBy('usage_account_id').orderBy('usage_date').limit(UNASSIGNED_PAGE).execute();
    for (const r of rows) {
      const owner = companyOn(r.usage_account_id, r.usage_date);
      if (owner !== null && invoiced.has(owner)) continue;
      byAccount.set(r.usage_account_id, (byAccount.get(r.usage_account_id) ?? new Decimal(0)).plus(r.usd));
    }
    if (rows.length < UNASSIGNED_PAGE) break;
    const last = rows.at(-1)!;
    after = { account: last.usage_account_id, date: last.usage_date };
  }
  return new Map([...byAccount].sort(([a], [b]) => a.localeCompare(b)));
}

const UNASSIGNED_PAGE = 20_000;
