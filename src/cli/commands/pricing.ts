import type { Command } from 'commander';
import { addPricingPolicyVersion, type AddPricingPolicyVersionInput } from '../../modules/billing/add-pricing-policy-version.ts';
import { getPolicyInForce, listPricingPolicies, type PricingPolicyVersionView } from '../../modules/billing/pricing-policies-presenter.ts';
import { Month, type CustomLine, type PricingPolicy } from '../../modules/billing/rules/pricing-policy.ts';
import type { AppContext } from '../../platform/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { readTextFile } from '../read-text-file.ts';
import { cliCaller, runCommand } from '../run-command.ts';

/** Contracts' pricing policies (SPEC §2): what a month is billed with, and new versions. */
export function pricingCommands(program: Command) {
  const pricing = program.command('pricing').description("contracts' pricing policies: versions effective from a month");

  pricing
    .command('show')
    .description('the policy in force for a month and every version of a company')
    .requiredOption('--company <code>', 'company code')
    .option('--month <YYYY-MM>', 'the billing month (default: the current UTC month)')
    .option('--json', 'print JSON: {"company","month","inForce":{"source","version","policy",…},"versions":[…],"lastInvoicedMonth"}')
    .action((opts: { company: string; month?: string; json?: boolean }) =>
      runCommand(async (ctx) => {
        if (opts.month !== undefined && !Month.safeParse(opts.month).success)
          throw invalid(`--month: "${opts.month}" is not a month (YYYY-MM)`);
        const company = await companyByCode(ctx, opts.company);
        const { actor } = cliCaller();
        const inForce = await getPolicyInForce(ctx, actor, company.id, opts.month);
        const listing = await listPricingPolicies(ctx, actor, company.id);
        if (opts.json) {
          console.log(
            JSON.stringify({
              company,
              month: inForce.month,
              inForce,
              versions: listing.versions,
              lastInvoicedMonth: listing.lastInvoicedMonth,
            }),
          );
          return;
        }
        console.log(
          `${company.code} ${company.name}: ${company.billingAgency ? 'billing-agency contract' : 'no billing-agency contract (not billed)'}`,
        );
        console.log(
          `Policy in force for ${inForce.month}: ${inForce.version ? versionLabel(inForce.version) : 'the default policy (SPEC §2)'}`,
        );
        for (const line of describePolicy(inForce.policy)) console.log(`  ${line}`);
        console.log(`Last invoiced month: ${listing.lastInvoicedMonth ?? 'none'}`);
        if (listing.versions.length === 0) {
          console.log('No versions: every month is billed with the default policy.');
          return;
        }
        console.log('Versions (newest first):');
        for (const v of listing.versions) console.log(`  ${versionLabel(v)}`);
      }),
    );

  pricing
    .command('set')
    .description('add a version of the policy, effective from a month (refused when that month is already invoiced)')
    .requiredOption('--company <code>', 'company code')
    .requiredOption('--from <YYYY-MM>', 'the first month billed with it')
    .requiredOption('--file <policy.json>', 'the policy as JSON (see docs/pricing.md); omitted fields take their defaults')
    .option('--note <text>', 'why (kept with the version and in the audit log)')
    .action((opts: { company: string; from: string; file: string; note?: string }) =>
      runCommand(async (ctx) => {
        const text = readTextFile(opts.file);
        let policy: unknown;
        try {
          policy = JSON.parse(text);
        } catch (error) {
          throw invalid(`${opts.file} is not JSON: ${(error as Error).message}`);
        }
        const company = await companyByCode(ctx, opts.company);
        const before = await getPolicyInForce(ctx, cliCaller().actor, company.id, opts.from);
        const added = await addPricingPolicyVersion(ctx, cliCaller(), {
          companyId: company.id,
          effectiveFrom: opts.from,
          policy: policy as AddPricingPolicyVersionInput['policy'],
          note: opts.note,
        });
        const was = before.version ? `version ${before.version.version} of ${before.version.effectiveFrom}` : 'the default policy';
        console.log(`${company.code}: added version ${added.version} effective from ${added.effectiveFrom} (was ${was}).`);
        for (const line of describePolicy(added.policy)) console.log(`  ${line}`);
      }),
    );
}

async function companyByCode(ctx: AppContext, code: string) {
  const row = await ctx.db
    .selectFrom('companies')
    .select(['id', 'code', 'name', 'billing_agency'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) throw notFound(`Company ${code}`);
  return { id: row.id, code: row.code, name: row.name, billingAgency: row.billing_agency };
}

function versionLabel(v: PricingPolicyVersionView) {
  return `version ${v.version} of ${v.effectiveFrom}, by ${v.createdBy} at ${v.createdAt.toISOString()}${v.note ? ` — ${v.note}` : ''}`;
}

const signed = (percent: string) => `${percent.startsWith('-') ? '' : '+'}${percent} %`;
const yen = (amount: string) => `${amount.startsWith('-') ? '-' : ''}¥${amount.replace(/^-/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

/** The policy in a few lines, as an operator reads it. */
export function describePolicy(policy: PricingPolicy): string[] {
  const markups = [
    `global ${signed(policy.markup.global)}`,
    ...Object.entries(policy.markup.byBillingEntity).map(([entity, p]) => `${entity} ${signed(p)}`),
    ...Object.entries(policy.markup.byService).map(([service, p]) => `${service} ${signed(p)}`),
  ];
  return [
    `Reseller discounts passed on: ${policy.passedDiscounts.length ? policy.passedDiscounts.join(', ') : 'none (kept as margin)'}`,
    `Markup: ${markups.join('; ')}`,
    `Custom lines:${policy.customLines.length ? '' : ' none'}`,
    ...policy.customLines.map((c) => `  ${describeCustomLine(c)}`),
    `Rounding: lines ${policy.rounding.line ?? 'as the FX settings'}, consumption tax ${policy.rounding.tax}`,
  ];
}

function describeCustomLine(c: CustomLine) {
  const amount = c.kind === 'fixed' ? yen(c.amountJpy as string) : `${signed(c.percent as string)} of the AWS subtotal`;
  const when =
    c.recurrence === 'one-off' ? `one-off in ${c.fromMonth}` : `monthly from ${c.fromMonth}${c.toMonth ? ` to ${c.toMonth}` : ''}`;
  return `${c.description}: ${amount}, ${when}`;
}
