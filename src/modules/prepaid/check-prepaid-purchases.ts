import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { AppContext, Caller } from '../../platform/context.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { loadAccountAssignments } from '../accounts/account-store.ts';
import { companyOwnership, utcDateOf } from '../accounts/rules/assignment-windows.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { addDays } from '../calendar/rules/calendar-date.ts';
import { loadFxSettings } from '../fx/fx-settings-store.ts';
import { loadFxRateTable } from '../fx/load-rates.ts';
import { MissingFxRateError, rateForPurchase, type ChosenFxRate } from '../fx/rules/fx-rate-choice.ts';
import { convertUsdToJpy } from '../fx/rules/yen-conversion.ts';
import { formatJpy, formatUsd, mailEach, prepaidCustomerRecipients, prepaidStaffRecipients, PURCHASE_TYPE_LABELS } from './prepaid-mail.ts';
import {
  LARGE_PURCHASE_THRESHOLD_JPY,
  matchPrepaidPurchases,
  needsNotice,
  purchaseTypeOf,
  type PrepaidPurchaseType,
  type PurchaseToMatch,
} from './rules/match-prepaid-purchase.ts';

export type PrepaidCheckSummary = {
  /** Large purchases (or of unknown yen value) seen for the first time. */
  recorded: number;
  matched: number;
  alerts: number;
  /** Of the alerts, those whose purchase day has no FX rate (yen unknown). */
  withoutRate: number;
};

type Purchase = PurchaseToMatch & {
  usageAccountId: string;
  serviceCode: string;
  serviceName: string;
  commitmentArn: string;
  rate: ChosenFxRate | null;
  amountJpy: bigint | null;
};

/**
 * After an ingest: every upfront purchase in the payer's ingested months that is worth ¥5,000,000
 * or more at its purchase date's rate is matched to an advance notice; an unmatched one becomes an
 * alert, e-mailed (in Japanese) to staff (admin, billing) and to the company's representatives.
 * A purchase day without an FX rate is never skipped: it is checked with its yen value unknown, and
 * an alert says so (to staff only, since it may well be small). Each purchase is recorded once, so
 * re-ingesting a month raises nothing twice.
 */
export async function checkPrepaidPurchases(
  ctx: AppContext,
  caller: Caller,
  input: { payerAccountId: string; billingPeriods: readonly string[] },
): Promise<PrepaidCheckSummary> {
  const summary: PrepaidCheckSummary = { recorded: 0, matched: 0, alerts: 0, withoutRate: 0 };
  if (input.billingPeriods.length === 0) return summary;
  const candidates = await upfrontPurchases(ctx.db, input.payerAccountId, input.billingPeriods);
  if (candidates.length === 0) return summary;

  const settings = await loadFxSettings(ctx.db);
  const dates = [...new Set(candidates.map((p) => p.purchaseDate))].sort();
  const table = await loadFxRateTable(ctx.db, settings.source, addDays(dates[0]!, -settings.maxFallbackDays), addDays(dates.at(-1)!, settings.maxFallbackDays));
  const rates = new Map<string, ChosenFxRate | null>();
  for (const date of dates) {
    try {
      rates.set(date, rateForPurchase(date, table, settings));
    } catch (error) {
      if (!(error instanceof MissingFxRateError)) throw error;
      rates.set(date, null);
    }
  }
  const companyOn = companyOwnership(await loadAccountAssignments(ctx.db));
  const large = candidates
    .map((p): Purchase => {
      const rate = rates.get(p.purchaseDate) ?? null;
      return { ...p, companyId: companyOn(p.usageAccountId, p.purchaseDate), rate, amountJpy: rate ? convertUsdToJpy(p.amountUsd, rate.usdJpy, settings.rounding) : null };
    })
    .filter((p) => needsNotice(p.amountJpy));
  if (large.length === 0) return summary;

  return ctx.db.transaction().execute(async (tx) => {
    const companyIds = [...new Set(large.map((p) => p.companyId).filter((id) => id !== null))];
    const notices = companyIds.length === 0 ? [] : await lockedNotices(tx, companyIds);
    const matches = matchPrepaidPurchases(large, notices);
    const raised: (Purchase & { id: string })[] = [];
    for (const p of large) {
      const noticeId = matches.get(p.key) ?? null;
      const row = await tx
        .insertInto('prepaid_purchases')
        .values({
          payer_account_id: input.payerAccountId,
          usage_account_id: p.usageAccountId,
          purchase_date: p.purchaseDate,
          service_code: p.serviceCode,
          service_name: p.serviceName,
          purchase_type: p.purchaseType,
          commitment_arn: p.commitmentArn,
          amount_usd: p.amountUsd,
          amount_jpy: p.amountJpy,
          usd_jpy: p.rate?.usdJpy ?? null,
          rate_date: p.rate?.rateDate ?? null,
          rate_source: p.rate?.source ?? null,
          company_id: p.companyId,
          notice_id: noticeId,
          alert_status: noticeId ? 'matched' : 'open',
          resolved_by: null,
          resolved_at: null,
          resolution_note: null,
        })
        // Already recorded by an earlier ingest of the month: nothing new to say.
        .onConflict((oc) => oc.columns(['payer_account_id', 'usage_account_id', 'purchase_date', 'service_code', 'purchase_type', 'commitment_arn']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) continue;
      summary.recorded++;
      if (noticeId) summary.matched++;
      else {
        summary.alerts++;
        if (p.amountJpy === null) summary.withoutRate++;
        raised.push({ ...p, id: row.id });
      }
      await recordAudit(
        tx,
        caller.actor,
        [
          {
            action: noticeId ? 'prepaid.purchase.matched' : 'prepaid.alert.raised',
            entityType: 'prepaid_purchase',
            entityId: row.id,
            companyId: p.companyId,
            after: { payer: input.payerAccountId, account: p.usageAccountId, date: p.purchaseDate, type: p.purchaseType, usd: p.amountUsd, jpy: p.amountJpy?.toString() ?? null, noticeId },
          },
        ],
        caller.ip,
      );
    }
    await mailAlerts(tx, raised);
    return summary;
  });
}

/** Upfront purchases of the payer's months in force, one per account, day, service, type and commitment. */
async function upfrontPurchases(db: Queryable, payerAccountId: string, billingPeriods: readonly string[]) {
  const rows = await db
    .selectFrom('cost_facts')
    .select([
      'usage_account_id',
      sql<string>`usage_date::text`.as('usage_date'),
      'service_code',
      sql<string>`max(service_name)`.as('service_name'),
      'line_item_type',
      'bill_type',
      'billing_entity',
      'commitment_arn',
      sql<string>`sum(unblended_usd)::text`.as('usd'),
    ])
    .where('payer_account_id', '=', payerAccountId)
    .where('billing_period', 'in', billingPeriods)
    .where('bill_type', '=', 'Purchase')
    .groupBy(['usage_account_id', 'usage_date', 'service_code', 'line_item_type', 'bill_type', 'billing_entity', 'commitment_arn'])
    .execute();
  const byKey = new Map<string, Omit<Purchase, 'companyId' | 'rate' | 'amountJpy'>>();
  for (const r of rows) {
    const purchaseType = purchaseTypeOf({ lineItemType: r.line_item_type, billType: r.bill_type, billingEntity: r.billing_entity, commitmentArn: r.commitment_arn });
    if (!purchaseType) continue;
    const key = [r.usage_account_id, r.usage_date, r.service_code, purchaseType, r.commitment_arn].join('|');
    const seen = byKey.get(key);
    if (seen) seen.amountUsd = new Decimal(seen.amountUsd).plus(r.usd).toString();
    else {
      byKey.set(key, {
        key,
        usageAccountId: r.usage_account_id,
        purchaseDate: r.usage_date,
        serviceCode: r.service_code,
        serviceName: r.service_name,
        purchaseType: purchaseType satisfies PrepaidPurchaseType,
        commitmentArn: r.commitment_arn,
        amountUsd: new Decimal(r.usd).toString(),
      });
    }
  }
  // A refunded or zero purchase needs no notice.
  return [...byKey.values()].filter((p) => new Decimal(p.amountUsd).gt(0));
}

/** The companies' notices with the USD each already covers, locked so concurrent checks do not both use them up. */
async function lockedNotices(tx: Tx, companyIds: string[]) {
  const notices = await tx
    .selectFrom('prepaid_notices')
    .select(['id', 'company_id', 'purchase_type', 'expected_usd', 'expected_date', 'filed_at', 'status'])
    .where('company_id', 'in', companyIds)
    .where('status', '<>', 'withdrawn')
    .orderBy('id')
    .forUpdate()
    .execute();
  const covered =
    notices.length === 0
      ? []
      : await tx
          .selectFrom('prepaid_purchases')
          .select(['notice_id', sql<string>`sum(amount_usd)::text`.as('usd')])
          .where('notice_id', 'in', notices.map((n) => n.id))
          .groupBy('notice_id')
          .execute();
  const coveredBy = new Map(covered.map((c) => [c.notice_id, c.usd]));
  return notices.map((n) => ({
    id: n.id,
    companyId: n.company_id,
    purchaseType: n.purchase_type,
    expectedUsd: n.expected_usd,
    expectedDate: n.expected_date,
    filedOn: utcDateOf(n.filed_at),
    status: n.status,
    coveredUsd: coveredBy.get(n.id) ?? '0',
  }));
}

function describePurchase(p: Purchase) {
  const yen = p.rate && p.amountJpy !== null ? `${formatJpy(p.amountJpy)}（${p.rate.rateDate} のレート ${p.rate.usdJpy} 円/USD）` : '円換算不明（購入日の為替レートが未登録です）';
  return [
    `- 購入日 ${p.purchaseDate}\u3000アカウント ${p.usageAccountId}\u3000${PURCHASE_TYPE_LABELS[p.purchaseType]}（${p.serviceName || p.serviceCode}）`,
    `  ${formatUsd(p.amountUsd)} ／ ${yen}`,
  ].join('\n');
}

/** One mail per company to its representatives (only purchases whose yen value is known), one to staff for all. */
async function mailAlerts(tx: Tx, raised: (Purchase & { id: string })[]) {
  if (raised.length === 0) return;
  const threshold = formatJpy(LARGE_PURCHASE_THRESHOLD_JPY);
  const companyIds = [...new Set(raised.map((p) => p.companyId).filter((id) => id !== null))];
  const companies = companyIds.length === 0 ? [] : await tx.selectFrom('companies').select(['id', 'code', 'name']).where('id', 'in', companyIds).execute();
  const nameOf = new Map(companies.map((c) => [c.id, `${c.name}（${c.code}）`]));

  await mailEach(tx, await prepaidStaffRecipients(tx), {
    purpose: 'prepaid-alert',
    companyId: null,
    subject: `【Daiko】事前連絡のない大口前払い購入が ${raised.length} 件あります`,
    text: [
      `${threshold}以上の前払い購入で、事前連絡と照合できなかったものがあります。`,
      '',
      ...raised.map((p) => `${p.companyId ? (nameOf.get(p.companyId) ?? p.companyId) : '契約のないアカウント'}\n${describePurchase(p)}`),
      '',
      raised.some((p) => p.amountJpy === null)
        ? '円換算不明のものは購入日の為替レートが未登録のため金額を判定できません。レートを登録し、内容を確認してください。\n'
        : null,
      'スタッフコンソールの「大口前払い購入」で確認し、対応後に解決済みにしてください。',
    ]
      .filter((line) => line !== null)
      .join('\n'),
  });

  const byCompany = new Map<string, Purchase[]>();
  for (const p of raised) {
    if (p.companyId === null || p.amountJpy === null) continue;
    byCompany.set(p.companyId, [...(byCompany.get(p.companyId) ?? []), p]);
  }
  for (const [companyId, purchases] of byCompany) {
    await mailEach(tx, await prepaidCustomerRecipients(tx, companyId), {
      purpose: 'prepaid-alert',
      companyId,
      subject: '【Daiko】大口前払い購入の事前連絡のお願い',
      text: [
        `${nameOf.get(companyId) ?? ''} ご担当者様`,
        '',
        `${threshold}以上のサービスを前払いで購入される際は、事前のご連絡をお願いしております。`,
        '以下の購入について、事前連絡を確認できませんでした。',
        '',
        ...purchases.map(describePurchase),
        '',
        'お心当たりがない場合や、ご不明な点がある場合は担当窓口までご連絡ください。',
        '今後の購入はポータルの「大口前払い購入の事前連絡」からご連絡いただけます。',
      ].join('\n'),
    });
  }
}
