import { sql, type Kysely } from 'kysely';

/**
 * What the portal's page views need from the database (docs/portal.md, Caching and Speed):
 * - cost_facts (usage_account_id, usage_date) gains the columns the explorer's default views and the
 *   overview read, so they are index-only scans instead of one heap fetch per fact. It replaces the
 *   costs module's index of the same keys (every other reader of it only needs the keys), so an
 *   ingest still maintains two indexes on the table.
 * - Index-only scans skip the heap only on pages the visibility map marks all-visible: vacuum the
 *   table after a month's replacement (inserts and deletes of a fraction of it) rather than after 20%.
 * - invoices (company_id): the data version reads all of one company's invoices.
 * - portal_data_version(company, default fx source): one value that changes whenever anything a
 *   portal read of the company depends on changes (null for no such company), read on every request
 *   before the cache. A
 *   PL/pgSQL function so that its plan is cached per connection (planning the statement cost more
 *   than running it). Rows are rendered as record text (NULLs and separators unambiguous), hashed:
 *   - cost data: count and sum(version) of every payer's billing periods — a month's replacement
 *     (facts and tag facts together) raises its version by one under a row lock and periods are
 *     never deleted, so the pair only grows. All payers: which carry the company's accounts is only
 *     known from the facts themselves;
 *   - the company's account windows and its accounts' names;
 *   - the company's invoices (lines are frozen once issued, drafts are not shown) and the count and
 *     sum of their payments (append-only);
 *   - the rate settings and the latest rate of the active source;
 *   - the company's code and name.
 */
export async function up(db: Kysely<unknown>) {
  await sql`DROP INDEX cost_facts_account_date_idx`.execute(db);
  await sql`CREATE INDEX cost_facts_account_date_idx ON cost_facts (usage_account_id, usage_date)
    INCLUDE (service_code, service_name, billing_period, unblended_usd)`.execute(db);
  await sql`ALTER TABLE cost_facts SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01)`.execute(db);
  await sql`CREATE INDEX invoices_company_idx ON invoices (company_id)`.execute(db);
  await sql`
    CREATE FUNCTION portal_data_version(company uuid, default_fx_source text) RETURNS text LANGUAGE plpgsql STABLE AS $$
    DECLARE
      version text;
    BEGIN
      SELECT md5(ROW(
        c.code, c.name,
        (SELECT ROW(count(*), sum(p.version)) FROM cost_periods p),
        (SELECT string_agg(ROW(a.id, a.account_id, a.valid_from, a.valid_to,
                  (SELECT w.name FROM aws_accounts w WHERE w.account_id = a.account_id))::text, ',' ORDER BY a.id)
           FROM account_assignments a WHERE a.company_id = c.id),
        (SELECT string_agg(ROW(i.id, i.kind, i.status, i.number, i.billing_month, i.issue_date, i.due_date, i.subtotal_jpy, i.total_jpy)::text,
                  ',' ORDER BY i.id)
           FROM invoices i WHERE i.company_id = c.id),
        (SELECT ROW(count(*), sum(p.amount_jpy)) FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.company_id = c.id),
        fx.value,
        (SELECT ROW(r.source, r.rate_date, r.usd_jpy) FROM fx_rates r
           WHERE r.source = coalesce(fx.value->>'source', default_fx_source) ORDER BY r.rate_date DESC LIMIT 1)
      )::text)
      INTO version
      FROM companies c LEFT JOIN app_settings fx ON fx.key = 'fx'
      WHERE c.id = company;
      RETURN version;
    END $$`.execute(db);
}
