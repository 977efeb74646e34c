import type { ColumnType, Generated } from 'kysely';

export interface CompaniesTable {
  id: Generated<string>;
  code: string;
  name: string;
  name_kana: Generated<string>;
  billing_agency: Generated<boolean>;
  billing_email: string | null;
  invoice_addressee: string | null;
  postal_address: string | null;
  corporate_number: ColumnType<string | null, string | null | undefined, string | null>;
  payer_kana_names: ColumnType<string[], string[] | undefined, string[]>;
  excl_dedicated_connection_only: Generated<boolean>;
  excl_cdn_only: Generated<boolean>;
  excl_public_sector: Generated<boolean>;
  excl_partner: Generated<boolean>;
  excl_indirect_contract: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CompaniesTables {
  companies: CompaniesTable;
}
