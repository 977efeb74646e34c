import type { Tx } from '../../platform/db/database.ts';
import type { AuditEntry } from '../audit/record-audit.ts';
import { planFxRates, type FxRateRow } from './rules/fx-rate-rows.ts';

export type FxRatesStored = {
  created: number;
  updated: number;
  unchanged: number;
  sources: string[];
  /** The first and last day in the rows (null when there were none). */
  from: string | null;
  to: string | null;
};

const SLICE = 1000;

/**
 * Writes validated rates: new days are added, a changed value replaces the stored one, an equal one
 * is left alone (re-importing the same file changes nothing). Returns the counts and the audit entry,
 * which lists every replaced value with its old and new rate: a changed rate changes invoices.
 */
export async function storeFxRates(
  tx: Tx,
  rows: readonly FxRateRow[],
  meta: { importedBy: string; now: Date; action: string; details?: Record<string, unknown> },
): Promise<{ result: FxRatesStored; audit: AuditEntry }> {
  const dates = rows.map((r) => r.date).sort();
  const sources = [...new Set(rows.map((r) => r.source))].sort();
  const from = dates[0] ?? null;
  const to = dates.at(-1) ?? null;
  const stored = new Map<string, string>();
  if (from && to) {
    const existing = await tx
      .selectFrom('fx_rates')
      .select(['source', 'rate_date', 'usd_jpy'])
      .where('source', 'in', sources)
      .where('rate_date', '>=', from)
      .where('rate_date', '<=', to)
      .forUpdate()
      .execute();
    for (const r of existing) stored.set(`${r.source}|${r.rate_date}`, r.usd_jpy);
  }
  const plan = planFxRates(stored, rows);
  const writes = [...plan.create, ...plan.update].map((r) => ({
    source: r.source,
    rate_date: r.date,
    usd_jpy: r.usdJpy,
    imported_at: meta.now,
    imported_by: meta.importedBy,
  }));
  for (let i = 0; i < writes.length; i += SLICE) {
    await tx
      .insertInto('fx_rates')
      .values(writes.slice(i, i + SLICE))
      .onConflict((oc) =>
        oc.columns(['source', 'rate_date']).doUpdateSet((eb) => ({
          usd_jpy: eb.ref('excluded.usd_jpy'),
          imported_at: eb.ref('excluded.imported_at'),
          imported_by: eb.ref('excluded.imported_by'),
        })),
      )
      .execute();
  }
  const result: FxRatesStored = { created: plan.create.length, updated: plan.update.length, unchanged: plan.unchanged, sources, from, to };
  const audit: AuditEntry = {
    action: meta.action,
    entityType: 'fx_rates',
    entityId: sources.join(',') || '-',
    after: {
      ...result,
      ...meta.details,
      changed: plan.update.map((r) => ({ date: r.date, source: r.source, before: r.before, after: r.usdJpy })),
    },
  };
  return { result, audit };
}
