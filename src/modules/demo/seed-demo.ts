import { assignAccount } from '../accounts/assign-account.ts';
import { registerAwsAccount } from '../accounts/register-aws-account.ts';
import { createCompany } from '../companies/create-company.ts';
import { provisionUser } from '../identity/provision-user.ts';
import { newTotpSecret } from '../identity/rules/totp.ts';
import type { AppContext, Caller } from '../../platform/context.ts';
import { seedDemoFxRates } from '../fx/demo-fx-rates.ts';
import { tokyoDateOf } from '../calendar/rules/calendar-date.ts';
import { seedDemoIssuer } from '../invoicing/demo-issuer.ts';
import { DEMO_COMPANIES, DEMO_PASSWORD, DEMO_STAFF } from './demo-data.ts';
import { DEMO_PAYER_ACCOUNT_ID, seedDemoCosts, seedDemoInvoices } from './seed-demo-costs.ts';
import { seedDemoOpenMonth } from '../portal/demo-portal.ts';
import { seedDemoBudgets } from '../budgets/demo-budgets.ts';
import { seedDemoMembership } from '../membership/demo-membership.ts';
import { seedDemoSupport } from '../inquiries/demo-support.ts';

const DEMO_CALLER: Caller = { actor: { kind: 'system', label: 'demo-seed' }, ip: null };

export type DemoLogin = { email: string; role: string; company: string | null; totpSecret: string };

/** True when no company and no user exists yet: the only state the demo is seeded into. */
export async function isDatabaseEmpty(ctx: AppContext) {
  const [users, companies] = await Promise.all([
    ctx.db.selectFrom('users').select('id').limit(1).execute(),
    ctx.db.selectFrom('companies').select('id').limit(1).execute(),
  ]);
  return users.length === 0 && companies.length === 0;
}

export async function isDemoDatabase(ctx: AppContext) {
  const row = await ctx.db.selectFrom('app_settings').select('value').where('key', '=', 'demo').executeTakeFirst();
  return row !== undefined;
}

/**
 * Seeds the demo reseller: staff of every role, customer companies with representatives and members
 * (all enrolled in MFA, secrets returned for printing), AWS accounts with windows, including one
 * account that moved between companies mid-month, and the payer's cost reports for the closed months
 * (generated, then ingested), the issuer settings and USD/JPY rates invoices need. Marks the
 * database as the demo's.
 */
export async function seedDemo(ctx: AppContext): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  await ctx.db
    .insertInto('app_settings')
    .values({ key: 'demo', value: JSON.stringify({ seededAt: ctx.now().toISOString() }) })
    .execute();
  for (const staff of DEMO_STAFF) {
    const totpSecret = newTotpSecret();
    await ctx.db
      .transaction()
      .execute((tx) => provisionUser(tx, { ...staff, companyId: null, password: DEMO_PASSWORD, totpSecret }, 'demo-seed'));
    logins.push({ email: staff.email, role: staff.role, company: null, totpSecret });
  }

  const registered = new Set<string>();
  for (const company of DEMO_COMPANIES) {
    const { id: companyId } = await createCompany(ctx, DEMO_CALLER, {
      code: company.code,
      name: company.name,
      nameKana: company.nameKana,
      billingAgency: true,
      billingEmail: company.users[0]!.email,
      invoiceAddressee: '経理ご担当者様',
      payerKanaNames: company.payerKanaNames,
      exclusions: {
        dedicatedConnectionOnly: false,
        cdnOnly: false,
        publicSector: company.publicSector ?? false,
        partner: false,
        indirectContract: false,
      },
    });
    for (const user of company.users) {
      const totpSecret = newTotpSecret();
      await ctx.db
        .transaction()
        .execute((tx) => provisionUser(tx, { ...user, companyId, password: DEMO_PASSWORD, totpSecret }, 'demo-seed'));
      logins.push({ email: user.email, role: user.role, company: company.code, totpSecret });
    }
    for (const account of company.accounts) {
      if (!registered.has(account.accountId)) {
        await registerAwsAccount(ctx, DEMO_CALLER, {
          accountId: account.accountId,
          name: account.name,
          rootEmail: `aws+${account.accountId}@daiko.example`,
        });
        registered.add(account.accountId);
      }
      await assignAccount(ctx, DEMO_CALLER, {
        accountId: account.accountId,
        companyId,
        validFrom: account.from,
        validTo: account.to ?? null,
      });
    }
  }
  await ctx.db.transaction().execute(async (tx) => {
    await seedDemoIssuer(tx, ctx.now());
    await seedDemoFxRates(tx, tokyoDateOf(ctx.now()));
  });
  await seedDemoCosts(ctx, DEMO_CALLER);
  await seedDemoInvoices(ctx, DEMO_CALLER);
  await seedDemoBudgets(ctx, DEMO_CALLER);
  await seedDemoOpenMonth(ctx, DEMO_PAYER_ACCOUNT_ID);
  await seedDemoMembership(ctx, DEMO_CALLER);
  await seedDemoSupport(ctx, DEMO_CALLER);
  return logins;
}

export function describeDemoLogins(logins: DemoLogin[]) {
  const rows = logins.map((l) => `  ${l.email.padEnd(26)} ${l.role.padEnd(15)} ${(l.company ?? 'staff').padEnd(8)} ${l.totpSecret}`);
  return [
    '',
    'Demo data seeded. Every demo user signs in with the password below and a TOTP code:',
    `  password: ${DEMO_PASSWORD}`,
    '  add the TOTP secret to an authenticator app, or print the current code with `npx daiko demo code EMAIL`',
    '',
    `  ${'e-mail'.padEnd(26)} ${'role'.padEnd(15)} ${'company'.padEnd(8)} TOTP secret`,
    ...rows,
    '',
  ].join('\n');
}
