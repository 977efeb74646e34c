import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANIES } from '../../src/modules/demo/demo-data.ts';
import { DEMO_PAYER_ACCOUNT_ID } from '../../src/modules/demo/seed-demo-costs.ts';

/**
 * The `daiko` command and `npm start`'s server as an operator runs them: real processes on a real
 * PGlite folder. (The CLI's PostgreSQL path is the same services the API tests run on both engines.)
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const newDataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiko-cli-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function envFor(dataDir: string, extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, DAIKO_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  delete env.DATABASE_URL;
  return env;
}

async function daiko(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/daiko.mjs'), ...args], { env: envFor(dataDir), cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function writeCsv(dir: string, name: string, text: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('npx daiko', () => {
  it('migrates, imports a customer base idempotently, refuses a bad file whole, and creates users', async () => {
    const dir = newDataDir();
    const migrated = await daiko(dir, 'migrate');
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toMatch(/Applied \d+ migration\(s\)/);
    expect((await daiko(dir, 'migrate')).stdout).toContain('is up to date');

    const companies = writeCsv(dir, 'companies.csv', '\uFEFFcode,name,name_kana,billing_agency,billing_email\nKAEDE,株式会社カエデ,カエデ,yes,billing@kaede.example\nTSUBAKI,椿商事株式会社,ツバキシヨウジ,no,\n');
    const first = await daiko(dir, 'import', 'companies', companies);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('2 created, 0 updated, 0 unchanged');
    expect((await daiko(dir, 'import', 'companies', companies)).stdout).toContain('0 created, 0 updated, 2 unchanged');

    const accounts = writeCsv(dir, 'accounts.csv', 'account_id,company_code,name,from,to\n012345678901,KAEDE,kaede-prod,2026-01-01,\n012345678902,KAEDE,shared-sandbox,2026-01-01,2026-10-15\n012345678902,TSUBAKI,shared-sandbox,2026-10-15,\n');
    expect((await daiko(dir, 'import', 'accounts', accounts)).stdout).toContain('3 created');

    const bad = writeCsv(dir, 'bad.csv', 'account_id,company_code,name,from,to\n12345,KAEDE,short-id,2026-01-01,\n012345678903,NOPE,unknown-company,2026-01-01,\n');
    const refused = await daiko(dir, 'import', 'accounts', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/line 2, column account_id/);
    expect(refused.stderr).toMatch(/line 3, column company_code/);
    expect((await daiko(dir, 'import', 'accounts', accounts)).stdout).toContain('3 unchanged');

    const created = await daiko(dir, 'users', 'create', '--email', 'Rep@Kaede.example', '--name', '楓 太郎', '--role', 'representative', '--company', 'KAEDE');
    expect(created.stdout).toContain('Created customer user rep@kaede.example (representative)');
    expect(created.stdout).toMatch(/Temporary password: \w{4}-\w{4}-\w{4}-\w{4}/);
    const duplicate = await daiko(dir, 'users', 'create', '--email', 'rep@kaede.example', '--name', 'X', '--role', 'member', '--company', 'KAEDE');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');

    // Not a demo database: no codes, and no demo seeded over real data.
    expect((await daiko(dir, 'demo', 'code', 'rep@kaede.example')).stderr).toContain('not the demo database');
    expect((await daiko(dir, 'demo')).stderr).toContain('only into an empty one');
  });

  it('seeds the demo into an empty database and prints a demo user\'s current code', async () => {
    const dir = newDataDir();
    const seeded = await daiko(dir, 'demo');
    expect(seeded.stdout).toContain('rep@sakura.example');
    expect((await daiko(dir, 'demo', 'code', 'rep@sakura.example')).stdout.trim()).toMatch(/^\d{6}$/);
  });

  it('ingests the demo payer\'s cost reports over the registry\'s accounts', async () => {
    const dir = newDataDir();
    await daiko(dir, 'demo');
    const summary = JSON.parse((await daiko(dir, 'costs', 'summary', '--month', '2026-10', '--json')).stdout) as { by_account: Record<string, string> };
    // Every account in the organization during October, whichever company held it, and the payer's own fees.
    const inOctober = DEMO_COMPANIES.flatMap((c) => c.accounts).filter((a) => a.from < '2026-11-01' && (a.to === undefined || a.to > '2026-10-01'));
    expect(Object.keys(summary.by_account).sort()).toEqual([...new Set([...inOctober.map((a) => a.accountId), DEMO_PAYER_ACCOUNT_ID])].sort());
    for (const month of ['2026-08', '2026-09']) {
      const earlier = JSON.parse((await daiko(dir, 'costs', 'summary', '--month', month, '--json')).stdout) as { unblended_usd: string };
      expect(Number(earlier.unblended_usd)).toBeGreaterThan(0);
    }
  });
});

describe('the server started by npm start', () => {
  function start(dataDir: string, extra: Record<string, string> = {}) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: ROOT, env: envFor(dataDir, { PORT: '0', ...extra }) });
    let output = '';
    const ready = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const url = /Open (http:\/\/\S+?)\/ /.exec(output)?.[1];
        if (url) resolve(url);
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
    });
    return { child, ready, output: () => output };
  }

  it('seeds the demo only into an empty database, and never with DAIKO_DEMO=off', async () => {
    const off = newDataDir();
    const plain = start(off, { DAIKO_DEMO: 'off' });
    const url = await plain.ready;
    expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ status: 'ok' });
    plain.child.kill('SIGTERM');
    expect(plain.output()).not.toContain('Demo data seeded');

    const demoDir = newDataDir();
    const first = start(demoDir);
    await first.ready;
    expect(first.output()).toContain('Demo data seeded');
    expect(first.output()).toContain('admin@daiko.example');
    first.child.kill('SIGTERM');
    await new Promise((resolve) => first.child.on('exit', resolve));

    const second = start(demoDir);
    await second.ready;
    expect(second.output()).not.toContain('Demo data seeded');
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.on('exit', resolve));
  });
});
