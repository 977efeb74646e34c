import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { actorLabel } from '../identity/rules/roles.ts';
import type { AuditEntry } from '../audit/record-audit.ts';
import { assertMembershipAdmin } from './membership-access.ts';
import { eligibleCompanyIds } from './membership-store.ts';
import { openMembershipYear } from './open-membership-year.ts';

export const RunAprilFirstInput = z.object({ fiscalYear: z.number().int().min(2000).max(2100) });

/**
 * The yearly April 1 (JST) job: opens the fiscal year of every eligible company — rank from the
 * previous calendar year, earlier tickets expired, the year's tickets granted. Safe to run twice:
 * a company whose year is open is skipped (see openMembershipYear).
 */
export const runAprilFirst = defineAction({
  name: 'membership.april_1',
  input: RunAprilFirstInput,
  authorize: (_tx, { actor }) => assertMembershipAdmin(actor),
  run: async (tx, { actor }, input, ctx) => {
    const audit: AuditEntry[] = [];
    let opened = 0;
    let alreadyOpen = 0;
    const ranks: Record<string, number> = {};
    for (const companyId of await eligibleCompanyIds(tx)) {
      const result = await openMembershipYear(tx, companyId, input.fiscalYear, actorLabel(actor), ctx.now());
      if (result.opened) opened++;
      else alreadyOpen++;
      ranks[result.year.rank] = (ranks[result.year.rank] ?? 0) + 1;
      audit.push(...result.audit);
    }
    return { result: { fiscalYear: input.fiscalYear, opened, alreadyOpen, ranks }, audit };
  },
});
