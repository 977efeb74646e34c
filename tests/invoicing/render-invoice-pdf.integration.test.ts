import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderInvoicePdf } from '../../src/modules/invoicing/document/render-invoice-pdf.ts';
import { openPdf, pageTexts, renderPagePng } from './pdf-reader.ts';
import { longInvoice, SAMPLE_CREDIT_NOTE, SAMPLE_INVOICE } from './sample-documents.ts';

const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-artifacts/screenshots');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Text as extracted, without the spaces PDF.js puts between runs, so a phrase drawn in pieces still matches. */
const compact = (text: string) => text.replace(/\s+/g, '');

describe('qualified invoice PDF', () => {
  let pdf: Buffer;
  let text: string;
  beforeAll(async () => {
    pdf = await renderInvoicePdf(SAMPLE_INVOICE);
    text = (await pageTexts(pdf)).join('\n');
  });

  it('is one A4 page', async () => {
    const doc = await openPdf(pdf);
    expect(doc.numPages).toBe(1);
    const { width, height } = (await doc.getPage(1)).getViewport({ scale: 1 });
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    await doc.destroy();
  });

  it('reads back with every field of a qualified invoice', () => {
    const all = compact(text);
    expect(all).toContain('請求書');
    expect(all).toContain('登録番号T9234567890123');
    expect(all).toContain('株式会社ダイコウ');
    expect(all).toContain('株式会社サクラ製作所御中');
    expect(all).toContain('請求書番号202603-00042');
    expect(all).toContain('発行日2026年3月5日');
    expect(all).toContain('取引期間2026年2月1日〜2026年2月28日');
    // Subtotal per rate, the rate, the tax per rate, the total (hand-computed in sample-documents.ts).
    expect(all).toContain('10%対象¥353,583');
    expect(all).toContain('消費税（10%）¥35,358');
    expect(all).toContain('合計（税込）¥388,941');
    expect(all).toContain('お支払期限2026年4月30日');
    expect(all).toContain('みらい銀行丸の内支店普通1234567');
    expect(all).toContain('口座名義カ)ダイコウ');
  });

  it('shows each converted line with its USD amount, rate and yen', () => {
    const all = compact(text);
    expect(all).toContain('210000000001');
    expect(all).toContain('AmazonEC2');
    expect(all).toContain('1,234.56150.122026-03-03185,33210%');
    expect(all).toContain('1,000.00149.802026-02-14149,80010%');
    expect(all).toContain('テクニカルサポート（月額）');
    expect(all).toContain('小計¥198,783'); // the usage section: 185,332 + 13,376 + 75
  });

  it('embeds a subset of the Japanese font', () => {
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+BIZUDPGothic/);
    expect(raw).toContain('/FontFile2');
    expect(raw).toContain('/ToUnicode');
    // The full font is 4.5 MB; the used glyphs of two weights stay small.
    expect(pdf.length).toBeLessThan(150_000);
  });

  it('renders the same bytes for the same document, dated on its issue date', async () => {
    const again = await renderInvoicePdf(structuredClone(SAMPLE_INVOICE));
    expect(sha256(again)).toBe(sha256(pdf));
    const other = await renderInvoicePdf({ ...SAMPLE_INVOICE, number: '202603-00099' });
    expect(sha256(other)).not.toBe(sha256(pdf));
    const doc = await openPdf(pdf);
    const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown> };
    // 2026-03-05 00:00 in Tokyo is 2026-03-04 15:00 UTC.
    expect(info.CreationDate).toBe('D:20260304150000Z');
    await doc.destroy();
  });

  it('saves a screenshot of the page', async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const png = await renderPagePng(pdf, 1);
    writeFileSync(path.join(SCREENSHOT_DIR, 'invoice-pdf-page-1.png'), png);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(50_000); // a drawn page, not a blank one
  });
});

describe('a long invoice', () => {
  let pages: string[];
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await renderInvoicePdf(longInvoice());
    pages = await pageTexts(pdf);
  });

  it('flows onto further pages, repeating the header and numbering the pages', () => {
    // 90 rows of about 24 pt: more than three pages' worth, however the layout is tuned.
    expect(pages.length).toBeGreaterThanOrEqual(4);
    pages.forEach((page, i) => expect(compact(page)).toContain(`202603-00043${i + 1}/${pages.length}`));
    for (const page of pages.slice(1)) expect(compact(page)).toContain('請求書（続き）請求書番号202603-00043株式会社サクラ製作所御中');
    // Every later page that carries lines repeats the table header and the section heading.
    for (const page of pages.slice(1).filter((p) => p.includes('サービス明細'))) {
      expect(compact(page)).toContain('AWSアカウントサービス・内容金額(USD)為替レート金額(円)税率');
      expect(compact(page)).toContain('AWS利用料（従量課金）（続き）');
    }
  });

  it('keeps every line exactly once and ends with the totals', () => {
    const all = compact(pages.join('\n'));
    const lineNumbers = [...all.matchAll(/サービス明細(\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    expect(lineNumbers).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    const last = compact(pages.at(-1)!);
    expect(last).toContain('合計（税込）¥99,000');
    expect(last).toContain('消費税（10%）¥9,000');
  });

  it('saves a screenshot of a continuation page', async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(path.join(SCREENSHOT_DIR, 'invoice-pdf-long-page-2.png'), await renderPagePng(pdf, 2));
  });
});

describe('a return invoice (credit note)', () => {
  it('is titled 適格返還請求書 and names the invoice it corrects, without a transfer account', async () => {
    const pdf = await renderInvoicePdf(SAMPLE_CREDIT_NOTE);
    const all = compact((await pageTexts(pdf)).join('\n'));
    expect(all).toContain('適格返還請求書');
    expect(all).toContain('返還請求書番号CN202603-00001');
    expect(all).toContain('元の請求書番号202603-00042');
    expect(all).toContain('株式会社サクラ製作所経理部御中');
    expect(all).toContain('返還金額（税込）¥14,713');
    expect(all).toContain('消費税（10%）¥1,337');
    expect(all).toContain('登録番号T9234567890123');
    expect(all).not.toContain('お振込先');
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(path.join(SCREENSHOT_DIR, 'credit-note-pdf-page-1.png'), await renderPagePng(pdf, 1));
  });
});
