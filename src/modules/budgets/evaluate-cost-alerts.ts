import { Decimal } from 'decimal.js';
import type { AppContext, Caller } from '../../platform/context.ts';
import { recordAudit, type AuditEntry } from '../audit/record-audit.ts';
import { tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { loadFxSettings } from '../fx/fx-settings-store.ts';
import { convertUsdToJpy } from '../fx/rules/yen-conversion.ts';
import { mailCompanyAlerts, mailStaffRestricted, type RaisedAlert } from './alert-mail.ts';
import { findAnomalies } from './rules/anomaly.ts';
import { budgetStatus } from './rules/budget-status.ts';
import { matchRestrictedService } from './rules/restricted-services.ts';
import { loadSpend, monthDataThrough, monthEnd, monthRate } from './spend-store.ts';
import type { CostAlertKind } from './tables.ts';

export type CostAlertSummary = { months: string[]; raised: Record<CostAlertKind, number>; mails: number };

type Candidate = RaisedAlert & {
  companyId: string;
  dedupeKey: string;
  budgetId: string | null;
  usdJpy: string | null;
  rateDate: string | null;
};

/**
 * The job after every ingest: for each ingested month, every company's budgets (thresholds on the
 * actual and, while the month is open, on the forecast), anomalies of each service's daily cost
 * (muted services excepted) and any spend on a restricted service. Each alert has a key (budget ×
 * month × threshold × kind, company × service × day, company × month × restricted service ×
 * account) that is unique in the table, so evaluating again raises nothing twice. New alerts go by
 * e-mail, in the same transaction, to the company's subscribed users (restricted ones also to staff).
 */
export async function evaluateCostAlerts(
  ctx: AppContext,
  caller: Caller,
  input: { billingPeriods: readonly string[] },
): Promise<CostAlertSummary> {
  const summary: CostAlertSummary = {
    months: [...new Set(input.billingPeriods)].sort(),
    raised: { actual: 0, forecast: 0, anomaly: 0, restricted: 0 },
    mails: 0,
  };
  if (summary.months.length === 0) return summary;
  const settings = await loadFxSettings(ctx.db);
  const today = tokyoDateOf(ctx.now());
  const candidates: Candidate[] = [];
  const companyIds = (await ctx.db.selectFrom('account_assignments').select('company_id').distinct().orderBy('company_id').execute()).map(
    (r) => r.company_id,
  );
  for (const month of summary.months) {
    const [through, rate, budgets, mutes] = [
      await monthDataThrough(ctx.db, month),
      await monthRate(ctx.db, month, today, settings),
      await ctx.db.selectFrom('budgets').selectAll().execute(),
      await ctx.db.selectFrom('anomaly_mutes').select(['company_id', 'service_code']).execute(),
    ];
    const yen = (usd: string) => (rate ? convertUsdToJpy(usd, rate.usdJpy, settings.rounding) : null);
    const base = { month, usdJpy: rate?.usdJpy ?? null, rateDate: rate?.rateDate ?? null };
    const none = { budgetId: null, budgetName: null, threshold: null, budgetJpy: null, baselineUsd: null };

    // One company at a time: its facts come through the (account, date) index and memory stays small.
    for (const companyId of companyIds) {
      const spend = await loadSpend(ctx.db, month, companyId);

      // Budgets.
      for (const b of budgets.filter((budget) => budget.company_id === companyId)) {
        const status = budgetStatus({
          budget: {
            scope: b.scope,
            accountId: b.account_id,
            serviceCode: b.service_code,
            amountJpy: BigInt(b.amount_jpy),
            thresholds: b.thresholds,
          },
          month,
          spend: spend.filter((s) => s.companyId === b.company_id),
          lastDay: through.lastDay,
          complete: through.complete,
          rate,
          rounding: settings.rounding,
        });
        const crossings: [CostAlertKind, number[], bigint | null, string | null][] = [
          ['actual', status.crossedActual, status.actualJpy, status.actualUsd],
          ['forecast', b.alert_on_forecast ? status.crossedForecast : [], status.forecastJpy, status.forecastUsd],
        ];
        for (const [kind, thresholds, amountJpy, amountUsd] of crossings) {
          for (const threshold of thresholds) {
            candidates.push({
              ...base,
              kind,
              companyId: b.company_id,
              dedupeKey: `budget|${b.id}|${month}|${threshold}|${kind}`,
              budgetId: b.id,
              budgetName: b.name,
              threshold,
              budgetJpy: BigInt(b.amount_jpy),
              usageDate: null,
              usageAccountId: b.account_id,
              serviceCode: b.service_code,
              serviceName: null,
              amountJpy,
              amountUsd: new Decimal(amountUsd ?? '0').toDecimalPlaces(2).toFixed(2),
              baselineUsd: null,
            });
          }
        }
      }

      // Anomalies, per company and service (all of its accounts together).
      const muted = new Set(mutes.map((m) => `${m.company_id}|${m.service_code}`));
      const byCompany = new Map<string, typeof spend>();
      for (const row of spend) {
        const list = byCompany.get(row.companyId);
        if (list) list.push(row);
        else byCompany.set(row.companyId, [row]);
      }
      for (const [companyId, rows] of byCompany) {
        const names = new Map(rows.map((r) => [r.serviceCode, r.serviceName]));
        const series = rows
          .filter((r) => !muted.has(`${companyId}|${r.serviceCode}`))
          .map((r) => ({ serviceCode: r.serviceCode, date: r.date, usd: r.usageUsd }));
        for (const a of findAnomalies(series, `${month}-01`, monthEnd(month))) {
          candidates.push({
            ...base,
            ...none,
            kind: 'anomaly',
            companyId,
            dedupeKey: `anomaly|${companyId}|${a.serviceCode}|${a.date}`,
            usageDate: a.date,
            usageAccountId: null,
            serviceCode: a.serviceCode,
            serviceName: names.get(a.serviceCode) ?? null,
            amountJpy: yen(a.usd),
            amountUsd: a.usd,
            baselineUsd: a.baselineUsd,
          });
        }
      }

      // Restricted services: any spend in the month, per company, service entry and account.
      const restricted = new Map<
        string,
        { companyId: string; accountId: string; entryKey: string; serviceCode: string; serviceName: string; usd: Decimal }
      >();
      for (const row of spend) {
        if (row.billingPeriod !== month) continue;
        const entry = matchRestrictedService(row);
        if (!entry) continue;
        const key = `restricted|${row.companyId}|${month}|${entry.key}|${row.accountId}`;
        const seen = restricted.get(key) ?? {
          companyId: row.companyId,
          accountId: row.accountId,
          entryKey: entry.key,
          serviceCode: row.serviceCode,
          serviceName: row.serviceName,
          usd: new Decimal(0),
        };
        seen.usd = seen.usd.plus(row.usd);
        restricted.set(key, seen);
      }
      for (const [dedupeKey, r] of restricted) {
        if (r.usd.lte(0)) continue;
        candidates.push({
          ...base,
          ...none,
          kind: 'restricted',
          companyId: r.companyId,
          dedupeKey,
          usageDate: null,
          usageAccountId: r.accountId,
          serviceCode: r.serviceCode,
          serviceName: r.serviceName,
          amountJpy: yen(r.usd.toFixed()),
          amountUsd: r.usd.toFixed(),
        });
      }
    }
  }
  if (candidates.length === 0) return summary;

  return ctx.db.transaction().execute(async (tx) => {
    const raised: Candidate[] = [];
    const audit: AuditEntry[] = [];
    for (const c of candidates) {
      const row = await tx
        .insertInto('cost_alerts')
        .values({
          company_id: c.companyId,
          kind: c.kind,
          dedupe_key: c.dedupeKey,
          month: c.month,
          budget_id: c.budgetId,
          budget_name: c.budgetName,
          threshold: c.threshold,
          usage_date: c.usageDate,
          usage_account_id: c.usageAccountId,
          service_code: c.serviceCode,
          service_name: c.serviceName,
          amount_jpy: c.amountJpy,
          budget_jpy: c.budgetJpy,
          amount_usd: c.amountUsd,
          baseline_usd: c.baselineUsd,
          usd_jpy: c.usdJpy,
          rate_date: c.rateDate,
          raised_at: ctx.now(),
          dismissed_by: null,
          dismissed_at: null,
        })
        // Raised by an earlier evaluation: nothing new to say.
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) continue;
      raised.push(c);
      summary.raised[c.kind]++;
      audit.push({
        action: 'budgets.alert.raised',
        entityType: 'cost_alert',
        entityId: row.id,
        companyId: c.companyId,
        after: { key: c.dedupeKey, usd: c.amountUsd, jpy: c.amountJpy?.toString() ?? null },
      });
    }
    if (raised.length === 0) return summary;
    await recordAudit(tx, caller.actor, audit, caller.ip);
    const companies = await tx
      .selectFrom('companies')
      .select(['id', 'code', 'name'])
      .where('id', 'in', [...new Set(raised.map((r) => r.companyId))])
      .execute();
    for (const company of companies)
      summary.mails += await mailCompanyAlerts(
        tx,
        company,
        raised.filter((r) => r.companyId === company.id),
      );
    const label = new Map(companies.map((c) => [c.id, `${c.name}（${c.code}）`]));
    summary.mails += await mailStaffRestricted(
      tx,
      raised.filter((r) => r.kind === 'restricted').map((r) => ({ ...r, companyLabel: label.get(r.companyId) ?? r.companyId })),
    );
    return summary;
  });
}
