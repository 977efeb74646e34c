import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { assertManagesAccounts, lockAccount, rewriteAwsAccount } from './account-store.ts';
import { AccountId, loadAwsAccountView } from './account-view.ts';

export const UpdateAwsAccountInput = z.object({
  accountId: AccountId,
  name: z.string().trim().min(1).max(200).optional(),
  /** null clears */
  rootEmail: z.string().trim().toLowerCase().email().max(254).nullable().optional(),
  rootHeldByReseller: z.boolean().optional(),
});

/** Edits an account's name, root e-mail or who holds its root user. */
export const updateAwsAccount = defineAction({
  name: 'aws_account.update',
  input: UpdateAwsAccountInput,
  authorize: (_tx, { actor }) => assertManagesAccounts(actor),
  run: async (tx, _caller, input, ctx) => {
    const before = await lockAccount(tx, input.accountId);
    const after = {
      name: input.name ?? before.name,
      rootEmail: input.rootEmail === undefined ? before.root_email : input.rootEmail,
      rootHeldByReseller: input.rootHeldByReseller ?? before.root_held_by_reseller,
    };
    const unchanged =
      after.name === before.name && after.rootEmail === before.root_email && after.rootHeldByReseller === before.root_held_by_reseller;
    const audit = unchanged ? [] : [(await rewriteAwsAccount(tx, before, after, ctx.now())).audit];
    return { result: await loadAwsAccountView(tx, input.accountId), audit };
  },
});
