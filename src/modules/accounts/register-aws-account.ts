import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { conflict, invalid } from '../../platform/errors.ts';
import type { AuditEntry } from '../audit/record-audit.ts';
import { assertCompanyExists, assertManagesAccounts, insertAssignment, insertAwsAccount } from './account-store.ts';
import { AccountId, loadAwsAccountView, UtcDate } from './account-view.ts';

export const RegisterAwsAccountInput = z.object({
  accountId: AccountId,
  name: z.string().trim().min(1).max(200),
  rootEmail: z
    .string()
    .trim()
    .toLowerCase()
    .email()
    .max(254)
    .nullish()
    .transform((v) => v ?? null),
  rootHeldByReseller: z.boolean().default(true),
  /** With validFrom: the company owning the account from that day on (open-ended window). */
  companyId: z.string().uuid().optional(),
  validFrom: UtcDate.optional(),
});

/** Adds an AWS account to the registry and, when a company and start date are given, assigns it. */
export const registerAwsAccount = defineAction({
  name: 'aws_account.register',
  input: RegisterAwsAccountInput,
  authorize: (_tx, { actor }, input) => {
    assertManagesAccounts(actor);
    if ((input.companyId === undefined) !== (input.validFrom === undefined))
      throw invalid('companyId and validFrom go together: give both to assign the account, or neither.');
  },
  run: async (tx, _caller, input) => {
    const existing = await tx.selectFrom('aws_accounts').select('account_id').where('account_id', '=', input.accountId).executeTakeFirst();
    if (existing) throw conflict('account_exists', `AWS account ${input.accountId} is already registered.`);
    if (input.companyId) await assertCompanyExists(tx, input.companyId);
    const audit: AuditEntry[] = [(await insertAwsAccount(tx, input)).audit];
    if (input.companyId && input.validFrom) {
      audit.push((await insertAssignment(tx, input.accountId, input.companyId, { validFrom: input.validFrom, validTo: null })).audit);
    }
    return { result: await loadAwsAccountView(tx, input.accountId), audit };
  },
});
