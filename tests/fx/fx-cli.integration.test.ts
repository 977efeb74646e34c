import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `npx daiko fx …` as an operator runs it: a real process on a real PGlite folder. */
const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;
let feed: http.Server;
let feedUrl: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiko-fx-cli-'));
  feed = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/csv' }).end('date,usd_jpy\n2024-11-08,153.06\n2024-11-11,153.80\n2024-11-12,154.57\n'),
  );
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/ttm.csv`;
});
afterAll(async () => {
  await new Promise((resolve) => feed.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function daiko(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DAIKO_DATA_DIR: dir, LOG_LEVEL: 'warn', DAIKO_FX_FEED_URL: feedUrl };
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

describe('npx daiko fx', () => {
  it('imports, explains the rate of a usage month, stops on a missing one, lists and syncs', async () => {
    const rates = writeFile(
      'ttm.csv',
      'date,usd_jpy\n2024-10-31,153.16\n2024-11-01,152.41\n2024-11-05,152.30\n2024-12-02,150.74\n2024-12-03,149.80\n2024-12-30,158.18\n',
    );
    const first = await daiko('fx', 'import', rates);
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toBe('FX rates: 6 created, 0 updated, 0 unchanged (MUFG, 2024-10-31 … 2024-12-30).');
    expect((await daiko('fx', 'import', rates)).stdout).toContain('0 created, 0 updated, 6 unchanged');

    const bad = await daiko('fx', 'import', writeFile('bad.csv', 'date,usd_jpy\n2024-11-06,151.90\n2024-13-01,150\n'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('line 3, column date: "2024-13-01" is not a date (YYYY-MM-DD)');

    const october = await daiko('fx', 'rate', '--usage-month', '2024-10');
    expect(october.code).toBe(0);
    expect(october.stdout).toContain('Usage month 2024-10: 1 USD = 152.41 JPY (MUFG TTM of 2024-11-01)');
    expect(october.stdout).toContain(
      'no rate on 2024-11-03 Sunday, 文化の日 (National Culture Day); 2024-11-02 Saturday; the nearest preceding day with a rate is 2024-11-01.',
    );

    const missing = await daiko('fx', 'rate', '--date', '2024-11-11');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing FX rate: needs the USD/JPY rate of 2024-11-11 (source MUFG) for the purchase on 2024-11-11');

    const synced = await daiko('fx', 'sync', '--from', '2024-11-06', '--to', '2024-11-11');
    expect(synced.stdout.trim()).toBe('FX rates: 2 created, 0 updated, 0 unchanged (MUFG, 2024-11-08 … 2024-11-11).');

    const listed = await daiko('fx', 'list', '--from', '2024-11-01', '--to', '2024-11-30', '--json');
    const json = JSON.parse(listed.stdout) as { source: string; rates: { date: string; usdJpy: string }[] };
    expect(json.source).toBe('MUFG');
    expect(json.rates.map((r) => `${r.date} ${r.usdJpy}`)).toEqual([
      '2024-11-01 152.41',
      '2024-11-05 152.30',
      '2024-11-08 153.06',
      '2024-11-11 153.80',
    ]);
  }, 300_000); // seven processes, each opening PGlite
});
