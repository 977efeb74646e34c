import fs from 'node:fs';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { csvLine } from '../../src/modules/costs/generator/columns.ts';
import { generateCur, type GeneratorAccount } from '../../src/modules/costs/generator/generate-cur.ts';

export type Spike = { accountId: string; serviceCode: string; date: string; usd: string };

/**
 * A generated month of legacy CUR (the costs module's generator) with extra lines written into its
 * data file as AWS would deliver them: a usage line of `spike.serviceCode` on `spike.date` costing
 * `spike.usd`, and optionally a line of a restricted service (Amazon Chime).
 */
export async function generateSpikedMonth(options: {
  outDir: string;
  month: string;
  accounts: GeneratorAccount[];
  spike: Spike;
  chime?: { accountId: string; date: string; usd: string };
}) {
  const summary = await generateCur({
    outDir: options.outDir,
    accounts: options.accounts,
    months: 1,
    start: options.month,
    rowsPerMonth: 3000,
    seed: 7,
  });
  const file = summary.months[0]!.current.dataFiles[0]!;
  const rows: string[][] = parse(zlib.gunzipSync(fs.readFileSync(file)));
  const header = rows[0]!;
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`no column ${name}`);
    return i;
  };
  const [account, start, end, type, code, name, cost] = [
    'lineItem/UsageAccountId',
    'lineItem/UsageStartDate',
    'lineItem/UsageEndDate',
    'lineItem/LineItemType',
    'lineItem/ProductCode',
    'product/ProductName',
    'lineItem/UnblendedCost',
  ].map(col) as number[];
  const usageOf = (accountId: string, serviceCode?: string) => {
    const found = rows.find(
      (r) => r[account!] === accountId && r[type!] === 'Usage' && (serviceCode === undefined || r[code!] === serviceCode),
    );
    if (!found) throw new Error(`no usage line of ${accountId} ${serviceCode ?? ''}`);
    return found;
  };
  const onDay = (row: string[], date: string) => {
    const copy = [...row];
    copy[start!] = `${date}T00:00:00Z`;
    copy[end!] = `${date}T23:59:59Z`;
    return copy;
  };
  const extra: string[][] = [];
  const spike = onDay(usageOf(options.spike.accountId, options.spike.serviceCode), options.spike.date);
  spike[cost!] = options.spike.usd;
  extra.push(spike);
  if (options.chime) {
    const chime = onDay(usageOf(options.chime.accountId), options.chime.date);
    chime[code!] = 'AmazonChime';
    chime[name!] = 'Amazon Chime';
    chime[cost!] = options.chime.usd;
    extra.push(chime);
  }
  const text = [...rows, ...extra].map((r) => csvLine(r)).join('');
  fs.writeFileSync(file, zlib.gzipSync(text));
  return summary;
}
