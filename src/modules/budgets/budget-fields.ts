import { z } from 'zod';
import type { Tx } from '../../platform/db/database.ts';
import { invalid } from '../../platform/errors.ts';
import { MAX_THRESHOLD_PERCENT, normalizeThresholds } from './rules/threshold-crossing.ts';

/** What a representative enters for a budget (the company comes from the URL). */
export const BudgetFields = z.object({
  name: z.string().trim().min(1).max(100),
  scope: z.enum(['company', 'account', 'service']),
  accountId: z
    .string()
    .regex(/^\d{12}$/, '12 digits')
    .nullish(),
  serviceCode: z.string().trim().min(1).max(200).nullish(),
  /** Whole yen. */
  amountJpy: z.number().int().positive().max(1e13),
  thresholds: z.array(z.number().int().min(1).max(MAX_THRESHOLD_PERCENT)).min(1).max(10),
  alertOnForecast: z.boolean(),
});
export type BudgetFields = z.infer<typeof BudgetFields>;

/** The stored columns of valid fields; an account budget names an account of the company. */
export async function budgetColumns(tx: Tx, companyId: string, fields: BudgetFields) {
  const accountId = fields.scope === 'account' ? (fields.accountId ?? null) : null;
  const serviceCode = fields.scope === 'service' ? (fields.serviceCode ?? null) : null;
  if (fields.scope === 'account') {
    if (!accountId) throw invalid('An account budget names its AWS account (accountId).');
    const held = await tx
      .selectFrom('account_assignments')
      .select('id')
      .where('account_id', '=', accountId)
      .where('company_id', '=', companyId)
      .executeTakeFirst();
    if (!held) throw invalid(`AWS account ${accountId} is not an account of this company.`);
  }
  if (fields.scope === 'service' && !serviceCode) throw invalid('A service budget names its service (serviceCode).');
  return {
    name: fields.name,
    scope: fields.scope,
    account_id: accountId,
    service_code: serviceCode,
    amount_jpy: BigInt(fields.amountJpy),
    thresholds: JSON.stringify(normalizeThresholds(fields.thresholds)),
    alert_on_forecast: fields.alertOnForecast,
  };
}
