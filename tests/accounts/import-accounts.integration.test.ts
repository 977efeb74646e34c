import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAccounts } from '../../src/modules/accounts/import-accounts.ts';
import { companyOfAccountOn } from '../../src/modules/accounts/rules/assignment-windows.ts';
import { registerAwsAccount } from '../../src/modules/accounts/register-aws-account.ts';
import type { Caller } from '../../src/platform/context.ts';
import { DomainError } from '../../src/platform/errors.ts';
import { seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let globex: Awaited<ReturnType<typeof seedTenant>>;
const cli: Caller = { actor: { kind: 'system', label: 'import-test' }, ip: null };

beforeAll(async () => {
  env = await createTestContext();
  acme = await seedTenant(env.ctx, 'ACME');
  globex = await seedTenant(env.ctx, 'GLOBEX');
});
afterAll(async () => {
  await env.close();
});

const HEADER = 'account_id,company_code,name,from,to,root_email';
const FILE = [
  `\uFEFF${HEADER}`,
  '000000000001,ACME,acme-prod,2024-01-01,,root+1@acme.test',
  // Moved from ACME to GLOBEX on March 15: two rows.
  '000000000002,ACME,shared-dev,2024-01-01,2024-03-15,',
  '000000000002,GLOBEX,shared-dev,2024-03-15,,',
  '',
].join('\r\n');

const windows = async () =>
  (
    await env.ctx.db
      .selectFrom('account_assignments')
      .select([
        'account_id',
        'company_id',
        (eb) => eb.cast<string>('valid_from', 'text').as('valid_from'),
        (eb) => eb.cast<string>('valid_to', 'text').as('valid_to'),
      ])
      .orderBy('account_id')
      .orderBy('valid_from')
      .execute()
  ).map((w) => ({ accountId: w.account_id, companyId: w.company_id, validFrom: w.valid_from, validTo: w.valid_to }));
const accounts = () => env.ctx.db.selectFrom('aws_accounts').select(['account_id', 'name', 'root_email']).orderBy('account_id').execute();
const auditCount = async () =>
  (await env.ctx.db.selectFrom('audit_log').select('id').where('entity_type', 'in', ['aws_account', 'account_assignment']).execute())
    .length;
const refusal = async (text: string) => {
  const error = await importAccounts(env.ctx, cli, text).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('importing AWS accounts', () => {
  it('registers accounts and their windows, including an account moved mid-month', async () => {
    expect(await importAccounts(env.ctx, cli, FILE)).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(await accounts()).toEqual([
      { account_id: '000000000001', name: 'acme-prod', root_email: 'root+1@acme.test' },
      { account_id: '000000000002', name: 'shared-dev', root_email: null },
    ]);
    const stored = await windows();
    expect(stored).toEqual([
      { accountId: '000000000001', companyId: acme.companyId, validFrom: '2024-01-01', validTo: null },
      { accountId: '000000000002', companyId: acme.companyId, validFrom: '2024-01-01', validTo: '2024-03-15' },
      { accountId: '000000000002', companyId: globex.companyId, validFrom: '2024-03-15', validTo: null },
    ]);
    expect(companyOfAccountOn(stored, '000000000002', '2024-03-14')).toBe(acme.companyId);
    expect(companyOfAccountOn(stored, '000000000002', '2024-03-15')).toBe(globex.companyId);
    // Two accounts and three windows, each with its own audit row.
    expect(await auditCount()).toBe(5);
  });

  it('changes nothing when the same file comes again', async () => {
    const before = { accounts: await accounts(), windows: await windows(), audit: await auditCount() };
    expect(await importAccounts(env.ctx, cli, FILE)).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect({ accounts: await accounts(), windows: await windows(), audit: await auditCount() }).toEqual(before);
  });

  it('records a later move: the stored open window is closed and the new one added', async () => {
    const moved = FILE.replace(
      '000000000001,ACME,acme-prod,2024-01-01,,root+1@acme.test',
      '000000000001,ACME,acme-prod,2024-01-01,2025-02-10,root+1@acme.test\r\n000000000001,GLOBEX,acme-prod,2025-02-10,,root+1@acme.test',
    );
    expect(await importAccounts(env.ctx, cli, moved)).toEqual({ created: 1, updated: 1, unchanged: 2 });
    expect((await windows()).filter((w) => w.accountId === '000000000001')).toEqual([
      { accountId: '000000000001', companyId: acme.companyId, validFrom: '2024-01-01', validTo: '2025-02-10' },
      { accountId: '000000000001', companyId: globex.companyId, validFrom: '2025-02-10', validTo: null },
    ]);
  });

  it('moves a recorded move date, though each window alone would overlap the other on the way', async () => {
    const corrected = `${HEADER}\n000000000002,ACME,shared-dev,2024-01-01,2024-03-20,\n000000000002,GLOBEX,shared-dev,2024-03-20,,\n`;
    expect(await importAccounts(env.ctx, cli, corrected)).toEqual({ created: 0, updated: 2, unchanged: 0 });
    expect((await windows()).filter((w) => w.accountId === '000000000002').map((w) => [w.validFrom, w.validTo])).toEqual([
      ['2024-01-01', '2024-03-20'],
      ['2024-03-20', null],
    ]);
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'account_assignment.update')
      .where('company_id', '=', globex.companyId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ validFrom: '2024-03-15', validTo: null });
    expect(audit.after).toMatchObject({ validFrom: '2024-03-20', validTo: null });
  });

  it('refuses a window overlapping another company’s stored window, and writes nothing', async () => {
    await registerAwsAccount(env.ctx, cli, {
      accountId: '000000000003',
      name: 'globex-prod',
      companyId: globex.companyId,
      validFrom: '2024-06-01',
    });
    const before = { accounts: await accounts(), windows: await windows(), audit: await auditCount() };
    const error = await refusal(`${HEADER}\n000000000004,ACME,new,2024-01-01,,\n000000000003,ACME,globex-prod,2025-01-01,,\n`);
    expect(error.message).toBe(
      [
        'The file has 1 error; nothing was imported.',
        'line 3, column from: 2025-01-01 – open end overlaps the stored window 2024-06-01 – open end of GLOBEX for account 000000000003; add that window to the file with its new dates (e.g. closed on the move date)',
      ].join('\n'),
    );
    expect({ accounts: await accounts(), windows: await windows(), audit: await auditCount() }).toEqual(before);
  });

  it('reports every bad row by line and column, and imports nothing', async () => {
    const before = { accounts: await accounts(), windows: await windows(), audit: await auditCount() };
    const error = await refusal(
      [
        HEADER,
        '000000000005,ACME,fine,2024-01-01,,',
        '12345678901,ACME,lost a zero,2024-01-01,,',
        '000000000006,NOPE,unknown company,2024-01,,',
        '000000000007,ACME,ok,2024-01-01,2024-06-01,',
        '000000000007,GLOBEX,ok,2024-05-01,,',
        '000000000003,ACME,globex-prod,2024-01-01,2024-07-01,',
      ].join('\n'),
    );
    expect(error.status).toBe(400);
    expect(error.details).toEqual([
      {
        line: 3,
        column: 'account_id',
        message: '"12345678901" is not an AWS account id: exactly 12 digits (leading zeros lost? format the column as text)',
      },
      { line: 4, column: 'company_code', message: 'no company with the code NOPE' },
      { line: 4, column: 'from', message: '"2024-01" is not a date (YYYY-MM-DD)' },
      { line: 6, column: 'from', message: '2024-05-01 – open end overlaps 2024-01-01 – 2024-06-01 on line 5 for the same account' },
      {
        line: 7,
        column: 'from',
        message:
          '2024-01-01 – 2024-07-01 overlaps the stored window 2024-06-01 – open end of GLOBEX for account 000000000003; add that window to the file with its new dates (e.g. closed on the move date)',
      },
    ]);
    expect(error.message.split('\n')[0]).toBe('The file has 5 errors; nothing was imported.');
    expect({ accounts: await accounts(), windows: await windows(), audit: await auditCount() }).toEqual(before);
  });

  it('is for admins only', async () => {
    const error = await importAccounts(
      env.ctx,
      { actor: { kind: 'staff', userId: crypto.randomUUID(), email: 'c@reseller.test', role: 'csm' } },
      FILE,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403 });
  });
});
