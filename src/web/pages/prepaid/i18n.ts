import { useTranslation } from 'react-i18next';

/**
 * The 大口前払い購入 pages' texts, kept out of the main dictionary: its typed keys are at the depth
 * TypeScript can instantiate (more keys break PricingPolicyPage's `t`). Same languages, same switch.
 */
export const prepaidJa = {
  customerTitle: '大口前払い購入の事前連絡',
  customerLead: '500万円以上のサービス（リザーブドインスタンス、Savings Plans、AWS Marketplace など）を前払いで購入される際は、事前にご連絡ください。',
  staffTitle: '大口前払い購入',
  staffLead: '取込のたびに500万円以上の前払い購入を事前連絡と照合します。照合できなかった購入はアラートになります。',
  company: '企業',
  type: '種類',
  types: { RI: 'リザーブドインスタンス', SavingsPlan: 'Savings Plans', Marketplace: 'AWS Marketplace', other: 'その他' },
  expectedUsd: '予定金額（USD）',
  expectedDate: '購入予定日',
  note: '備考',
  status: '状態',
  actions: '操作',
  file: {
    title: '事前連絡を送る',
    lead: '購入予定日の前後31日以内、予定金額の120%までの購入をこの連絡で照合します。',
    usdHint: '例: 40000 または 40000.50',
    submit: '事前連絡を送る',
    filed: '事前連絡を送信しました。担当者が確認します。',
  },
  notices: {
    title: '事前連絡',
    empty: '事前連絡はまだありません。',
    filed: '連絡日時',
    acknowledge: '受領する',
    withdraw: '取り下げる',
    statuses: { filed: '受付待ち', acknowledged: '受領済み', withdrawn: '取り下げ' },
  },
  purchases: {
    title: '500万円以上の前払い購入',
    lead: '購入日の為替レートで円換算しています。',
    empty: '対象の購入はありません。',
    date: '購入日',
    account: 'AWSアカウント',
    jpy: '円換算',
    rate: '{{date}} のレート {{rate}}',
    noRate: 'レート未登録（円換算不明）',
    noCompany: '契約なし',
    resolutionNote: '対応内容',
    resolve: '解決済みにする',
    statuses: { matched: '事前連絡あり', open: '事前連絡なし', resolved: '解決済み' },
  },
};

export const prepaidEn: typeof prepaidJa = {
  customerTitle: 'Advance notice of large prepaid purchases',
  customerLead: 'Please tell us in advance before you prepay ¥5,000,000 or more for a service (Reserved Instances, Savings Plans, AWS Marketplace, …).',
  staffTitle: 'Large prepaid purchases',
  staffLead: 'Each ingest matches prepaid purchases of ¥5,000,000 or more to advance notices. A purchase without one raises an alert.',
  company: 'Company',
  type: 'Type',
  types: { RI: 'Reserved Instances', SavingsPlan: 'Savings Plans', Marketplace: 'AWS Marketplace', other: 'Other' },
  expectedUsd: 'Expected amount (USD)',
  expectedDate: 'Expected date',
  note: 'Note',
  status: 'Status',
  actions: 'Actions',
  file: {
    title: 'File a notice',
    lead: 'A notice covers purchases within 31 days of the expected date, up to 120% of the expected amount.',
    usdHint: 'e.g. 40000 or 40000.50',
    submit: 'File notice',
    filed: 'Your notice was sent. We will confirm it.',
  },
  notices: {
    title: 'Notices',
    empty: 'No notices yet.',
    filed: 'Filed',
    acknowledge: 'Acknowledge',
    withdraw: 'Withdraw',
    statuses: { filed: 'Awaiting confirmation', acknowledged: 'Acknowledged', withdrawn: 'Withdrawn' },
  },
  purchases: {
    title: 'Prepaid purchases of ¥5,000,000 or more',
    lead: 'Converted at the purchase date’s exchange rate.',
    empty: 'No such purchases.',
    date: 'Purchase date',
    account: 'AWS account',
    jpy: 'JPY',
    rate: 'rate {{rate}} of {{date}}',
    noRate: 'No rate (JPY unknown)',
    noCompany: 'No contract',
    resolutionNote: 'How it was resolved',
    resolve: 'Resolve',
    statuses: { matched: 'Notified', open: 'Not notified', resolved: 'Resolved' },
  },
};

/** The texts in the language shown, with `{{name}}` filled in by `fill`. */
export function usePrepaidText() {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? prepaidEn : prepaidJa;
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
}
