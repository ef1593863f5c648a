import { describe, expect, it } from 'vitest';
import { renderPdf, type DocumentBlock, type DocumentSpec } from './pdf-document.js';
import { readPdf, type Line } from '../../test/helpers/read-pdf.js';

const pageText = (lines: Line[]) => lines.map((line) => line.text).join('\n');

const FOOTER = 'Confidential: prepared for the hearing panel';
const BOTTOM_MARGIN = 72;
const SENTENCE = 'The respondent said the meeting on 3 March had been “robust” – and that the account given was not how they remembered it. ';

function spec(overrides: Partial<DocumentSpec>): DocumentSpec {
  return {
    title: 'Hearing bundle: RDR-2026-000001',
    subtitle: 'Prepared for the conduct panel',
    footer: FOOTER,
    index: false,
    blocks: [],
    createdAt: new Date('2026-03-01T10:00:00Z'),
    author: 'Redress casework team',
    ...overrides,
  };
}

function paragraphs(count: number, prefix: string): DocumentBlock[] {
  return Array.from({ length: count }, (_, i) => ({ kind: 'paragraph', text: `${prefix} ${i + 1}. ${SENTENCE.repeat(1 + (i % 4))}` }));
}

describe('renderPdf', () => {
  it('writes the title, every heading, fields, lists and the footer', async () => {
    const pdf = await renderPdf(
      spec({
        blocks: [
          { kind: 'heading', text: 'The complaint', level: 1 },
          { kind: 'fields', rows: [{ label: 'Reference', value: 'RDR-2026-000001' }, { label: 'Received', value: '2 February 2026' }] },
          { kind: 'heading', text: 'Allegations', level: 2 },
          { kind: 'list', items: ['Shouted at the complainant during the AGM', 'Shared the complainant’s address with others'] },
          { kind: 'heading', text: 'Remedy sought', level: 3 },
          { kind: 'paragraph', text: 'An apology and a written undertaking.' },
        ],
      }),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, info } = await readPdf(pdf);
    expect(pages).toHaveLength(1);
    const text = pageText(pages[0]!);
    for (const expected of [
      'Hearing bundle: RDR-2026-000001',
      'Prepared for the conduct panel',
      'The complaint',
      'Allegations',
      'Remedy sought',
      'Reference: RDR-2026-000001',
      'Received: 2 February 2026',
      'Shouted at the complainant during the AGM',
      'Shared the complainant’s address with others',
      'An apology and a written undertaking.',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain(`${FOOTER} Page 1 of 1`);
    expect(text).not.toContain('Index');
    expect(info).toMatchObject({ Title: 'Hearing bundle: RDR-2026-000001', Author: 'Redress casework team', Creator: 'Redress' });
  });

  it('flows a long document across pages, keeps every line clear of the footer and numbers every page', async () => {
    const pdf = await renderPdf(
      spec({
        blocks: [
          ...paragraphs(200, 'Paragraph'),
          { kind: 'list', items: Array.from({ length: 80 }, (_, i) => `Item ${i + 1}: ${SENTENCE.repeat(1 + (i % 3))}`) },
        ],
      }),
    );
    const { pages } = await readPdf(pdf);
    expect(pages.length).toBeGreaterThan(5);

    const all = pages.map(pageText).join('\n');
    for (let i = 1; i <= 200; i++) expect(all.match(new RegExp(`Paragraph ${i}\\. `, 'g'))).toHaveLength(1);
    for (let i = 1; i <= 80; i++) expect(all.match(new RegExp(`Item ${i}: `, 'g'))).toHaveLength(1);

    pages.forEach((lines, i) => {
      const footer = lines.filter((line) => line.text.includes(FOOTER));
      expect(footer.map((line) => line.text)).toEqual([`${FOOTER} Page ${i + 1} of ${pages.length}`]);
      const footerBaseline = footer[0]!.baseline;
      expect(footerBaseline).toBeLessThan(BOTTOM_MARGIN);
      for (const line of lines) {
        if (line === footer[0]) continue;
        // Baselines are measured up from the bottom edge: body text stays above the bottom margin.
        expect(line.baseline, `page ${i + 1}: ${line.text}`).toBeGreaterThan(BOTTOM_MARGIN);
      }
    });
  });

  it('lists indexed headings on page 1 with the page each one actually starts on', async () => {
    const blocks: DocumentBlock[] = [
      { kind: 'heading', text: 'Background', level: 1, indexed: true },
      ...paragraphs(25, 'Background'),
      { kind: 'heading', text: 'First allegation', level: 2, indexed: true },
      { kind: 'list', items: Array.from({ length: 40 }, (_, i) => `Point ${i + 1}: ${SENTENCE}`) },
      { kind: 'page_break' },
      { kind: 'heading', text: 'Working notes', level: 2 },
      ...paragraphs(12, 'Note'),
      { kind: 'heading', text: 'Evidence', level: 1, indexed: true },
      { kind: 'fields', rows: [{ label: 'Exhibit', value: 'E1' }] },
      ...paragraphs(60, 'Evidence'),
      { kind: 'heading', text: 'Outcome', level: 3, indexed: true },
      { kind: 'paragraph', text: 'The panel upheld the first allegation.' },
    ];
    const { pages } = await readPdf(await renderPdf(spec({ index: true, blocks })));

    const indexPage = pageText(pages[0]!);
    expect(indexPage).toContain('Index');
    expect(indexPage).not.toContain('Working notes');
    // The body starts on a page of its own after the index.
    expect(indexPage).not.toContain('Background 1.');

    const found = ['Background', 'First allegation', 'Evidence', 'Outcome'].map((heading) => ({
      heading,
      listed: listedPage(pages, heading),
      actual: headingPage(pages, heading),
    }));
    for (const entry of found) expect(entry.listed, entry.heading).toEqual({ page: 1, number: entry.actual });
    const actualPages = found.map((entry) => entry.actual);
    expect(actualPages).toEqual([...actualPages].sort((a, b) => a - b));
    expect(actualPages.at(-1)).toBeGreaterThan(5);
  });

  it('keeps the index numbers right when the index itself runs over several pages', async () => {
    const headings = Array.from({ length: 90 }, (_, i) => `Section ${i + 1}`);
    const blocks = headings.flatMap((text, i): DocumentBlock[] => [
      { kind: 'heading', text, level: 2, indexed: true },
      ...paragraphs(1 + (i % 5), `Text of ${text}`),
    ]);
    const { pages } = await readPdf(await renderPdf(spec({ index: true, blocks })));

    const indexPages = new Set<number>();
    for (const heading of headings) {
      const listed = listedPage(pages, heading);
      expect(listed.number, heading).toBe(headingPage(pages, heading));
      indexPages.add(listed.page);
    }
    const lastIndexPage = Math.max(...indexPages);
    expect(lastIndexPage).toBeGreaterThan(1);
    expect([...indexPages]).toEqual(Array.from({ length: lastIndexPage }, (_, i) => i + 1));
    expect(headingPage(pages, 'Section 1')).toBe(lastIndexPage + 1);
  });

  it('says so when asked for an index with nothing indexed', async () => {
    const { pages } = await readPdf(await renderPdf(spec({ index: true, blocks: [{ kind: 'heading', text: 'Only heading', level: 1 }] })));
    expect(pageText(pages[0]!)).toContain('No sections are indexed.');
    expect(pageText(pages[1]!)).toContain('Only heading');
  });

  it('replaces characters Helvetica cannot draw with "?" and keeps WinAnsi punctuation', async () => {
    const pdf = await renderPdf(
      spec({
        title: 'Complaint from שלום 🙂',
        footer: 'Confidential 🔒 panel only',
        author: 'דנה לוי',
        blocks: [
          { kind: 'heading', text: 'עדות Evidence', level: 1, indexed: true },
          { kind: 'paragraph', text: 'Family: 👨‍👩‍👧. Heart: ❤️. Café (decomposed: Cafe\u0301). Łódź 中文.' },
          { kind: 'paragraph', text: '“Quoted” ‘single’ – en — em … £250 €10 naïve • ™' },
          { kind: 'fields', rows: [{ label: 'Name 名前', value: 'Zoë 🦄\u200b Smith' }, { label: 'Notes', value: '' }] },
          { kind: 'list', items: ['Control\u0007 character', 'Tab\there', 'Line\r\nbreak'] },
        ],
        index: true,
      }),
    );
    const { pages } = await readPdf(pdf);
    const text = pages.map(pageText).join('\n');
    expect(text).toContain('Complaint from ???? ?');
    expect(text).toContain('Confidential ? panel only');
    expect(text).toContain('???? Evidence');
    expect(text).toContain('Family: ?. Heart: ?. Café (decomposed: Café). ?ód? ??.');
    expect(text).toContain('“Quoted” ‘single’ – en — em … £250 €10 naïve • ™');
    expect(text).toContain('Name ??: Zoë ? Smith');
    expect(text).toContain('Notes: —');
    expect(text).toContain('Control character');
    expect(text).toContain('Tab here');
    expect(text).toMatch(/Line\nbreak/);
  });

  it('shortens a footer too long for one line rather than letting it run into the page number', async () => {
    const footer = `Confidential: ${'prepared for the hearing panel and nobody else '.repeat(6)}`;
    const { pages } = await readPdf(await renderPdf(spec({ footer, blocks: paragraphs(3, 'Paragraph') })));
    const line = pages[0]!.find((candidate) => candidate.text.startsWith('Confidential:'));
    expect(line?.text).toMatch(/^Confidential: prepared for the hearing panel .*…\s?Page 1 of 1$/);
    expect(line!.text.length).toBeLessThan(footer.length);
  });

  it('produces identical bytes for the same spec', async () => {
    const blocks: DocumentBlock[] = [{ kind: 'heading', text: 'Outcome', level: 1, indexed: true }, ...paragraphs(40, 'Reason')];
    const first = await renderPdf(spec({ index: true, blocks }));
    const second = await renderPdf(spec({ index: true, blocks }));
    expect(first.equals(second)).toBe(true);

    const later = await renderPdf(spec({ index: true, blocks, createdAt: new Date('2026-03-02T10:00:00Z') }));
    expect(later.equals(first)).toBe(false);
    const { info } = await readPdf(first);
    expect(info).toMatchObject({ CreationDate: 'D:20260301100000Z', ModDate: 'D:20260301100000Z' });
  });
});

/** The index line "<heading> <n>": the page it is printed on and the number it gives. */
function listedPage(pages: Line[][], heading: string): { page: number; number: number } {
  const pattern = new RegExp(`^${heading} (\\d+)$`);
  for (const [i, lines] of pages.entries()) {
    for (const line of lines) {
      const match = pattern.exec(line.text);
      if (match) return { page: i + 1, number: Number(match[1]) };
    }
  }
  throw new Error(`"${heading}" is not in the index`);
}

/** The page on which the heading itself is drawn: a line of exactly that text, larger than body text. */
function headingPage(pages: Line[][], heading: string): number {
  const page = pages.findIndex((lines) => lines.some((line) => line.text === heading && line.size > 11));
  if (page === -1) throw new Error(`Heading "${heading}" was not drawn`);
  return page + 1;
}
