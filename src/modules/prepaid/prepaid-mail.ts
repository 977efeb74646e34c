import type { Queryable } from '../../platform/db/database.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';

/** Staff who act on large purchases: admins and billing (CSMs see them in the console). */
export async function prepaidStaffRecipients(db: Queryable): Promise<string[]> {
  const rows = await db.selectFrom('users').select('email').where('kind', '=', 'staff').where('role', 'in', ['admin', 'billing']).orderBy('email').execute();
  return rows.map((r) => r.email);
}

/** The company's representatives: the people who file notices and answer for purchases. */
export async function prepaidCustomerRecipients(db: Queryable, companyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('email')
    .where('company_id', '=', companyId)
    .where('role', '=', 'representative')
    .orderBy('email')
    .execute();
  return rows.map((r) => r.email);
}

/** One mail per recipient, in the caller's transaction. */
export async function mailEach(db: Queryable, to: readonly string[], mail: { purpose: string; subject: string; text: string; companyId: string | null }) {
  for (const address of to) await enqueueMail(db, { ...mail, to: address });
}

const yen = new Intl.NumberFormat('ja-JP');
export const formatJpy = (jpy: bigint | string) => `${yen.format(BigInt(jpy))}円`;
export const formatUsd = (usd: string) => `USD ${usd}`;

export const PURCHASE_TYPE_LABELS = { RI: 'リザーブドインスタンス', SavingsPlan: 'Savings Plans', Marketplace: 'AWS Marketplace', other: 'その他' } as const;
