import { sql, type Kysely } from 'kysely';

// The customer's corporate number (法人番号): the buyer's identifier on its JP PINT e-invoices.
// The check digit is the application's rule (rules/corporate-number.ts); the database keeps the shape.
export async function up(db: Kysely<unknown>) {
  await sql`ALTER TABLE companies ADD COLUMN corporate_number text CHECK (corporate_number ~ '^[0-9]{13}$')`.execute(db);
}
