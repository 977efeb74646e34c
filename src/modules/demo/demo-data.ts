/**
 * The demo reseller's world: who works there, its customers, their AWS accounts. Plain data; the
 * seed turns it into rows through the same services an operator uses.
 */
export const DEMO_PASSWORD = 'daiko-demo-2026';

export const DEMO_STAFF = [
  { email: 'admin@daiko.example', name: '管理 太郎', role: 'admin' },
  { email: 'billing@daiko.example', name: '請求 花子', role: 'billing' },
  { email: 'csm@daiko.example', name: '成功 一郎', role: 'csm' },
] as const;

type DemoAccount = { accountId: string; name: string; from: string; to?: string };
type DemoCompany = {
  code: string;
  name: string;
  nameKana: string;
  payerKanaNames: string[];
  publicSector?: boolean;
  users: { email: string; name: string; role: 'representative' | 'member' }[];
  accounts: DemoAccount[];
};

export const DEMO_COMPANIES: DemoCompany[] = [
  {
    code: 'SAKURA',
    name: '株式会社サクラ製作所',
    nameKana: 'カブシキガイシャサクラセイサクシヨ',
    payerKanaNames: ['カ)サクラセイサクシヨ'],
    users: [
      { email: 'rep@sakura.example', name: '桜井 美咲', role: 'representative' },
      { email: 'member@sakura.example', name: '佐藤 健', role: 'member' },
      { email: 'ops@sakura.example', name: '高橋 直子', role: 'member' },
    ],
    accounts: [
      { accountId: '210000000001', name: 'sakura-production', from: '2024-04-01' },
      { accountId: '210000000002', name: 'sakura-staging', from: '2024-04-01' },
      { accountId: '210000000003', name: 'sakura-data', from: '2025-01-01' },
      // Moved to MIDORI on 2026-10-15 (mid-month): October is split between the two customers.
      { accountId: '210000000099', name: 'logistics-sandbox', from: '2025-06-01', to: '2026-10-15' },
    ],
  },
  {
    code: 'MIDORI',
    name: 'ミドリ物流株式会社',
    nameKana: 'ミドリブツリユウカブシキガイシヤ',
    payerKanaNames: ['ミドリブツリユウ(カ', 'ミドリブツリユウ'],
    users: [
      { email: 'rep@midori.example', name: '緑川 大輔', role: 'representative' },
      { email: 'member@midori.example', name: '鈴木 愛', role: 'member' },
    ],
    accounts: [
      { accountId: '220000000001', name: 'midori-prod', from: '2023-10-01' },
      { accountId: '220000000002', name: 'midori-dev', from: '2023-10-01' },
      { accountId: '210000000099', name: 'logistics-sandbox', from: '2026-10-15' },
    ],
  },
  {
    code: 'AOZORA',
    name: '株式会社アオゾラデジタル',
    nameKana: 'カブシキガイシヤアオゾラデジタル',
    payerKanaNames: ['カ)アオゾラデジタル'],
    users: [
      { email: 'rep@aozora.example', name: '青木 翔太', role: 'representative' },
      { email: 'member@aozora.example', name: '中村 優', role: 'member' },
      { email: 'finance@aozora.example', name: '小林 由美', role: 'member' },
    ],
    accounts: [
      { accountId: '230000000001', name: 'aozora-web-prod', from: '2022-04-01' },
      { accountId: '230000000002', name: 'aozora-web-stg', from: '2022-04-01' },
      { accountId: '230000000003', name: 'aozora-ml', from: '2024-07-01' },
      { accountId: '230000000004', name: 'aozora-log-archive', from: '2022-04-01' },
      { accountId: '230000000005', name: 'aozora-security', from: '2022-04-01' },
      { accountId: '230000000006', name: 'aozora-old-batch', from: '2022-04-01', to: '2026-04-01' },
    ],
  },
  {
    code: 'HOSHINO',
    name: '星野市 情報政策課',
    nameKana: 'ホシノシジヨウホウセイサクカ',
    payerKanaNames: ['ホシノシ'],
    // A public body: billing agency yes, support membership no (seed 004 §1.3).
    publicSector: true,
    users: [{ email: 'rep@hoshino.example', name: '星野 誠', role: 'representative' }],
    accounts: [
      { accountId: '240000000001', name: 'hoshino-portal', from: '2025-04-01' },
      { accountId: '240000000002', name: 'hoshino-opendata', from: '2025-04-01' },
    ],
  },
];
