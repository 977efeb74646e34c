import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { Actor } from '../identity/rules/roles.ts';
import { assertPortalReader } from './portal-scope.ts';
import { shownTagValue } from './rules/explorer-query.ts';

/**
 * The company's tag facts of one key between two UTC days: the same ownership rule as companyFacts
 * (portal-scope.ts) — an account's rows only on the days it was the company's. Aliases: f
 * (cost_tag_facts), a (account_assignments). Reads through (usage_account_id, tag_key, usage_date).
 */
export function companyTagFacts(db: Queryable, companyId: string, from: string, to: string) {
  return db
    .selectFrom('cost_tag_facts as f')
    .innerJoin('account_assignments as a', (join) =>
      join
        .onRef('a.account_id', '=', 'f.usage_account_id')
        .on(sql<boolean>`f.usage_date >= a.valid_from AND (a.valid_to IS NULL OR f.usage_date < a.valid_to)`),
    )
    .where('a.company_id', '=', companyId)
    .where('f.usage_date', '>=', from)
    .where('f.usage_date', '<=', to);
}

export const CostTagKey = z.object({
  key: z.string(),
  /** Every value seen in the range, sorted; UNTAGGED when some lines lack the tag. */
  values: z.array(z.string()),
});
export type CostTagKey = z.infer<typeof CostTagKey>;

/** The cost-allocation tag keys of the company's costs in the range, with their values: what the explorer offers. */
export async function listCostTags(
  ctx: AppContext,
  actor: Actor,
  companyId: string,
  q: { from: string; to: string },
): Promise<CostTagKey[]> {
  await assertPortalReader(ctx, actor, companyId);
  const rows = await companyTagFacts(ctx.db, companyId, q.from, q.to)
    .select(['f.tag_key', 'f.tag_value'])
    .distinct()
    .orderBy('f.tag_key')
    .orderBy('f.tag_value')
    .execute();
  const keys = new Map<string, string[]>();
  for (const r of rows) {
    let values = keys.get(r.tag_key);
    if (!values) keys.set(r.tag_key, (values = []));
    values.push(shownTagValue(r.tag_value));
  }
  return [...keys].map(([key, values]) => ({ key, values }));
}
