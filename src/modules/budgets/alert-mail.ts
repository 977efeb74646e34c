import type { Queryable } from '../../platform/db/database.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';
import type { CostAlertKind } from './tables.ts';

/** The company's users who receive cost alerts: their own choice, or by default its representatives. */
export async function alertRecipients(db: Queryable, companyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('alert_subscriptions as s', 's.user_id', 'u.id')
    .select('u.email')
    .where('u.company_id', '=', companyId)
    .where('u.kind', '=', 'customer')
    .where((eb) => eb.or([eb('s.subscribed', '=', true), eb.and([eb('s.subscribed', 'is', null), eb('u.role', '=', 'representative')])]))
    .orderBy('u.email')
    .execute();
  return rows.map((r) => r.email);
}

/** Staff who answer for restricted services: admins and billing. */
export async function restrictedStaffRecipients(db: Queryable): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('email')
    .where('kind', '=', 'staff')
    .where('role', 'in', ['admin', 'billing'])
    .orderBy('email')
    .execute();
  return rows.map((r) => r.email);
}

export type RaisedAlert = {
  kind: CostAlertKind;
  month: string;
  budgetName: string | null;
  threshold: number | null;
  usageDate: string | null;
  usageAccountId: string | null;
  serviceCode: string | null;
  serviceName: string | null;
  amountJpy: bigint | null;
  budgetJpy: bigint | null;
  amountUsd: string;
  baselineUsd: string | null;
};

const yen = new Intl.NumberFormat('ja-JP');
export const formatJpy = (jpy: bigint) => `¥${yen.format(jpy)}`;
const usd = (value: string) => `USD ${Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const monthJa = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
const dateJa = (date: string) => date.replaceAll('-', '/');

/** One line per alert, in Japanese. */
export function describeAlert(a: RaisedAlert): string {
  const service = a.serviceName || a.serviceCode || '';
  switch (a.kind) {
    case 'actual':
      return `- 予算「${a.budgetName}」（${monthJa(a.month)}）: 実績 ${a.amountJpy === null ? '' : formatJpy(a.amountJpy)} が予算 ${a.budgetJpy === null ? '' : formatJpy(a.budgetJpy)} の ${a.threshold}% に達しました`;
    case 'forecast':
      return `- 予算「${a.budgetName}」（${monthJa(a.month)}）: 月末予測 ${a.amountJpy === null ? '' : formatJpy(a.amountJpy)} が予算 ${a.budgetJpy === null ? '' : formatJpy(a.budgetJpy)} の ${a.threshold}% に達する見込みです`;
    case 'anomaly':
      return `- コスト急増: ${service} の ${a.usageDate ? dateJa(a.usageDate) : ''}（UTC）の利用額 ${usd(a.amountUsd)}${a.amountJpy === null ? '' : `（${formatJpy(a.amountJpy)}）`}。直近14日の中央値 ${usd(a.baselineUsd ?? '0')}`;
    case 'restricted':
      return `- 利用制限サービスの利用: ${service}（アカウント ${a.usageAccountId}、${monthJa(a.month)}）${usd(a.amountUsd)}${a.amountJpy === null ? '' : `（${formatJpy(a.amountJpy)}）`}`;
  }
}

export async function mailCompanyAlerts(db: Queryable, company: { id: string; name: string; code: string }, alerts: RaisedAlert[]) {
  if (alerts.length === 0) return 0;
  const to = await alertRecipients(db, company.id);
  for (const address of to) {
    await enqueueMail(db, {
      purpose: 'cost-alert',
      to: address,
      companyId: company.id,
      subject: `【Daiko】コストアラート ${alerts.length} 件（${company.name}）`,
      text: [
        `${company.name} ご担当者様`,
        '',
        'AWS 利用料について、次のアラートが発生しました。',
        '',
        ...alerts.map(describeAlert),
        '',
        alerts.some((a) => a.kind === 'restricted')
          ? '利用制限サービスは本サービスではご利用いただけません（ご利用ガイド 2.5.1）。停止のうえ、担当窓口までご連絡ください。\n'
          : null,
        '金額は AWS の利用料（マークアップ・消費税前）を、当月の最新の為替レートで円換算した概算です。',
        'ポータルの「アラート」で詳細の確認、メール通知の設定ができます。',
      ]
        .filter((line) => line !== null)
        .join('\n'),
    });
  }
  return to.length;
}

export async function mailStaffRestricted(db: Queryable, alerts: (RaisedAlert & { companyLabel: string })[]) {
  if (alerts.length === 0) return 0;
  const to = await restrictedStaffRecipients(db);
  for (const address of to) {
    await enqueueMail(db, {
      purpose: 'restricted-service-alert',
      to: address,
      companyId: null,
      subject: `【Daiko】利用制限サービスの利用が ${alerts.length} 件あります`,
      text: [
        '利用制限サービス（ご利用ガイド 2.5.1）の利用がコストデータに見つかりました。',
        '',
        ...alerts.map((a) => `${a.companyLabel}\n${describeAlert(a)}`),
        '',
        'スタッフコンソールの「月次締め」で確認できます。',
      ].join('\n'),
    });
  }
  return to.length;
}
