import { useTranslation } from 'react-i18next';

/** お問い合わせ pages' texts (kept out of the main dictionary, like the other modules'). */
export const inquiriesJa = {
  title: 'お問い合わせ',
  lead: 'cloudpack+ に関するお問い合わせを受け付けます。担当者がサービス提供時間（平日10:00〜19:00、祝日を除く）に回答します。',
  staffTitle: 'お問い合わせ対応',
  staffLead: '待ち時間・初回応答時間・解決時間はサービス提供時間（平日10:00〜19:00 JST、祝日除く）で数えています。',
  newTitle: '新しいお問い合わせ',
  subject: '件名',
  category: 'カテゴリー',
  body: '内容',
  submit: '送信する',
  sent: 'お問い合わせを送信しました。',
  categories: {
    membership: 'サービス全般・契約',
    option_service: 'オプションサービス',
    training: 'トレーニング',
    optimization: 'クラウド最適化',
    portal: 'ポータルの使い方',
    other: 'その他',
  },
  company: '企業',
  status: '状態',
  statuses: { open: '対応中', closed: 'クローズ' },
  awaitingStaff: '回答待ち',
  awaitingCustomer: 'お客様確認待ち',
  openedBy: '起票者',
  openedAt: '起票日時',
  lastMessage: '最終更新',
  waiting: '待ち時間',
  firstResponse: '初回応答',
  resolution: '解決時間',
  averageFirstResponse: '平均初回応答時間',
  averageResolution: '平均解決時間',
  empty: 'お問い合わせはありません。',
  thread: 'やり取り',
  staffLabel: '担当者',
  reply: '返信',
  send: '送信する',
  close: 'クローズする',
  closedBy: '{{name}} がクローズしました（{{at}}）',
  reopenHint: 'クローズ後にメッセージを送ると、お問い合わせは再開します。',
  back: 'お問い合わせ一覧',
  hours: '{{h}}時間{{m}}分',
  minutes: '{{m}}分',
};

export const inquiriesEn: typeof inquiriesJa = {
  title: 'Inquiries',
  lead: 'Ask us anything about cloudpack+. We answer in service hours (weekdays 10:00–19:00 JST, holidays excluded).',
  staffTitle: 'Inquiry queue',
  staffLead: 'Waiting, first-response and resolution times count service hours only (weekdays 10:00–19:00 JST, holidays excluded).',
  newTitle: 'New inquiry',
  subject: 'Subject',
  category: 'Category',
  body: 'Message',
  submit: 'Send',
  sent: 'Your inquiry was sent.',
  categories: {
    membership: 'Service and contract',
    option_service: 'Option services',
    training: 'Training',
    optimization: 'Cloud optimization',
    portal: 'Using the portal',
    other: 'Other',
  },
  company: 'Company',
  status: 'Status',
  statuses: { open: 'Open', closed: 'Closed' },
  awaitingStaff: 'Awaiting answer',
  awaitingCustomer: 'Awaiting customer',
  openedBy: 'Opened by',
  openedAt: 'Opened',
  lastMessage: 'Last update',
  waiting: 'Waiting',
  firstResponse: 'First response',
  resolution: 'Resolution',
  averageFirstResponse: 'Average first response',
  averageResolution: 'Average resolution',
  empty: 'No inquiries.',
  thread: 'Thread',
  staffLabel: 'Staff',
  reply: 'Reply',
  send: 'Send',
  close: 'Close',
  closedBy: 'Closed by {{name}} ({{at}})',
  reopenHint: 'A message after closing reopens the inquiry.',
  back: 'Inquiries',
  hours: '{{h}} h {{m}} min',
  minutes: '{{m}} min',
};

export function useInquiriesText() {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? inquiriesEn : inquiriesJa;
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
}

/** Service-hour minutes as "1時間15分". */
export function formatMinutes(text: typeof inquiriesJa, minutes: number | null): string {
  if (minutes === null) return '—';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? fill(text.hours, { h: String(h), m: String(m) }) : fill(text.minutes, { m: String(m) });
}
