import { join } from 'node:path';
import type { AppContext, Caller } from '../../platform/context.ts';
import { generateCur } from '../costs/generator/generate-cur.ts';
import { ingestCostSource, type IngestionSummary } from '../costs/ingest-cost-source.ts';
import { finalizeInvoices } from '../invoicing/finalize-invoices.ts';
import { runInvoiceDrafts } from '../invoicing/run-invoice-drafts.ts';
import { DEMO_COMPANIES } from './demo-data.ts';

/** The demo organization's management (payer) account. */
export const DEMO_PAYER_ACCOUNT_ID = '200000000000';
/** Closed, final months: AWS finalizes a month around the 3rd–5th of the next, so October is final by late November. */
export const DEMO_COST_MONTHS = { start: '2026-08', count: 3 } as const;
const DEMO_ROWS_PER_MONTH = 6000;

/** Every demo account with the windows of the company that holds it: the generator's world is the registry's. */
export function demoGeneratorAccounts() {
  return DEMO_COMPANIES.flatMap((company) =>
    company.accounts.map((a) => ({ accountId: a.accountId, name: a.name, customer: company.code, from: a.from, to: a.to })),
  );
}

/**
 * Writes the demo payer's legacy CUR (as AWS lays it out under the report prefix, each month
 * restated into its final assembly) into the ingest folder and ingests it through the same service
 * the console and the CLI use, so the demo's costs come from real report files.
 */
export async function seedDemoCosts(ctx: AppContext, caller: Caller): Promise<IngestionSummary[]> {
  const outDir = join(ctx.config.ingestDir, 'demo-cur');
  await generateCur({
    outDir,
    format: 'cur',
    seed: 2026,
    accounts: demoGeneratorAccounts(),
    payerAccountId: DEMO_PAYER_ACCOUNT_ID,
    start: DEMO_COST_MONTHS.start,
    months: DEMO_COST_MONTHS.count,
    rowsPerMonth: DEMO_ROWS_PER_MONTH,
    restate: true,
  });
  return ingestCostSource(ctx, caller, outDir, { payer: DEMO_PAYER_ACCOUNT_ID });
}

/**
 * The demo's invoices: August and September issued (numbered, PDF stored), October drafted and
 * waiting for review in the console — where a reseller stands in late November.
 */
export async function seedDemoInvoices(ctx: AppContext, caller: Caller) {
  for (const month of ['2026-08', '2026-09', '2026-10']) await runInvoiceDrafts(ctx, caller, { month });
  for (const month of ['2026-08', '2026-09']) await finalizeInvoices(ctx, caller, { month });
}
