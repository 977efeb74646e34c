import { newTotpSecret } from '../../src/modules/identity/rules/totp.ts';
import { provisionUser } from '../../src/modules/identity/provision-user.ts';
import type { AppContext } from '../../src/platform/context.ts';

export const PASSWORD = 'correct horse battery staple';

export type FixtureUser = { id: string; email: string; password: string; totpSecret: string };

/** A staff user with MFA enrolled, ready to sign in. */
export async function seedStaff(ctx: AppContext, role: 'admin' | 'billing' | 'csm', email = `${role}@reseller.test`): Promise<FixtureUser> {
  const totpSecret = newTotpSecret();
  const id = await ctx.db.transaction().execute((tx) =>
    provisionUser(tx, { email, name: `Staff ${role}`, role, companyId: null, password: PASSWORD, totpSecret }, 'test-fixture'),
  );
  return { id, email, password: PASSWORD, totpSecret };
}

/** A customer company with one representative and one member, both enrolled. */
export async function seedTenant(ctx: AppContext, code: string) {
  const company = await ctx.db
    .insertInto('companies')
    .values({ code, name: `${code} 株式会社`, name_kana: 'テスト', billing_agency: true, billing_email: `billing@${code.toLowerCase()}.test`, invoice_addressee: null, postal_address: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = async (role: 'representative' | 'member') => {
    const email = `${role}@${code.toLowerCase()}.test`;
    const totpSecret = newTotpSecret();
    const id = await ctx.db.transaction().execute((tx) =>
      provisionUser(tx, { email, name: `${code} ${role}`, role, companyId: company.id, password: PASSWORD, totpSecret }, 'test-fixture'),
    );
    return { id, email, password: PASSWORD, totpSecret } satisfies FixtureUser;
  };
  return { companyId: company.id, code, representative: await user('representative'), member: await user('member') };
}
