import type { Issuer } from './document/invoice-document.ts';
import { formatJapaneseDate, formatYenWithSign } from './document/format.ts';

export type InvoiceMailInput = {
  companyName: string;
  /** The company's own addressee line (e.g. 経理部 御中); without it, ご担当者様. */
  addressee: string | null;
  number: string;
  /** 'YYYY-MM' */
  billingMonth: string;
  /** Integer yen, tax included. */
  totalJpy: string;
  /** 'YYYY-MM-DD' */
  dueDate: string;
  issuer: Issuer;
};

const japaneseMonth = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
const withCode = (name: string, code: string | null | undefined) => (code ? `${name}（${code}）` : name);

/** The attached PDF's name: 請求書_<number>.pdf ('/' may appear in a number, never in a file name). */
export const invoicePdfFilename = (number: string) => `請求書_${number.replaceAll('/', '-')}.pdf`;

/** The e-mail that carries a finalized invoice to the customer's billing contact (Japanese). */
export function invoiceMail(input: InvoiceMailInput) {
  const { issuer } = input;
  const month = japaneseMonth(input.billingMonth);
  return {
    subject: `【${issuer.legalName}】${month}分 AWSご利用料金のご請求（請求書番号 ${input.number}）`,
    text: [
      input.companyName,
      input.addressee ?? 'ご担当者様',
      '',
      `いつもお世話になっております。${issuer.legalName}です。`,
      `${month}分の AWS ご利用料金について、請求書（適格請求書）を PDF にてお送りいたします。`,
      '添付の請求書をご確認のうえ、お支払期限までに下記口座へお振込みくださいますようお願い申し上げます。',
      '',
      '■ ご請求内容',
      `請求書番号: ${input.number}`,
      `ご利用月: ${month}`,
      `ご請求金額（税込）: ${formatYenWithSign(input.totalJpy)}`,
      `お支払期限: ${formatJapaneseDate(input.dueDate)}`,
      '',
      '■ お振込先',
      `${withCode(issuer.bank.bankName, issuer.bank.bankCode)} ${withCode(issuer.bank.branchName, issuer.bank.branchCode)}`,
      `${issuer.bank.accountType} ${issuer.bank.accountNumber}`,
      `口座名義: ${issuer.bank.accountHolder}`,
      '',
      'ご利用料金の内訳は、コスト管理ツールでもご確認いただけます。',
      '今後ともよろしくお願い申し上げます。',
      '',
      '--',
      issuer.legalName,
      [issuer.postalCode ? `〒${issuer.postalCode}` : null, issuer.address].filter(Boolean).join(' '),
      ...(issuer.phone ? [`TEL ${issuer.phone}`] : []),
      `登録番号 ${issuer.registrationNumber}`,
    ].join('\n'),
  };
}
