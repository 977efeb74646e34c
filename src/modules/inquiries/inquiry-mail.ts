import type { Queryable } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/context.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';

export const portalUrl = (ctx: AppContext) => ctx.config.publicUrl ?? `http://localhost:${ctx.config.port}`;

/** Staff who answer inquiries: admins and CSMs. */
export async function inquiryStaffRecipients(db: Queryable): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('email')
    .where('kind', '=', 'staff')
    .where('role', 'in', ['admin', 'csm'])
    .orderBy('email')
    .execute();
  return rows.map((r) => r.email);
}

/** On the customer side: whoever opened the inquiry and the company's representatives. */
export async function inquiryCustomerRecipients(
  db: Queryable,
  inquiry: { company_id: string; opened_by_user_id: string | null },
): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('email')
    .where('company_id', '=', inquiry.company_id)
    .where((eb) =>
      eb.or([eb('role', '=', 'representative'), ...(inquiry.opened_by_user_id ? [eb('id', '=', inquiry.opened_by_user_id)] : [])]),
    )
    .orderBy('email')
    .execute();
  return [...new Set(rows.map((r) => r.email))];
}

export async function mailInquiry(
  db: Queryable,
  to: readonly string[],
  mail: { purpose: string; companyId: string; subject: string; lines: string[]; inquiryId: string; baseUrl: string },
) {
  const text = [...mail.lines, '', `Daiko で確認する: ${mail.baseUrl}/inquiries/${mail.inquiryId}`].join('\n');
  for (const address of to)
    await enqueueMail(db, { purpose: mail.purpose, to: address, subject: mail.subject, text, companyId: mail.companyId });
}

export const CATEGORY_LABELS = {
  membership: 'サービス全般・契約',
  option_service: 'オプションサービス',
  training: 'トレーニング',
  optimization: 'クラウド最適化',
  portal: 'ポータルの使い方',
  other: 'その他',
} as const;
