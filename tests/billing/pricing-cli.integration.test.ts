import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `npx daiko pricing …` as an operator runs it: a real process on a real PGlite folder. */
const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiko-pricing-cli-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function daiko(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DAIKO_DATA_DIR: dir, LOG_LEVEL: 'warn', USER: 'operator' };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/daiko.mjs'), ...args], { env, cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function writeFile(name: string, text: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('npx daiko pricing', () => {
  it('shows the default policy, adds versions from a JSON file, refuses a bad one, and prints JSON', async () => {
    const companies = writeFile(
      'companies.csv',
      'code,name,name_kana,billing_agency,billing_email\nACME,アクメ株式会社,アクメ,yes,billing@acme.test\n',
    );
    expect((await daiko('import', 'companies', companies)).code).toBe(0);

    const fresh = await daiko('pricing', 'show', '--company', 'ACME', '--month', '2026-03');
    expect(fresh.stderr).toBe('');
    expect(fresh.stdout).toBe(
      [
        'ACME アクメ株式会社: billing-agency contract',
        'Policy in force for 2026-03: the default policy (SPEC §2)',
        '  Reseller discounts passed on: none (kept as margin)',
        '  Markup: global +0 %',
        '  Custom lines: none',
        '  Rounding: lines as the FX settings, consumption tax down',
        'Last invoiced month: none',
        'No versions: every month is billed with the default policy.',
        '',
      ].join('\n'),
    );

    const policy = writeFile(
      'policy.json',
      JSON.stringify({
        passedDiscounts: ['EdpDiscount'],
        markup: { global: '5', byService: { AmazonEC2: '-3.5' }, byBillingEntity: { 'AWS Marketplace': '0' } },
        customLines: [
          {
            description: '運用代行費',
            kind: 'fixed',
            amountJpy: '1250000',
            recurrence: 'recurring',
            fromMonth: '2026-04',
            toMonth: '2027-03',
          },
          { description: '初期設定費', kind: 'percent', percent: '2', recurrence: 'one-off', fromMonth: '2026-04' },
        ],
      }),
    );
    const set = await daiko('pricing', 'set', '--company', 'ACME', '--from', '2026-04', '--file', policy, '--note', '2026年度契約');
    expect(set.stderr).toBe('');
    expect(set.stdout).toBe(
      [
        'ACME: added version 1 effective from 2026-04 (was the default policy).',
        '  Reseller discounts passed on: EdpDiscount',
        '  Markup: global +5 %; AWS Marketplace +0 %; AmazonEC2 -3.5 %',
        '  Custom lines:',
        '    運用代行費: ¥1,250,000, monthly from 2026-04 to 2027-03',
        '    初期設定費: +2 % of the AWS subtotal, one-off in 2026-04',
        '  Rounding: lines as the FX settings, consumption tax down',
        '',
      ].join('\n'),
    );

    const bad = await daiko(
      'pricing',
      'set',
      '--company',
      'ACME',
      '--from',
      '2026-05',
      '--file',
      writeFile('bad.json', '{"markup":{"global":"five"}}'),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('policy.markup.global: a percent such as 10 or -5.5');
    const notJson = await daiko(
      'pricing',
      'set',
      '--company',
      'ACME',
      '--from',
      '2026-05',
      '--file',
      writeFile('broken.json', '{"markup":'),
    );
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('broken.json is not JSON');
    expect((await daiko('pricing', 'show', '--company', 'NOPE')).stderr).toContain('Company NOPE not found');

    const json = await daiko('pricing', 'show', '--company', 'ACME', '--month', '2026-06', '--json');
    const shown = JSON.parse(json.stdout) as {
      company: { code: string; billingAgency: boolean };
      month: string;
      inForce: {
        source: string;
        version: { version: number; effectiveFrom: string; note: string; createdBy: string };
        policy: { markup: { global: string } };
      };
      versions: unknown[];
      lastInvoicedMonth: string | null;
    };
    expect(shown.company).toMatchObject({ code: 'ACME', billingAgency: true });
    expect(shown.month).toBe('2026-06');
    expect(shown.inForce).toMatchObject({
      source: 'version',
      version: { version: 1, effectiveFrom: '2026-04', note: '2026年度契約', createdBy: 'cli:operator' },
    });
    expect(shown.inForce.policy.markup.global).toBe('5');
    expect(shown.versions).toHaveLength(1);
    expect(shown.lastInvoicedMonth).toBeNull();
  });
});
