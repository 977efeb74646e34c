import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerInvoiceSendCommands } from '../../src/cli/commands/invoice-send.ts';
import { tokyoDateOf } from '../../src/modules/calendar/rules/calendar-date.ts';
import { seedDemoIssuer } from '../../src/modules/invoicing/demo-issuer.ts';
import { invoiceDueDate } from '../../src/modules/invoicing/rules/invoice-due-date.ts';
import { bootstrap } from '../../src/platform/bootstrap.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { insertInvoice } from '../support/invoice-fixtures.ts';

/**
 * `npx daiko invoice send` / `pay` as an operator runs them, on a real PGlite folder: the commands
 * are registered on an `invoice` command here exactly as the CLI's main does.
 */
let dir: string;
const savedEnv = { ...process.env };

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiko-invoice-send-cli-'));
  process.env.DAIKO_DATA_DIR = dir;
  process.env.LOG_LEVEL = 'silent';
  delete process.env.DATABASE_URL;
  delete process.env.SMTP_URL;
});
afterAll(() => {
  process.env = savedEnv;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function withDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const { ctx, handle } = await bootstrap(loadConfig());
  try {
    return await fn(ctx.db);
  } finally {
    await handle.close();
  }
}

async function daiko(...args: string[]) {
  const program = new Command().exitOverride();
  registerInvoiceSendCommands(program.command('invoice'));
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void stdout.push(parts.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void stderr.push(parts.join(' ')));
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'daiko', 'invoice', ...args]);
    return { code: process.exitCode ?? 0, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  } finally {
    process.exitCode = undefined;
    log.mockRestore();
    error.mockRestore();
  }
}

describe('npx daiko invoice send / pay', () => {
  it('sends the month, reports a customer without billing e-mail, then records payments by invoice number', async () => {
    await withDatabase(async (db) => {
      await db.transaction().execute((tx) => seedDemoIssuer(tx));
      const companies = await db
        .insertInto('companies')
        .values([
          { code: 'ALPHA', name: 'ALPHA株式会社', billing_email: 'billing@alpha.test', invoice_addressee: null, postal_address: null },
          { code: 'BRAVO', name: 'BRAVO株式会社', billing_email: null, invoice_addressee: null, postal_address: null },
        ])
        .returning(['id', 'code'])
        .execute();
      const idOf = (code: string) => companies.find((c) => c.code === code)!.id;
      // ¥1,000,000 + tax ¥100,000 = ¥1,100,000.
      await insertInvoice(db, {
        companyId: idOf('ALPHA'),
        month: '2026-10',
        number: '202611-00001',
        subtotalJpy: 1_000_000n,
        taxJpy: 100_000n,
      });
      await insertInvoice(db, { companyId: idOf('BRAVO'), month: '2026-10', number: '202611-00002', subtotalJpy: 2_000n, taxJpy: 200n });
    });

    const today = tokyoDateOf(new Date());
    const sent = await daiko('send', '--month', '2026-10');
    expect(sent.code).toBe(1);
    expect(sent.stdout).toContain(
      `sent      ALPHA        202611-00001             ¥1,100,000  due ${invoiceDueDate(today)}  → billing@alpha.test`,
    );
    expect(sent.stdout).toContain('not sent  BRAVO        202611-00002         BRAVO has no billing e-mail');
    expect(sent.stdout).toContain(`2026-10: 1 sent on ${today}, 0 already sent, 0 not finalized yet, 1 not sent.`);

    const again = await daiko('send', '--month', '2026-10', '--company', 'ALPHA');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('2026-10: 0 sent');
    expect(again.stdout).toContain('1 already sent');

    const partial = await daiko('pay', '--number', '202611-00001', '--date', today, '--amount', '1,000,000', '--note', '11月分振込');
    expect(partial.stderr).toBe('');
    expect(partial.stdout).toContain(`Recorded ¥1,000,000 received on ${today} for invoice 202611-00001.`);
    expect(partial.stdout).toContain('Paid ¥1,000,000 of ¥1,100,000; balance ¥100,000; status partially-paid.');

    const over = await daiko('pay', '--number', '202611-00001', '--date', today, '--amount', '100500');
    expect(over.stdout).toContain('Paid ¥1,100,500 of ¥1,100,000; balance -¥500; status paid.');
    expect(over.stdout).toContain('warning: over-paid by ¥500');

    const unknown = await daiko('pay', '--number', 'NOPE', '--date', today, '--amount', '1');
    expect(unknown).toMatchObject({ code: 1, stderr: 'error: Invoice NOPE not found' });
    const unsent = await daiko('pay', '--number', '202611-00002', '--date', today, '--amount', '12.5');
    expect(unsent.code).toBe(1);
    expect(unsent.stderr).toContain('amountJpy');

    await withDatabase(async (db) => {
      const payments = await db.selectFrom('payments').select(['amount_jpy', 'note', 'recorded_by']).orderBy('created_at').execute();
      expect(payments.map((p) => [p.amount_jpy, p.note])).toEqual([
        ['1000000', '11月分振込'],
        ['100500', null],
      ]);
      expect(payments[0]!.recorded_by).toMatch(/^cli:/);
    });
  });
});
