import { useTranslation } from 'react-i18next';

/** The 月次締め page's texts (kept out of the main dictionary, at TypeScript's type-depth limit). */
export const monthCloseJa = {
  title: '月次締め',
  lead: '利用月ごとに、コストデータの取込から入金までの各ステップの状況を確認します（閲覧のみ）。',
  month: '利用月',
  states: { done: '完了', pending: '未完了', attention: '要確認', none: '対象なし' },
  open: '開く',
  steps: {
    deliveries: '① コストデータの取込（確定版か）',
    fx: '② 為替レート（利用月の換算レート）',
    drafts: '③ 請求書ドラフトの作成・確認',
    finalized: '④ 請求書の確定',
    sent: '⑤ 請求書の送付',
    paid: '⑥ 入金',
  },
  deliveries: {
    none: 'この月のコストデータはまだ取り込まれていません。',
    payer: '支払アカウント',
    version: '版',
    final: '確定版',
    notFinal: '暫定版',
    usd: '利用額（USD）',
    accounts: 'アカウント数',
    updated: '更新日時',
    ingestions: '取込: 成功 {{succeeded}} / 変更なし {{unchanged}} / 失敗 {{failed}} / 実行中 {{running}}',
  },
  fx: {
    requested: '必要なレート: {{date}}',
    rate: '{{date}} のレート {{rate}} 円/USD（{{source}}）',
    fallback: '（休業日のため直前の公表日）',
    missing: '未登録です。為替レートを取り込んでください。',
  },
  invoices: {
    summary:
      '請求代行の顧客 {{customers}} 社: ドラフト {{drafts}}（うち警告あり {{warnings}}）/ 確定 {{finalized}} / 送付済み {{sent}} / 取消 {{void}} / 返還請求書 {{creditNotes}}',
    total: '請求額合計（税込）: {{total}}',
  },
  payments: {
    summary: '入金対象 {{due}} 件: 入金済み {{paid}} / 一部入金 {{partial}} / 期限超過 {{overdue}}',
    amounts: '請求 {{billed}} / 入金 {{received}}',
  },
  restricted: {
    title: '利用制限サービスの利用（この月）',
    none: '利用制限サービスの利用はありません。',
    company: '企業',
    account: 'AWSアカウント',
    service: 'サービス',
    amount: '金額',
  },
};

export const monthCloseEn: typeof monthCloseJa = {
  title: 'Month close',
  lead: 'For a usage month, where each step from cost data to payment stands (read-only).',
  month: 'Usage month',
  states: { done: 'Done', pending: 'Not yet', attention: 'Check', none: 'Nothing to do' },
  open: 'Open',
  steps: {
    deliveries: '1. Cost data ingested (final?)',
    fx: "2. Exchange rate (the usage month's rate)",
    drafts: '3. Invoice drafts made and reviewed',
    finalized: '4. Invoices finalized',
    sent: '5. Invoices sent',
    paid: '6. Paid',
  },
  deliveries: {
    none: 'No cost data for this month yet.',
    payer: 'Payer account',
    version: 'Version',
    final: 'Final',
    notFinal: 'Not final',
    usd: 'Cost (USD)',
    accounts: 'Accounts',
    updated: 'Updated',
    ingestions: 'Ingestions: succeeded {{succeeded}} / unchanged {{unchanged}} / failed {{failed}} / running {{running}}',
  },
  fx: {
    requested: 'Rate needed: {{date}}',
    rate: '{{rate}} JPY/USD of {{date}} ({{source}})',
    fallback: ' (the preceding published day: a bank holiday)',
    missing: 'Not imported yet.',
  },
  invoices: {
    summary:
      '{{customers}} billing-agency customers: drafts {{drafts}} ({{warnings}} with warnings) / finalized {{finalized}} / sent {{sent}} / void {{void}} / credit notes {{creditNotes}}',
    total: 'Invoiced total (tax incl.): {{total}}',
  },
  payments: {
    summary: '{{due}} invoices to be paid: paid {{paid}} / partially {{partial}} / overdue {{overdue}}',
    amounts: 'Billed {{billed}} / received {{received}}',
  },
  restricted: {
    title: 'Restricted services used (this month)',
    none: 'No restricted service was used.',
    company: 'Company',
    account: 'AWS account',
    service: 'Service',
    amount: 'Amount',
  },
};

export function useMonthCloseText() {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? monthCloseEn : monthCloseJa;
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}
