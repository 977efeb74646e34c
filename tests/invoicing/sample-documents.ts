import type { InvoiceDocumentInput, InvoiceLine } from '../../src/modules/invoicing/document/invoice-document.ts';

/**
 * Invoice documents for the renderer tests, with every sum worked out by hand in the comments.
 * Rate 150.12 JPY/USD (TTM of 2026-03-03), lines rounded half-up to the yen by the invoice run.
 */
export const ISSUER = {
  legalName: '株式会社ダイコウ',
  postalCode: '100-0005',
  address: '東京都千代田区丸の内一丁目1番1号 ダイコウビル8階',
  phone: '03-1234-5678',
  // Check digit of 234567890123, digits from the right × 1,2,1,2…: 3+4+1+0+9+16+7+12+5+8+3+4 = 72; 9 − (72 mod 9) = 9.
  registrationNumber: 'T9234567890123',
  bank: {
    bankName: 'みらい銀行',
    bankCode: '0999',
    branchName: '丸の内支店',
    branchCode: '123',
    accountType: '普通',
    accountNumber: '1234567',
    accountHolder: 'カ)ダイコウ',
  },
} as const;

const RATE = { usdJpy: '150.12', rateDate: '2026-03-03', source: 'MUFG TTM' };

export const SAMPLE_INVOICE: InvoiceDocumentInput = {
  kind: 'invoice',
  number: '202603-00042',
  issueDate: '2026-03-05',
  dueDate: '2026-04-30',
  transactionPeriod: { from: '2026-02-01', to: '2026-02-28' },
  issuer: ISSUER,
  customer: { code: 'SAKURA', name: '株式会社サクラ製作所', postalAddress: '〒530-0001 大阪府大阪市北区梅田1-2-3' },
  sections: [
    {
      kind: 'usage',
      lines: [
        // 1234.56 × 150.12 = 185,332.1472 → 185,332
        {
          accountId: '210000000001',
          accountName: 'sakura-production',
          service: 'Amazon EC2',
          description: 'Amazon Elastic Compute Cloud',
          usd: '1234.56',
          rate: RATE,
          jpy: '185332',
          taxRate: 10,
        },
        // 89.10 × 150.12 = 13,375.692 → 13,376
        {
          accountId: '210000000001',
          accountName: 'sakura-production',
          service: 'Amazon S3',
          description: 'Amazon Simple Storage Service',
          usd: '89.10',
          rate: RATE,
          jpy: '13376',
          taxRate: 10,
        },
        // 0.5 × 150.12 = 75.06 → 75
        {
          accountId: '210000000002',
          accountName: 'sakura-staging',
          service: 'AWS Lambda',
          description: 'AWS Lambda',
          usd: '0.5',
          rate: RATE,
          jpy: '75',
          taxRate: 10,
        },
      ],
    },
    {
      kind: 'purchase',
      lines: [
        // 1000 × 149.80 = 149,800
        {
          accountId: '210000000001',
          accountName: 'sakura-production',
          service: 'Savings Plans',
          description: 'Compute Savings Plans 1年 一括前払い（2026-02-14 購入）',
          usd: '1000',
          rate: { usdJpy: '149.80', rateDate: '2026-02-14', source: 'MUFG TTM' },
          jpy: '149800',
          taxRate: 10,
        },
      ],
    },
    {
      kind: 'custom',
      lines: [{ description: 'テクニカルサポート（月額）', usd: null, rate: null, jpy: '5000', taxRate: 10 }],
    },
  ],
  // 185,332 + 13,376 + 75 + 149,800 + 5,000 = 353,583; tax 10% rounded down = 35,358; total 388,941
  taxSummary: [{ rate: 10, taxableJpy: '353583', taxJpy: '35358' }],
  subtotalJpy: '353583',
  taxJpy: '35358',
  totalJpy: '388941',
  notes: ['振込手数料は貴社にてご負担くださいますようお願いいたします。'],
};

/** An invoice long enough for several pages: 90 usage lines of ¥1,000 each = ¥90,000, tax ¥9,000, total ¥99,000. */
export function longInvoice(): InvoiceDocumentInput {
  const lines: InvoiceLine[] = Array.from({ length: 90 }, (_, i) => ({
    accountId: `21000000${String(10000 + i).slice(1)}`,
    accountName: `account-${i + 1}`,
    service: `Service ${i + 1}`,
    description: `サービス明細 ${i + 1}`,
    usd: null,
    rate: null,
    jpy: '1000',
    taxRate: 10,
  }));
  return {
    ...SAMPLE_INVOICE,
    number: '202603-00043',
    sections: [{ kind: 'usage', lines }],
    taxSummary: [{ rate: 10, taxableJpy: '90000', taxJpy: '9000' }],
    subtotalJpy: '90000',
    taxJpy: '9000',
    totalJpy: '99000',
  };
}

/** A return invoice for part of SAMPLE_INVOICE: the S3 line (¥13,376), tax ¥1,337 (10%, rounded down), total ¥14,713. */
export const SAMPLE_CREDIT_NOTE: InvoiceDocumentInput = {
  ...SAMPLE_INVOICE,
  kind: 'credit-note',
  number: 'CN202603-00001',
  originalInvoiceNumber: '202603-00042',
  issueDate: '2026-03-20',
  dueDate: null,
  customer: { ...SAMPLE_INVOICE.customer, addressee: '経理部 御中' },
  sections: [
    {
      kind: 'refund',
      lines: [{ ...SAMPLE_INVOICE.sections[0]!.lines[1]!, description: 'Amazon S3 利用料の返還（請求書 202603-00042 の訂正）' }],
    },
  ],
  taxSummary: [{ rate: 10, taxableJpy: '13376', taxJpy: '1337' }],
  subtotalJpy: '13376',
  taxJpy: '1337',
  totalJpy: '14713',
  notes: [],
};
