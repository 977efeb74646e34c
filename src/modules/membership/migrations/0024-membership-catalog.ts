import { sql, type Kysely } from 'kysely';

// Staff withdraw an option service at once (seed 004 §3.2.1: services end without notice) besides
// announcing an end date: an inactive service is hidden from customers and refuses applications.
export async function up(db: Kysely<unknown>) {
  await sql`ALTER TABLE option_services ADD COLUMN active boolean NOT NULL DEFAULT true`.execute(db);
}
