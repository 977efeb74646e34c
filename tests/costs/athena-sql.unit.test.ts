import { describe, expect, it } from 'vitest';
import { athenaLines, athenaTagFactsSql, type AthenaTable } from '../../src/modules/costs/readers/athena-sql.ts';
import { normalizedTagKey } from '../../src/modules/costs/readers/tag-columns.ts';

/** The smallest CUR 2.0 table Athena could hold, plus `extra` columns and partition keys. */
function table(extra: AthenaTable['columns'] = [], partitionKeys: AthenaTable['partitionKeys'] = []): AthenaTable {
  return {
    database: 'cur_db',
    name: 'cur',
    columns: [
      { name: 'bill_payer_account_id', type: 'string' },
      { name: 'line_item_usage_account_id', type: 'string' },
      { name: 'line_item_usage_start_date', type: 'timestamp' },
      { name: 'line_item_line_item_type', type: 'string' },
      { name: 'line_item_currency_code', type: 'string' },
      ...extra,
    ],
    partitionKeys,
  };
}
const scope = { billingPeriod: '2027-01', files: ["s3://cur/data/it's.parquet"] };
const sql = (t: AthenaTable) => athenaLines(t, 'cur2', scope).sql;

describe('athenaLines', () => {
  it('prunes by the partition keys as typed: strings quoted, integers bare', () => {
    expect(sql(table([], [{ name: 'billing_period', type: 'string' }]))).toContain(
      `WHERE "billing_period" = '2027-01' AND "$path" IN ('s3://cur/data/it''s.parquet')`,
    );
    expect(
      sql(
        table(
          [],
          [
            { name: 'year', type: 'string' },
            { name: 'month', type: 'string' },
          ],
        ),
      ),
    ).toContain(`WHERE "year" = '2027' AND "month" IN ('1', '01') AND`);
    expect(
      sql(
        table(
          [],
          [
            { name: 'year', type: 'int' },
            { name: 'month', type: 'int' },
          ],
        ),
      ),
    ).toContain(`WHERE "year" = 2027 AND "month" IN (1) AND`);
    // Unknown partitioning: only the delivery's files.
    expect(sql(table([], [{ name: 'dt', type: 'string' }]))).toContain(`WHERE "$path" IN ('s3://cur/data/it''s.parquet')`);
  });

  it('reads amounts by their type, and a missing amount as NULL', () => {
    const text = sql(
      table([
        { name: 'line_item_unblended_cost', type: 'double' },
        { name: 'pricing_public_on_demand_cost', type: 'decimal(20,10)' },
        { name: 'line_item_usage_amount', type: 'string' },
      ]),
    );
    expect(text).toContain(`TRY_CAST("line_item_unblended_cost" AS DECIMAL(38,10)) AS n_unblended`);
    expect(text).toContain(`CAST("pricing_public_on_demand_cost" AS DECIMAL(38,10)) AS n_public_cost`);
    expect(text).toContain(`TRY_CAST(NULLIF(TRIM("line_item_usage_amount"), '') AS DECIMAL(38,10)) AS n_quantity`);
    expect(text).toContain(`CAST(NULL AS DECIMAL(38,10)) AS n_ri_effective`);
  });

  it('reads timestamps written as text or as dates, and the product map only when it is a map', () => {
    const text = sql(
      table([
        { name: 'bill_billing_period_start_date', type: 'date' },
        { name: 'product', type: 'map<string,string>' },
      ]),
    );
    expect(text).toContain(`CAST("bill_billing_period_start_date" AS TIMESTAMP) AS period_ts`);
    expect(text).toContain(`element_at("product", 'product_name') AS product_map_name`);
    const asText = athenaLines(
      { ...table(), columns: table().columns.map((c) => (c.name === 'line_item_usage_start_date' ? { ...c, type: 'string' } : c)) },
      'cur2',
      scope,
    ).sql;
    expect(asText).toContain(
      `try(CAST(from_iso8601_timestamp(TRIM("line_item_usage_start_date")) AT TIME ZONE 'UTC' AS TIMESTAMP)) AS usage_ts`,
    );
    expect(sql(table([{ name: 'product', type: 'string' }]))).toContain(`CAST(NULL AS VARCHAR) AS product_map_name`);
  });

  it('refuses a column whose type cannot hold what is read from it', () => {
    expect(() => sql(table([{ name: 'line_item_unblended_cost', type: 'map<string,string>' }]))).toThrow(
      'cur_db.cur, column line_item_unblended_cost: column line_item_unblended_cost is map<string,string>, not a number',
    );
    expect(() => sql(table([{ name: 'bill_billing_period_start_date', type: 'bigint' }]))).toThrow('is bigint, not a timestamp');
  });
});

describe('cost-allocation tags', () => {
  it('a table without tag columns is read without tags', () => {
    const lines = athenaLines(table(), 'cur2', scope);
    expect(lines.tagged).toBe(false);
    expect(lines.sql).not.toContain('tag_names');
  });

  it("reads a legacy table's tag columns, named by AWS's Athena integration, as CUR 2.0 keys", () => {
    const lines = athenaLines(
      table([
        { name: 'resource_tags_user_cost_center', type: 'string' },
        { name: 'resource_tags_aws_created_by', type: 'string' },
      ]),
      'cur2',
      scope,
    );
    expect(lines.tagged).toBe(true);
    // In name order, each key through the shared normalization.
    expect(lines.sql).toContain(`"resource_tags_aws_created_by" AS tag_0,\n    "resource_tags_user_cost_center" AS tag_1`);
    expect(lines.sql).toContain(
      `ARRAY[${normalizedTagKey('cur2', "'aws_created_by'")}, ${normalizedTagKey('cur2', "'user_cost_center'")}] AS tag_names`,
    );
    expect(lines.sql).toContain(`ARRAY[tag_0, tag_1] AS tag_values`);
  });

  it('reads resource_tags and FOCUS tags as a map, or as JSON text, and refuses any other type', () => {
    const map = athenaLines(table([{ name: 'resource_tags', type: 'map<string,string>' }]), 'cur2', scope).sql;
    expect(map).toContain(`"resource_tags" AS tags_map`);
    expect(map).toContain(`transform(map_keys(tags_map), tag_k -> ${normalizedTagKey('cur2', 'trim(tag_k)')}) AS tag_names`);
    const text = athenaLines(table([{ name: 'resource_tags', type: 'string' }]), 'cur2', scope).sql;
    expect(text).toContain(`try(CAST(json_parse("resource_tags") AS MAP(VARCHAR, VARCHAR))) AS tags_map`);
    const focus: AthenaTable = {
      database: 'cur_db',
      name: 'focus',
      columns: ['billingaccountid', 'subaccountid', 'chargeperiodstart', 'chargecategory', 'billedcost', 'billingcurrency', 'tags'].map(
        (name) => ({ name, type: 'string' }),
      ),
      partitionKeys: [],
    };
    const focusSql = athenaLines(focus, 'focus', scope).sql;
    // A CSV-backed FOCUS table writes an empty value as 'NULL'.
    expect(focusSql).toContain(`try(CAST(json_parse(NULLIF("tags", 'NULL')) AS MAP(VARCHAR, VARCHAR))) AS tags_map`);
    expect(focusSql).toContain(normalizedTagKey('focus', 'trim(tag_k)'));
    expect(() => athenaLines(table([{ name: 'resource_tags', type: 'bigint' }]), 'cur2', scope)).toThrow(
      'column resource_tags is bigint, not a map or JSON text',
    );
  });

  it('crosses the grouped lines with the keys found, quoted', () => {
    expect(athenaTagFactsSql('SELECT 1', '2027-01', ['user:team', "user:it's"])).toContain(
      `CROSS JOIN (VALUES ('user:team'), ('user:it''s')) AS tag (tag_key)`,
    );
  });
});
