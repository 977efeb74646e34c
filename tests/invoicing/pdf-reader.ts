import { createCanvas } from '@napi-rs/canvas';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Reads a PDF back the way a person's viewer would, with Mozilla's PDF.js (its legacy build runs
 * on Node 20): the text of each page, and a page drawn to PNG with Skia (@napi-rs/canvas).
 */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  // PDF.js takes ownership of the bytes it is given (and refuses a Buffer): hand it a plain copy.
  return getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
}

/** The text of every page, items joined as PDF.js reports them (a line break where a line ends). */
export async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdf = await openPdf(bytes);
  const texts: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''));
  }
  await pdf.destroy();
  return texts;
}

/** One page as a PNG, `scale` × 72 dpi. */
export async function renderPagePng(bytes: Uint8Array, pageNumber: number, scale = 2): Promise<Buffer> {
  const pdf = await openPdf(bytes);
  const page = await pdf.getPage(pageNumber);
  const viewport = page.getViewport({ scale });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({
    canvas: canvas as unknown as HTMLCanvasElement,
    canvasContext: context as unknown as CanvasRenderingContext2D,
    viewport,
  }).promise;
  await pdf.destroy();
  return canvas.encode('png');
}
