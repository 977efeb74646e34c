import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCompanies } from '../../src/modules/companies/import-companies.ts';
import type { Caller } from '../../src/platform/context.ts';
import { DomainError } from '../../src/platform/errors.ts';
import { seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
const cli: Caller = { actor: { kind: 'system', label: 'import-test' }, ip: null };

beforeAll(async () => {
  env = await createTestContext();
  await seedTenant(env.ctx, 'ACME');
});
afterAll(async () => {
  await env.close();
});

const HEADER = 'code,name,name_kana,billing_agency,billing_email,invoice_addressee,payer_kana_names,excl_public_sector';
const FILE = `\uFEFF${HEADER}\r\nACME,ACME 株式会社,テスト,yes,billing@acme.test,,,no\r\nINITECH,イニテック株式会社,イニテック,はい,Billing@Initech.test,経理部,ｲﾆﾃﾂｸ(ｶ|ｲﾆﾃﾂｸ,いいえ\r\nCITY,"千代田区役所",チヨダクヤクシヨ,1,,,,1\r\n`;

const companies = () => env.ctx.db.selectFrom('companies').selectAll().orderBy('code').execute();
const auditRows = () => env.ctx.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'company').orderBy('id').execute();
const refusal = async (text: string) => {
  const error = await importCompanies(env.ctx, cli, text).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('importing companies', () => {
  it('creates new companies, leaves one that matches alone, and audits each created one', async () => {
    expect(await importCompanies(env.ctx, cli, FILE)).toEqual({ created: 2, updated: 0, unchanged: 1 });
    const rows = await companies();
    expect(rows.map((r) => r.code)).toEqual(['ACME', 'CITY', 'INITECH']);
    expect(rows[2]).toMatchObject({
      billing_email: 'billing@initech.test',
      invoice_addressee: '経理部',
      payer_kana_names: ['ｲﾆﾃﾂｸ(ｶ', 'ｲﾆﾃﾂｸ'],
      billing_agency: true,
    });
    expect(rows[1]).toMatchObject({ billing_email: null, excl_public_sector: true });
    const audit = await auditRows();
    expect(audit.map((a) => [a.action, a.actor_label])).toEqual([
      ['company.create', 'cli:import-test'],
      ['company.create', 'cli:import-test'],
    ]);
  });

  it('changes nothing when the same file comes again', async () => {
    const before = await companies();
    const auditBefore = (await auditRows()).length;
    expect(await importCompanies(env.ctx, cli, FILE)).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(await companies()).toEqual(before);
    expect((await auditRows()).length).toBe(auditBefore);
  });

  it('updates a changed row, and keeps what the file has no column for', async () => {
    const changed = `code,name,name_kana,billing_agency,billing_email\nINITECH,イニテック HD,イニテック,yes,billing@initech.test\nCITY,千代田区役所,チヨダクヤクシヨ,true,\n`;
    expect(await importCompanies(env.ctx, cli, changed)).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const initech = (await companies()).find((c) => c.code === 'INITECH')!;
    expect(initech).toMatchObject({ name: 'イニテック HD', invoice_addressee: '経理部', payer_kana_names: ['ｲﾆﾃﾂｸ(ｶ', 'ｲﾆﾃﾂｸ'] });
    const update = (await auditRows()).at(-1)!;
    expect(update).toMatchObject({ action: 'company.update', entity_id: initech.id });
    expect(update.before).toMatchObject({ name: 'イニテック株式会社' });
    expect(update.after).toMatchObject({ name: 'イニテック HD' });
  });

  it('reports every bad row by line and column, and imports nothing', async () => {
    const before = await companies();
    const bad = [
      HEADER,
      'NEWCO,New Co,,yes,,,,',
      'ACME,ACME renamed,テスト,yes,billing@acme.test,,,',
      'bad code,,,perhaps,not-mail,,,',
      'NEWCO,Again,,no,,,,maybe',
      'SHORT,row',
    ].join('\n');
    const error = await refusal(bad);
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      [
        'The file has 7 errors; nothing was imported.',
        'line 4, column code: "bad code" is not a valid code (letters, digits, - and _, at most 32, starting with a letter or digit)',
        'line 4, column billing_email: "not-mail" is not an e-mail address',
        'line 4, column name: required',
        'line 4, column billing_agency: "perhaps" is not yes/no, true/false, 1/0 or はい/いいえ',
        'line 5, column code: NEWCO already appears on line 2',
        'line 5, column excl_public_sector: "maybe" is not yes/no, true/false, 1/0 or はい/いいえ',
        'line 6, column name_kana: missing value: the row has 2 fields, the header 8',
      ].join('\n'),
    );
    expect(error.details).toHaveLength(7);
    expect((error.details as { line: number }[]).map((d) => d.line)).toEqual([4, 4, 4, 4, 5, 5, 6]);
    expect(await companies()).toEqual(before);
  });

  it('stores the optional corporate number, audited, and refuses a file with a bad one', async () => {
    // 5010401067252: check digit 5 over 010401067252 (worked out in corporate-number.unit.test.ts).
    const withNumber = `code,name,name_kana,billing_agency,billing_email,corporate_number\nCITY,千代田区役所,チヨダクヤクシヨ,true,,5010401067252\n`;
    expect(await importCompanies(env.ctx, cli, withNumber)).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const city = (await companies()).find((c) => c.code === 'CITY')!;
    expect(city.corporate_number).toBe('5010401067252');
    const update = (await auditRows()).at(-1)!;
    expect(update).toMatchObject({ action: 'company.update', entity_id: city.id });
    expect([update.before, update.after]).toMatchObject([{ corporateNumber: null }, { corporateNumber: '5010401067252' }]);

    const error = await refusal(withNumber.replace('5010401067252', '6010401067252'));
    expect(error.message).toContain('line 2, column corporate_number: "6010401067252" is not a corporate number');
    expect((await companies()).find((c) => c.code === 'CITY')!.corporate_number).toBe('5010401067252');
  });

  it('refuses a file with a broken header', async () => {
    const error = await refusal('code,name\nX,Y\n');
    expect(error.message).toContain('line 1, column name_kana: required column is missing from the header');
  });

  it('is for admins only', async () => {
    const error = await importCompanies(
      env.ctx,
      { actor: { kind: 'staff', userId: crypto.randomUUID(), email: 'b@reseller.test', role: 'billing' } },
      FILE,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403 });
  });
});
