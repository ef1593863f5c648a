import PDFDocument from 'pdfkit';

export type DocumentBlock =
  /** Indexed headings appear in the index with the page they start on. */
  | { kind: 'heading'; text: string; level: 1 | 2 | 3; indexed?: boolean }
  /** Line breaks in the text are kept. */
  | { kind: 'paragraph'; text: string }
  /** Label/value pairs, one per line, e.g. "Reference: RDR-2026-000001"; an empty value prints as "—". */
  | { kind: 'fields'; rows: { label: string; value: string }[] }
  | { kind: 'list'; items: string[] }
  /** Ignored at the top of a page, where it would only leave a blank page. */
  | { kind: 'page_break' };

export type DocumentSpec = {
  title: string;
  subtitle?: string;
  /** e.g. "Confidential: prepared for the hearing panel" — printed on every page's footer with "Page X of Y" */
  footer: string;
  /** When true, page 1 (after the title) carries an "Index" listing every indexed heading with the page it starts on. */
  index: boolean;
  blocks: DocumentBlock[];
  /** Fixed metadata so output is reproducible: PDF CreationDate and author. */
  createdAt: Date;
  author: string;
};

type Doc = PDFKit.PDFDocument;
type HeadingBlock = Extract<DocumentBlock, { kind: 'heading' }>;

const MARGINS = { top: 64, bottom: 72, left: 64, right: 64 };
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const BODY_SIZE = 10.5;
const LINE_GAP = 2;
const HEADING_SIZE = { 1: 16, 2: 13, 3: 11.5 } as const;
const TEXT_COLOUR = '#111111';
const MUTED_COLOUR = '#555555';
/** Wide enough for a four-digit page number, so the index never wraps differently once numbers are known. */
const INDEX_NUMBER_WIDTH = 32;

/**
 * Renders a document to a paginated A4 PDF: title, optional index, the
 * blocks in order, and a footer with "Page X of Y" on every page. With an
 * index, the body starts on the page after it.
 *
 * Text is drawn in Helvetica, which covers WinAnsi only; anything else is
 * shown as "?" (see `toWinAnsi`). The PDF's metadata keeps the exact title
 * and author.
 *
 * The same spec always gives the same bytes: the creation and modification
 * dates come from `spec.createdAt`, and PDFKit derives the trailer /ID from
 * an MD5 of the info dictionary rather than from randomness.
 */
export async function renderPdf(spec: DocumentSpec): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    // Pages stay in memory until end() so that index numbers and footers,
    // known only once the whole body is laid out, can be written afterwards.
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      // The info dictionary is written as UTF-16, so metadata keeps the text exactly as given.
      Title: spec.title,
      Author: spec.author,
      Creator: 'Redress',
      CreationDate: spec.createdAt,
      ModDate: spec.createdAt,
    },
  });
  const output = collect(doc);

  writeTitle(doc, spec);
  const indexSlots = spec.index ? reserveIndex(doc, spec.blocks) : [];
  const headingPages = writeBlocks(doc, spec.blocks);
  fillIndex(doc, indexSlots, headingPages);
  writeFooters(doc, spec.footer);

  doc.end();
  return output;
}

function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function writeTitle(doc: Doc, spec: DocumentSpec): void {
  const width = contentWidth(doc);
  doc.font(BOLD).fontSize(20).fillColor(TEXT_COLOUR).text(toWinAnsi(spec.title, true), MARGINS.left, doc.y, { width });
  if (spec.subtitle) {
    doc.moveDown(0.2).font(REGULAR).fontSize(12).fillColor(MUTED_COLOUR).text(toWinAnsi(spec.subtitle, true), MARGINS.left, doc.y, { width });
  }
  doc.moveDown(0.6);
  rule(doc, doc.y);
  doc.y += 14;
}

type IndexSlot = { blockIndex: number; page: number; y: number };

/**
 * Lays out the index entries now, without their page numbers, and remembers
 * where each number goes. The entry text sits in a column that leaves a fixed
 * gutter for the number, so filling it in later moves nothing: the body's
 * pagination, and so every number, is exactly what the reader will see.
 */
function reserveIndex(doc: Doc, blocks: DocumentBlock[]): IndexSlot[] {
  const width = contentWidth(doc);
  doc.font(BOLD).fontSize(HEADING_SIZE[1]).fillColor(TEXT_COLOUR).text('Index', MARGINS.left, doc.y, { width });
  doc.moveDown(0.4);
  doc.font(REGULAR).fontSize(BODY_SIZE);

  const slots: IndexSlot[] = [];
  blocks.forEach((block, blockIndex) => {
    if (block.kind !== 'heading' || !block.indexed) return;
    const indent = (block.level - 1) * 14;
    const options = { width: width - indent - INDEX_NUMBER_WIDTH - 12, lineGap: LINE_GAP };
    const text = toWinAnsi(block.text, true);
    keepTogether(doc, doc.heightOfString(text, options));
    slots.push({ blockIndex, page: currentPage(doc), y: doc.y });
    doc.text(text, MARGINS.left + indent, doc.y, options);
    doc.y += 3;
  });
  if (slots.length === 0) doc.fillColor(MUTED_COLOUR).text('No sections are indexed.', MARGINS.left, doc.y, { width });

  // The body opens on a fresh page so the index reads as a page of its own.
  doc.addPage();
  return slots;
}

/** Returns the page each heading starts on, by block position. */
function writeBlocks(doc: Doc, blocks: DocumentBlock[]): Map<number, number> {
  const headingPages = new Map<number, number>();
  blocks.forEach((block, blockIndex) => {
    switch (block.kind) {
      case 'heading':
        headingPages.set(blockIndex, writeHeading(doc, block));
        break;
      case 'paragraph':
        body(doc).text(toWinAnsi(block.text, false), MARGINS.left, doc.y, { width: contentWidth(doc), lineGap: LINE_GAP });
        doc.y += 6;
        break;
      case 'fields':
        writeFields(doc, block.rows);
        break;
      case 'list':
        writeList(doc, block.items);
        break;
      case 'page_break':
        if (!atTopOfPage(doc)) doc.addPage();
        break;
    }
  });
  return headingPages;
}

/** Returns the page the heading starts on. */
function writeHeading(doc: Doc, block: HeadingBlock): number {
  const width = contentWidth(doc);
  const text = toWinAnsi(block.text, true);
  // Keep the heading with the first two lines of what follows, so no heading
  // is stranded at the foot of a page.
  const keepWithNext = 2 * bodyLineHeight(doc);
  if (!atTopOfPage(doc)) doc.y += block.level === 1 ? 10 : 6;
  doc.font(BOLD).fontSize(HEADING_SIZE[block.level]).fillColor(TEXT_COLOUR);
  keepTogether(doc, doc.heightOfString(text, { width, lineGap: LINE_GAP }) + keepWithNext);
  // Read after any page break and before drawing; the heading fits whole, so
  // this is the page the reader finds it on.
  const page = currentPage(doc);
  doc.text(text, MARGINS.left, doc.y, { width, lineGap: LINE_GAP });
  doc.y += 4;
  return page;
}

function writeFields(doc: Doc, rows: { label: string; value: string }[]): void {
  const width = contentWidth(doc);
  for (const row of rows) {
    const label = toWinAnsi(row.label, true);
    // An empty continued segment never ends its line in PDFKit, which would
    // make the next row overprint this one; a dash also reads as "none given".
    const value = toWinAnsi(row.value, false) || '—';
    keepTogether(doc, bodyLineHeight(doc));
    if (label) {
      body(doc).font(BOLD).text(`${label}: `, MARGINS.left, doc.y, { width, lineGap: LINE_GAP, continued: true });
      body(doc).text(value, { width, lineGap: LINE_GAP });
    } else {
      body(doc).text(value, MARGINS.left, doc.y, { width, lineGap: LINE_GAP });
    }
    doc.y += 2;
  }
  doc.y += 4;
}

function writeList(doc: Doc, items: string[]): void {
  const indent = 14;
  for (const item of items) {
    // The bullet is drawn by hand, so the item's first line must be on this
    // page or the bullet would be left behind on the previous one.
    keepTogether(doc, bodyLineHeight(doc));
    const y = doc.y;
    doc.text('•', MARGINS.left + 3, y, { lineBreak: false });
    doc.text(toWinAnsi(item, false) || ' ', MARGINS.left + indent, y, { width: contentWidth(doc) - indent, lineGap: LINE_GAP });
    doc.x = MARGINS.left;
    doc.y += 2;
  }
  doc.y += 4;
}

function fillIndex(doc: Doc, slots: IndexSlot[], headingPages: Map<number, number>): void {
  const right = doc.page.width - MARGINS.right;
  for (const slot of slots) {
    const page = headingPages.get(slot.blockIndex);
    if (page === undefined) throw new Error(`Indexed heading ${slot.blockIndex} was never laid out`);
    doc.switchToPage(slot.page - 1);
    doc.font(REGULAR).fontSize(BODY_SIZE).fillColor(TEXT_COLOUR);
    const label = String(page);
    doc.text(label, right - doc.widthOfString(label), slot.y, { lineBreak: false });
  }
}

function writeFooters(doc: Doc, footer: string): void {
  const { start, count } = doc.bufferedPageRange();
  const text = toWinAnsi(footer, true);
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const left = MARGINS.left;
    const right = doc.page.width - MARGINS.right;
    // Inside the bottom margin, below anything the body may reach. Written
    // with lineBreak off so PDFKit does not treat it as overflow and add a page.
    const y = doc.page.height - MARGINS.bottom + 30;
    rule(doc, y - 8);
    doc.font(REGULAR).fontSize(8).fillColor(MUTED_COLOUR);
    const pageLabel = `Page ${i + 1} of ${count}`;
    const labelWidth = doc.widthOfString(pageLabel);
    doc.text(pageLabel, right - labelWidth, y, { lineBreak: false });
    doc.text(truncateToWidth(doc, text, right - left - labelWidth - 16), left, y, { lineBreak: false });
  }
}

function truncateToWidth(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let kept = text;
  while (kept && doc.widthOfString(`${kept}…`) > width) kept = kept.slice(0, -1);
  return `${kept.trimEnd()}…`;
}

function body(doc: Doc): Doc {
  return doc.font(REGULAR).fontSize(BODY_SIZE).fillColor(TEXT_COLOUR);
}

/** Height of one body line; leaves the body font selected. */
function bodyLineHeight(doc: Doc): number {
  return body(doc).currentLineHeight(true) + LINE_GAP;
}

/** Starts a new page unless `height` still fits above the bottom margin (or we are already at the top). */
function keepTogether(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.maxY() && !atTopOfPage(doc)) doc.addPage();
}

function atTopOfPage(doc: Doc): boolean {
  return doc.y <= MARGINS.top + 0.5;
}

/** 1-based number of the page being written; the body only ever appends, so it is the last page. */
function currentPage(doc: Doc): number {
  const { start, count } = doc.bufferedPageRange();
  return start + count;
}

function contentWidth(doc: Doc): number {
  return doc.page.width - MARGINS.left - MARGINS.right;
}

function rule(doc: Doc, y: number): void {
  doc
    .moveTo(MARGINS.left, y)
    .lineTo(doc.page.width - MARGINS.right, y)
    .lineWidth(0.5)
    .strokeColor('#999999')
    .stroke();
}

/**
 * The standard PDF fonts (Helvetica here, so no font files are shipped or
 * fetched) can only draw the WinAnsi character set. PDFKit does not check:
 * a Hebrew letter or an emoji becomes garbage bytes in the content stream.
 * Since names, allegations and free text may contain any Unicode, every
 * user-supplied string passes through here first:
 * - text is NFC-normalised, so a letter plus combining accent becomes the
 *   precomposed WinAnsi letter where one exists (e + U+0301 -> é);
 * - each user-perceived character (grapheme) that still contains something
 *   outside WinAnsi becomes one visible "?", so "שלום" reads "????" and a
 *   family emoji made of several code points is a single "?". The reader can
 *   see that something was there and go back to the original record;
 * - Unicode spaces become plain spaces, non-breaking hyphens and the minus
 *   sign become "-", and invisible format characters (zero-width joiners,
 *   direction marks, variation selectors) are dropped when they are all that
 *   stands between a character and being drawable;
 * - curly quotes, en and em dashes, the ellipsis, bullets, £, € and the
 *   accented Latin letters are all in WinAnsi and pass through unchanged.
 * Line breaks are kept for blocks and folded into spaces for single-line
 * places (title, headings, labels, footer).
 */
function toWinAnsi(text: string, singleLine: boolean): string {
  let normalised = text.normalize('NFC').replace(/\r\n?|[\u2028\u2029]/g, '\n');
  normalised = singleLine ? normalised.replace(/\s*\n\s*/g, ' ') : normalised;
  normalised = normalised.replace(/\t/g, ' ').replace(/[\u2010\u2011\u2212]/g, '-');
  normalised = normalised.replace(/(?!\u00a0)\p{Zs}/gu, ' ');
  if (/^[\x20-\x7e\n]*$/.test(normalised)) return normalised;

  let out = '';
  for (const { segment } of graphemes.segment(normalised)) {
    if (segment === '\n' || isWinAnsi(segment)) {
      out += segment;
      continue;
    }
    const visible = segment.replace(/[\p{Cc}\p{Cf}\p{Variation_Selector}]/gu, '');
    out += isWinAnsi(visible) ? visible : '?';
  }
  return out;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

// The code points above U+00FF that WinAnsiEncoding places in 0x80–0x9F
// (PDF 32000-1, Annex D), matching PDFKit's own mapping for standard fonts.
const WIN_ANSI_HIGH = new Set([
  0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017d, 0x017e, 0x0192, 0x02c6, 0x02dc, 0x2013, 0x2014, 0x2018, 0x2019,
  0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

function isWinAnsi(segment: string): boolean {
  for (const char of segment) {
    const code = char.codePointAt(0) ?? 0;
    const ok = (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_HIGH.has(code);
    if (!ok) return false;
  }
  return true;
}
