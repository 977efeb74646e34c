import { describe, expect, it } from 'vitest';
import { invoiceMail, invoicePdfFilename } from '../../src/modules/invoicing/invoice-mail.ts';

const issuer = {
  legalName: '株式会社テスト代行',
  postalCode: null,
  address: '東京都千代田区丸の内1-1-1',
  phone: null,
  registrationNumber: 'T7000012050002',
  bank: {
    bankName: 'テスト銀行',
    bankCode: null,
    branchName: '本店',
    branchCode: null,
    accountType: '当座' as const,
    accountNumber: '7654321',
    accountHolder: 'カ)テストダイコウ',
  },
};

describe('invoiceMail', () => {
  it('writes the month, the number, the total with separators, the due date and the bank account in Japanese', () => {
    const mail = invoiceMail({
      companyName: '株式会社エービーシー',
      addressee: null,
      number: 'INV/2027/00012',
      billingMonth: '2026-12',
      totalJpy: '12345678',
      dueDate: '2027-02-28',
      issuer,
    });
    expect(mail.subject).toBe('【株式会社テスト代行】2026年12月分 AWSご利用料金のご請求（請求書番号 INV/2027/00012）');
    const lines = mail.text.split('\n');
    expect(lines.slice(0, 2)).toEqual(['株式会社エービーシー', 'ご担当者様']);
    expect(lines).toEqual(
      expect.arrayContaining([
        'ご請求金額（税込）: ¥12,345,678',
        'お支払期限: 2027年2月28日',
        // Without Zengin codes, the names alone.
        'テスト銀行 本店',
        '当座 7654321',
        '口座名義: カ)テストダイコウ',
      ]),
    );
    // No postal code and no phone: the signature has neither.
    expect(lines.slice(-3)).toEqual(['株式会社テスト代行', '東京都千代田区丸の内1-1-1', '登録番号 T7000012050002']);
  });
});

describe('invoicePdfFilename', () => {
  it('names the PDF after the number, never with a path separator', () => {
    expect(invoicePdfFilename('202611-00001')).toBe('請求書_202611-00001.pdf');
    expect(invoicePdfFilename('INV/2027/00012')).toBe('請求書_INV-2027-00012.pdf');
  });
});
