import { Decimal } from 'decimal.js';
import type { Queryable } from '../../platform/db/database.ts';
import type { DraftLine } from '../billing/rules/rate-customer-month.ts';
import type { ChosenFxRate } from '../fx/rules/fx-rate-choice.ts';
import type { SectionKind } from './document/invoice-document.ts';
import { monthFxRates, rateCompanyMonth, type Ownership } from './company-month-rating.ts';

type Billed = { section: string; accountId: string | null; serviceCode: string | null; serviceName: string | null; description: string; usd: Decimal; jpy: bigint; rate: ChosenFxRate | null; purchaseDate: string | null };

const keyOf = (l: Pick<Billed, 'section' | 'accountId' | 'serviceCode' | 'purchaseDate'>) => [l.section, l.accountId ?? '', l.serviceCode ?? '', l.purchaseDate ?? ''].join('|');

/**
 * What AWS's restatements of already-invoiced months change for a customer (SPEC §4): each issued
 * month whose cost data has a newer version than the one it was invoiced from is rated again, with
 * the policy and the FX rates of that month, and compared line by line with what was billed for it
 * (the invoice and the adjustments already issued). The differences, in yen at the corrected month's
 * own rates, become adjustment lines of the next invoice. A finalized invoice never changes.
 */
export async function restatementAdjustments(db: Queryable, input: { companyId: string; beforeMonth: string; ownership: Ownership }): Promise<{ lines: DraftLine[]; notes: string[] }> {
  const issued = await db
    .selectFrom('invoices')
    .select(['id', 'billing_month', 'number', 'cost_versions'])
    .where('company_id', '=', input.companyId)
    .where('kind', '=', 'invoice')
    .where('status', 'in', ['finalized', 'sent'])
    .where('billing_month', '<', input.beforeMonth)
    .orderBy('billing_month')
    .execute();
  const lines: DraftLine[] = [];
  const notes: string[] = [];
  for (const invoice of issued) {
    const month = invoice.billing_month;
    const current = await db.selectFrom('cost_periods').select(['payer_account_id', 'version']).where('billing_period', '=', month).execute();
    const invoicedVersion = new Map(invoice.cost_versions.map((v) => [v.payerAccountId, v.version]));
    if (current.every((p) => invoicedVersion.get(p.payer_account_id) === p.version)) continue;

    const { rating } = await rateCompanyMonth(db, { companyId: input.companyId, month, ownership: input.ownership, fx: await monthFxRates(db, month) });
    const now = new Map<string, Billed>();
    for (const l of rating.lines) {
      if (l.section === 'custom' || l.section === 'adjustment') continue;
      now.set(keyOf({ ...l, purchaseDate: l.source?.purchaseDate ?? null }), {
        section: l.section,
        accountId: l.accountId,
        serviceCode: l.serviceCode,
        serviceName: l.serviceName,
        description: l.description,
        usd: new Decimal(l.usd as string),
        jpy: l.jpy,
        rate: l.rate,
        purchaseDate: l.source?.purchaseDate ?? null,
      });
    }
    const before = await billedFor(db, input.companyId, invoice.id, month);
    let changed = false;
    for (const key of new Set([...now.keys(), ...before.keys()])) {
      const after = now.get(key);
      const was = before.get(key);
      const jpy = (after?.jpy ?? 0n) - (was?.jpy ?? 0n);
      if (jpy === 0n) continue;
      const base = (after ?? was) as Billed;
      const usd = (after?.usd ?? new Decimal(0)).minus(was?.usd ?? 0);
      changed = true;
      lines.push({
        section: 'adjustment',
        accountId: base.accountId,
        serviceCode: base.serviceCode,
        serviceName: base.serviceName,
        description: base.description,
        baseUsd: null,
        markupPercent: null,
        usd: usd.toFixed(),
        rate: base.rate,
        jpy,
        correctsMonth: month,
        source: {
          usageAccountId: base.accountId ?? '',
          serviceCode: base.serviceCode ?? '',
          billingEntity: 'AWS',
          section: base.section as SectionKind,
          ...(base.purchaseDate ? { purchaseDate: base.purchaseDate } : {}),
          lineItemTypes: [],
          factCount: 0,
        },
      });
    }
    if (changed) notes.push(`AWS restated ${month} after invoice ${invoice.number} was issued: the differences are adjusted on this invoice.`);
  }
  return { lines, notes };
}

/** What has been billed for a month so far: its invoice's lines and the adjustments issued for it since. */
async function billedFor(db: Queryable, companyId: string, invoiceId: string, month: string): Promise<Map<string, Billed>> {
  const rows = await db
    .selectFrom('invoice_lines')
    .innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id')
    .select([
      'invoice_lines.section',
      'invoice_lines.account_id',
      'invoice_lines.service_code',
      'invoice_lines.service_name',
      'invoice_lines.description',
      'invoice_lines.usd',
      'invoice_lines.jpy',
      'invoice_lines.rate_usd_jpy',
      'invoice_lines.rate_source',
      'invoice_lines.source',
      (eb) => eb.cast<string | null>('invoice_lines.rate_date', 'text').as('rate_date'),
      (eb) => eb.cast<string | null>('invoice_lines.rate_requested_date', 'text').as('rate_requested_date'),
    ])
    .where((eb) =>
      eb.or([
        eb('invoice_lines.invoice_id', '=', invoiceId),
        eb.and([eb('invoices.company_id', '=', companyId), eb('invoices.status', 'in', ['finalized', 'sent']), eb('invoice_lines.corrects_month', '=', month)]),
      ]),
    )
    .where('invoice_lines.section', '<>', 'custom')
    .execute();
  const billed = new Map<string, Billed>();
  for (const r of rows) {
    const source = (r.source ?? {}) as { section?: string; purchaseDate?: string };
    const section = r.section === 'adjustment' ? (source.section ?? 'usage') : r.section;
    const purchaseDate = source.purchaseDate ?? null;
    const key = keyOf({ section, accountId: r.account_id, serviceCode: r.service_code, purchaseDate });
    const rate: ChosenFxRate | null =
      r.rate_usd_jpy === null
        ? null
        : {
            basis: purchaseDate ? { kind: 'purchase-date', date: purchaseDate } : { kind: 'usage-month', month },
            requestedDate: r.rate_requested_date as string,
            rateDate: r.rate_date as string,
            usdJpy: new Decimal(r.rate_usd_jpy).toFixed(),
            source: r.rate_source as string,
            fallback: r.rate_date !== r.rate_requested_date,
            skipped: [],
          };
    const prior = billed.get(key);
    billed.set(key, {
      section,
      accountId: r.account_id,
      serviceCode: r.service_code,
      serviceName: r.service_name,
      description: prior?.description ?? r.description,
      usd: (prior?.usd ?? new Decimal(0)).plus(r.usd ?? 0),
      jpy: (prior?.jpy ?? 0n) + BigInt(r.jpy),
      rate: prior?.rate ?? rate,
      purchaseDate,
    });
  }
  return billed;
}
