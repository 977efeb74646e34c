import type { Generated } from 'kysely';

export interface AdvisorConnectionsTable {
  company_id: string;
  /** `daiko-` + 32 hex digits, generated once per company. */
  external_id: string;
  role_arn: string | null;
  registered_by: string | null;
  registered_at: Date | null;
  created_at: Generated<Date>;
}

export interface AdvisorTables {
  advisor_connections: AdvisorConnectionsTable;
}
