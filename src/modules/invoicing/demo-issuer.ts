import type { Tx } from '../../platform/db/database.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { toIssuerSettingsView } from './issuer-settings-presenter.ts';
import { UpdateIssuerSettingsInput, writeIssuerSettings, type UpdateIssuerSettingsInput as IssuerInput } from './update-issuer-settings.ts';

/** The demo reseller as a qualified invoice issuer: fictitious, but with a registration number whose check digit holds. */
export const DEMO_ISSUER: IssuerInput = {
  legalName: '株式会社ダイコウ',
  postalCode: '100-0005',
  address: '東京都千代田区丸の内一丁目1番1号 ダイコウビル8階',
  phone: '03-1234-5678',
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
  invoiceNumberFormat: '{YYYY}{MM}-{SEQ:5}',
  creditNoteNumberFormat: 'CN{YYYY}{MM}-{SEQ:5}',
  sequenceScope: 'issue-month',
};

/** Seeds the demo issuer settings inside the demo seed's transaction, audited as the demo seed. */
export async function seedDemoIssuer(tx: Tx, now: Date = new Date()) {
  const row = await writeIssuerSettings(tx, UpdateIssuerSettingsInput.parse(DEMO_ISSUER), now);
  const { updatedAt: _, ...after } = toIssuerSettingsView(row);
  await recordAudit(tx, { kind: 'system', label: 'demo-seed' }, [
    { action: 'issuer-settings.update', entityType: 'issuer_settings', entityId: 'issuer', after },
  ]);
}
