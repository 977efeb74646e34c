import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { formatJapaneseDate, formatUsd, formatYen, formatYenWithSign } from './format.ts';
import {
  InvoiceDocument,
  sumYen,
  type InvoiceDocumentInput,
  type InvoiceLine,
  type InvoiceSection,
  type SectionKind,
} from './invoice-document.ts';

/**
 * The qualified invoice (適格請求書) or return invoice (適格返還請求書) as a Japanese A4 PDF.
 *
 * The font is BIZ UDPGothic (Morisawa's universal-design gothic, SIL OFL) from the npm package
 * @expo-google-fonts/biz-udpgothic: installed by `npm ci` like any dependency, read from disk,
 * never downloaded at run time. PDFKit embeds only the glyphs used (a subset) with a ToUnicode
 * map, so the text can be searched and extracted. The font files are parsed once per process and
 * the parsed fonts shared by every document: parsing them is most of a document's cost otherwise.
 *
 * The same document always gives the same bytes (its SHA-256 is stored at finalization): the
 * creation date is the issue date and nothing else depends on the clock.
 */
export async function renderInvoicePdf(input: InvoiceDocumentInput): Promise<Buffer> {
  const doc = InvoiceDocument.parse(input);
  const created = new Date(`${doc.issueDate}T00:00:00+09:00`);
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: 0 },
    bufferPages: true,
    autoFirstPage: false,
    lang: 'ja-JP',
    displayTitle: true,
    info: {
      Title: `${titleOf(doc)} ${doc.number}`,
      Author: doc.issuer.legalName,
      Subject: `${doc.customer.name} ${formatJapaneseDate(doc.transactionPeriod.from)}〜${formatJapaneseDate(doc.transactionPeriod.to)}`,
      Creator: 'Daiko',
      Producer: 'Daiko',
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });
  // PDFKit takes a parsed fontkit font as well as a file (its types only list the latter).
  pdf.registerFont(REGULAR, fonts().regular as unknown as Buffer);
  pdf.registerFont(BOLD, fonts().bold as unknown as Buffer);
  new InvoiceLayout(pdf, doc).draw();
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}

const REGULAR = 'BIZUDPGothic';
const BOLD = 'BIZUDPGothic-Bold';
const MARGIN = 40;
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
/** Lowest y a table row or block may reach; the footer lives below. */
const CONTENT_BOTTOM = PAGE_HEIGHT - 56;

/** A full-width space: how Japanese documents separate a label from its value. */
const GAP = '\u3000';

const INK = '#1f2933';
const MUTED = '#5f6b7a';
const RULE = '#c5ccd6';
const HEADER_FILL = '#2f3b4c';
const SECTION_FILL = '#e8edf3';

let loadedFonts: { regular: fontkit.Font; bold: fontkit.Font } | undefined;
function fonts() {
  if (!loadedFonts) {
    const require = createRequire(import.meta.url);
    loadedFonts = {
      regular: parseFont(require.resolve('@expo-google-fonts/biz-udpgothic/400Regular/BIZUDPGothic_400Regular.ttf')),
      bold: parseFont(require.resolve('@expo-google-fonts/biz-udpgothic/700Bold/BIZUDPGothic_700Bold.ttf')),
    };
  }
  return loadedFonts;
}

function parseFont(path: string): fontkit.Font {
  const font = fontkit.create(readFileSync(path));
  if ('fonts' in font) throw new Error(`${path} is a font collection, not a single font`);
  return font;
}

const SECTION_TITLES: Record<SectionKind, string> = {
  usage: 'AWS 利用料（従量課金）',
  commitment: 'リザーブドインスタンス・Savings Plans',
  purchase: '前払い購入（一括前払い）',
  marketplace: 'AWS Marketplace',
  refund: '返金',
  adjustment: '調整',
  custom: 'その他',
};

const titleOf = (doc: InvoiceDocument) => (doc.kind === 'invoice' ? '請求書' : '適格返還請求書');

type Column = { label: string; width: number; align: 'left' | 'right' };
const COLUMNS = {
  account: { label: 'AWS アカウント', width: 112, align: 'left' },
  item: { label: 'サービス・内容', width: 171, align: 'left' },
  usd: { label: '金額 (USD)', width: 70, align: 'right' },
  rate: { label: '為替レート', width: 64, align: 'right' },
  jpy: { label: '金額 (円)', width: 72, align: 'right' },
  tax: { label: '税率', width: 26, align: 'right' },
} satisfies Record<string, Column>;
type ColumnKey = keyof typeof COLUMNS;
const COLUMN_ORDER: ColumnKey[] = ['account', 'item', 'usd', 'rate', 'jpy', 'tax'];
const CELL_PADDING = 4;
const MAIN_SIZE = 8;
const SUB_SIZE = 6.5;

type Cell = { main: string; sub?: string | null };

class InvoiceLayout {
  private y = MARGIN;
  private pageCount = 0;

  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    private readonly doc: InvoiceDocument,
  ) {}

  draw() {
    this.newPage();
    this.firstPageHeader();
    this.tableHeader();
    for (const section of this.doc.sections) this.section(section);
    this.totals();
    this.paymentAndNotes();
    this.footers();
  }

  // ---- pages

  private newPage() {
    this.pdf.addPage({ size: 'A4', margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: 0 } });
    this.pageCount++;
    this.y = MARGIN;
    if (this.pageCount > 1) this.continuationHeader();
  }

  /** Moves to a new page unless `height` still fits; true when it did. */
  private ensureRoom(height: number) {
    if (this.y + height <= CONTENT_BOTTOM) return false;
    this.newPage();
    return true;
  }

  private continuationHeader() {
    const { pdf, doc } = this;
    this.text(`${titleOf(doc)}（続き）`, MARGIN, this.y, { font: BOLD, size: 11 });
    this.text(`${doc.kind === 'invoice' ? '請求書番号' : '番号'} ${doc.number}`, MARGIN, this.y + 2, {
      size: 8,
      width: CONTENT_WIDTH,
      align: 'right',
      color: MUTED,
    });
    this.y += 18;
    this.text(`${doc.customer.name} 御中`, MARGIN, this.y, { size: 8, color: MUTED });
    this.y += 14;
    pdf
      .moveTo(MARGIN, this.y)
      .lineTo(MARGIN + CONTENT_WIDTH, this.y)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    this.y += 10;
  }

  private footers() {
    const { pdf, doc } = this;
    const range = pdf.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      pdf.switchToPage(range.start + i);
      const y = PAGE_HEIGHT - 36;
      pdf
        .moveTo(MARGIN, y - 6)
        .lineTo(MARGIN + CONTENT_WIDTH, y - 6)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      this.text(`${doc.issuer.legalName}${GAP}登録番号 ${doc.issuer.registrationNumber}`, MARGIN, y, { size: 7, color: MUTED });
      this.text(`${doc.number}${GAP}${i + 1} / ${range.count}`, MARGIN, y, { size: 7, color: MUTED, width: CONTENT_WIDTH, align: 'right' });
    }
  }

  // ---- first page

  private firstPageHeader() {
    const { pdf, doc } = this;
    const isInvoice = doc.kind === 'invoice';
    this.text(titleOf(doc), MARGIN, this.y, { font: BOLD, size: 20, width: CONTENT_WIDTH, align: 'center' });
    if (isInvoice) this.text('（適格請求書）', MARGIN, this.y + 26, { size: 8, width: CONTENT_WIDTH, align: 'center', color: MUTED });

    this.y += 44;

    // Addressee (left) and issuer (right).
    const top = this.y;
    const leftWidth = 280;
    const addressee = doc.customer.addressee ? doc.customer.name : `${doc.customer.name}${GAP}御中`;
    this.text(addressee, MARGIN, this.y, { font: BOLD, size: 13, width: leftWidth });
    this.y += pdf.heightOfString(addressee, { width: leftWidth }) + 2;
    pdf
      .moveTo(MARGIN, this.y)
      .lineTo(MARGIN + leftWidth, this.y)
      .lineWidth(0.8)
      .strokeColor(INK)
      .stroke();
    this.y += 5;
    if (doc.customer.addressee) {
      this.text(doc.customer.addressee, MARGIN, this.y, { size: 10, width: leftWidth });
      this.y += 15;
    }
    if (doc.customer.postalAddress) {
      this.text(doc.customer.postalAddress, MARGIN, this.y, { size: 8.5, width: leftWidth, color: MUTED });
      this.y += pdf.heightOfString(doc.customer.postalAddress, { width: leftWidth }) + 4;
    }
    this.y += 6;
    this.text(isInvoice ? '下記のとおりご請求申し上げます。' : '下記のとおり返還いたします。', MARGIN, this.y, { size: 9 });
    const leftBottom = this.y + 14;

    // Right column: the document's number and dates, then the issuer.
    const issuerX = MARGIN + CONTENT_WIDTH - 210;
    const meta: [string, string][] = [
      [isInvoice ? '請求書番号' : '返還請求書番号', doc.number],
      ['発行日', formatJapaneseDate(doc.issueDate)],
    ];
    if (!isInvoice && doc.originalInvoiceNumber) meta.push(['元の請求書番号', doc.originalInvoiceNumber]);
    meta.forEach(([label, value], i) => this.labelValue(label, value, issuerX, top + i * 13, 210, 8.5));
    let iy = top + meta.length * 13 + 10;
    const issuer = doc.issuer;
    this.text(issuer.legalName, issuerX, iy, { font: BOLD, size: 11, width: 210 });
    iy += 17;
    for (const line of [issuer.postalCode ? `〒${issuer.postalCode}` : null, issuer.address, issuer.phone ? `TEL ${issuer.phone}` : null]) {
      if (!line) continue;
      this.text(line, issuerX, iy, { size: 8.5, width: 210 });
      iy += pdf.heightOfString(line, { width: 210 }) + 2;
    }
    iy += 2;
    this.text(`登録番号${GAP}${issuer.registrationNumber}`, issuerX, iy, { font: BOLD, size: 9, width: 210 });
    iy += 14;
    this.y = Math.max(leftBottom, iy) + 10;

    this.summaryBox();
  }

  /** The amount due in a box, with the period and the due date beside it. */
  private summaryBox() {
    const { pdf, doc } = this;
    const boxWidth = 280;
    const height = 48;
    pdf.rect(MARGIN, this.y, boxWidth, height).lineWidth(1).strokeColor(INK).stroke();
    this.text(doc.kind === 'invoice' ? 'ご請求金額（税込）' : '返還金額（税込）', MARGIN + 10, this.y + 8, { size: 9 });
    this.text(formatYenWithSign(doc.totalJpy), MARGIN + 10, this.y + 20, { font: BOLD, size: 18, width: boxWidth - 20, align: 'right' });

    const x = MARGIN + boxWidth + 20;
    const width = CONTENT_WIDTH - boxWidth - 20;
    const period = `${formatJapaneseDate(doc.transactionPeriod.from)} 〜 ${formatJapaneseDate(doc.transactionPeriod.to)}`;
    this.labelValue('取引期間', period, x, this.y + 6, width, 8.5);
    if (doc.dueDate)
      this.labelValue(
        doc.kind === 'invoice' ? 'お支払期限' : '返還期日',
        formatJapaneseDate(doc.dueDate),
        x,
        this.y + 22,
        width,
        8.5,
        BOLD,
      );
    this.y += height + 16;
  }

  // ---- the lines

  private tableHeader() {
    const { pdf } = this;
    const height = 16;
    pdf.rect(MARGIN, this.y, CONTENT_WIDTH, height).fill(HEADER_FILL);
    let x = MARGIN;
    for (const key of COLUMN_ORDER) {
      const column = COLUMNS[key];
      this.text(column.label, x + CELL_PADDING, this.y + 4.5, {
        size: 7.5,
        width: column.width - 2 * CELL_PADDING,
        align: column.align,
        color: '#ffffff',
        font: BOLD,
      });
      x += column.width;
    }
    this.y += height;
  }

  private section(section: InvoiceSection) {
    const title = section.title ?? SECTION_TITLES[section.kind];
    const subtotal = sumYen(section.lines.map((l) => l.jpy));
    const first = section.lines[0]!;
    // A heading never sits alone at the bottom of a page.
    if (this.ensureRoom(SECTION_HEADING_HEIGHT + this.rowHeight(first))) this.tableHeader();
    this.sectionHeading(title, subtotal, false);
    for (const line of section.lines) {
      const height = this.rowHeight(line);
      if (this.ensureRoom(height)) {
        this.tableHeader();
        this.sectionHeading(title, subtotal, true);
      }
      this.row(line, height);
    }
    this.y += 4;
  }

  private sectionHeading(title: string, subtotal: bigint, continued: boolean) {
    const { pdf } = this;
    pdf.rect(MARGIN, this.y, CONTENT_WIDTH, SECTION_HEADING_HEIGHT).fill(SECTION_FILL);
    this.text(continued ? `${title}（続き）` : title, MARGIN + CELL_PADDING, this.y + 4.5, { font: BOLD, size: 8 });
    this.text(`小計 ${formatYenWithSign(subtotal)}`, MARGIN, this.y + 4.5, {
      font: BOLD,
      size: 8,
      width: CONTENT_WIDTH - CELL_PADDING - COLUMNS.tax.width,
      align: 'right',
    });
    this.y += SECTION_HEADING_HEIGHT;
  }

  private cellsOf(line: InvoiceLine): Record<ColumnKey, Cell> {
    const service = line.service && line.service !== line.description ? line.service : null;
    return {
      account: { main: line.accountId ?? '—', sub: line.accountName },
      item: service ? { main: service, sub: line.description } : { main: line.description },
      usd: { main: line.usd === null ? '—' : formatUsd(line.usd) },
      rate: line.rate ? { main: line.rate.usdJpy, sub: line.rate.rateDate } : { main: '—' },
      jpy: { main: formatYen(line.jpy) },
      tax: { main: `${line.taxRate}%` },
    };
  }

  private rowHeight(line: InvoiceLine) {
    const { pdf } = this;
    const cells = this.cellsOf(line);
    let height = 0;
    for (const key of COLUMN_ORDER) {
      const width = COLUMNS[key].width - 2 * CELL_PADDING;
      const cell = cells[key];
      pdf.font(REGULAR).fontSize(MAIN_SIZE);
      let h = fitsOneLine(pdf, cell.main, width) ? MAIN_SIZE * 1.25 : pdf.heightOfString(cell.main, { width });
      if (cell.sub) {
        pdf.fontSize(SUB_SIZE);
        h += pdf.heightOfString(cell.sub, { width }) + 1;
      }
      height = Math.max(height, h);
    }
    return height + 2 * CELL_PADDING + 1.5;
  }

  private row(line: InvoiceLine, height: number) {
    const { pdf } = this;
    const cells = this.cellsOf(line);
    let x = MARGIN;
    for (const key of COLUMN_ORDER) {
      const column = COLUMNS[key];
      const width = column.width - 2 * CELL_PADDING;
      const cell = cells[key];
      const top = this.y + CELL_PADDING;
      // Numbers never wrap: a long USD amount shrinks to fit its column instead.
      const size = column.align === 'right' ? shrinkToFit(pdf, cell.main, width, MAIN_SIZE) : MAIN_SIZE;
      this.text(cell.main, x + CELL_PADDING, top, { size, width, align: column.align });
      if (cell.sub) {
        pdf.font(REGULAR).fontSize(MAIN_SIZE);
        const mainHeight = fitsOneLine(pdf, cell.main, width) ? MAIN_SIZE * 1.25 : pdf.heightOfString(cell.main, { width });
        this.text(cell.sub, x + CELL_PADDING, top + mainHeight + 1, { size: SUB_SIZE, width, align: column.align, color: MUTED });
      }
      x += column.width;
    }
    this.y += height;
    pdf
      .moveTo(MARGIN, this.y)
      .lineTo(MARGIN + CONTENT_WIDTH, this.y)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
  }

  // ---- totals, payment, notes

  /** Subtotal, the amount and the tax per rate (適格請求書の記載事項), and the total. */
  private totals() {
    const { doc } = this;
    const rows: { label: string; value: string; bold?: boolean }[] = [{ label: '小計（税抜）', value: formatYenWithSign(doc.subtotalJpy) }];
    for (const t of doc.taxSummary) {
      rows.push({ label: `${t.rate}%対象`, value: formatYenWithSign(t.taxableJpy) });
      rows.push({ label: `消費税（${t.rate}%）`, value: formatYenWithSign(t.taxJpy) });
    }
    rows.push({ label: '合計（税込）', value: formatYenWithSign(doc.totalJpy), bold: true });
    const rowHeight = 16;
    this.y += 6;
    this.ensureRoom(rows.length * rowHeight + 6);
    const width = 230;
    const x = MARGIN + CONTENT_WIDTH - width;
    for (const [i, row] of rows.entries()) {
      const last = i === rows.length - 1;
      if (last)
        this.pdf
          .moveTo(x, this.y)
          .lineTo(x + width, this.y)
          .lineWidth(0.8)
          .strokeColor(INK)
          .stroke();
      const font = row.bold ? BOLD : REGULAR;
      const size = last ? 11 : 9;
      this.text(row.label, x + 4, this.y + 4, { font, size });
      this.text(row.value, x, this.y + 4, { font, size, width: width - 4, align: 'right' });
      this.y += last ? rowHeight + 4 : rowHeight;
    }
    this.y += 10;
  }

  private paymentAndNotes() {
    const { pdf, doc } = this;
    if (doc.kind === 'invoice') {
      const bank = doc.issuer.bank;
      const lines = [
        `${bank.bankName}${GAP}${bank.branchName}${GAP}${bank.accountType}${GAP}${bank.accountNumber}`,
        `口座名義${GAP}${bank.accountHolder}`,
      ];
      const height = 16 + lines.length * 13 + 8;
      this.ensureRoom(height);
      pdf.rect(MARGIN, this.y, CONTENT_WIDTH, height).lineWidth(0.6).strokeColor(RULE).stroke();
      this.text('お振込先', MARGIN + 10, this.y + 7, { font: BOLD, size: 9 });
      lines.forEach((line, i) => this.text(line, MARGIN + 10, this.y + 22 + i * 13, { size: 9 }));
      if (doc.dueDate)
        this.text(`お支払期限${GAP}${formatJapaneseDate(doc.dueDate)}`, MARGIN, this.y + 7, {
          font: BOLD,
          size: 9,
          width: CONTENT_WIDTH - 10,
          align: 'right',
        });
      this.y += height + 10;
    }
    const sources = [...new Set(doc.sections.flatMap((s) => s.lines.flatMap((l) => (l.rate ? [l.rate.source] : []))))];
    const notes = [
      ...(sources.length
        ? [`為替レートは USD 1 ドルあたりの円（${sources.join('・')}）、下段はその適用日です。円換算は行ごとに行っています。`]
        : []),
      ...doc.notes,
    ];
    if (notes.length === 0) return;
    pdf.font(REGULAR).fontSize(8);
    const heights = notes.map((n) => pdf.heightOfString(n, { width: CONTENT_WIDTH - 10 }) + 3);
    this.ensureRoom(14 + (heights[0] ?? 0));
    this.text('備考', MARGIN, this.y, { font: BOLD, size: 9 });
    this.y += 14;
    notes.forEach((note, i) => {
      this.ensureRoom(heights[i]!);
      this.text(note, MARGIN + 10, this.y, { size: 8, width: CONTENT_WIDTH - 10 });
      this.y += heights[i]!;
    });
  }

  // ---- drawing helpers

  private labelValue(label: string, value: string, x: number, y: number, width: number, size: number, valueFont = REGULAR) {
    this.text(label, x, y, { size, color: MUTED });
    this.text(value, x, y, { size, width, align: 'right', font: valueFont });
  }

  private text(
    value: string,
    x: number,
    y: number,
    options: { font?: string; size?: number; width?: number; align?: 'left' | 'right' | 'center'; color?: string },
  ) {
    this.pdf
      .font(options.font ?? REGULAR)
      .fontSize(options.size ?? 9)
      .fillColor(options.color ?? INK)
      .text(value, x, y, { width: options.width, align: options.align ?? 'left', lineBreak: options.width !== undefined, lineGap: 1 });
  }
}

const SECTION_HEADING_HEIGHT = 16;

function fitsOneLine(pdf: PDFKit.PDFDocument, text: string, width: number) {
  return !text.includes('\n') && pdf.widthOfString(text) <= width;
}

function shrinkToFit(pdf: PDFKit.PDFDocument, text: string, width: number, size: number) {
  pdf.font(REGULAR);
  let fitted = size;
  while (fitted > 5 && pdf.fontSize(fitted).widthOfString(text) > width) fitted -= 0.5;
  return fitted;
}
