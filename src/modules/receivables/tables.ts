import type { ColumnType, Generated } from 'kysely';

export type PaymentMethod = 'bank-transfer' | 'other';

/** Payments received against invoices (see migrations/0013-payments.ts: append-only). */
export interface PaymentsTable {
  id: Generated<string>;
  invoice_id: string;
  received_on: string;
  amount_jpy: ColumnType<string, string | bigint, never>;
  method: PaymentMethod;
  note: string | null;
  recorded_by: string;
  created_at: Generated<Date>;
}

export interface ReceivablesTables {
  payments: PaymentsTable;
}
