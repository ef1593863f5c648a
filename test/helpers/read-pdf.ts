import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One line of text as a reader sees it: the items sharing a baseline, left to right. */
export type Line = { text: string; baseline: number; size: number };
export type ReadPdf = { pages: Line[][]; pageHeight: number; info: Record<string, unknown> };

/** Reads the PDF back with pdf.js (the engine Firefox uses), independently of PDFKit. */
export async function readPdf(pdf: Buffer): Promise<ReadPdf> {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  try {
    const pages: Line[][] = [];
    let pageHeight = 0;
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      pageHeight = page.view[3] ?? 0;
      const content = await page.getTextContent();
      const byBaseline = new Map<number, { x: number; width: number; str: string; size: number }[]>();
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const baseline = Math.round(item.transform[5] * 10) / 10;
        const row = byBaseline.get(baseline) ?? [];
        row.push({ x: item.transform[4], width: item.width, str: item.str, size: Math.abs(item.transform[3]) });
        byBaseline.set(baseline, row);
      }
      const lines = [...byBaseline.entries()].map(([baseline, items]) => {
        items.sort((a, b) => a.x - b.x);
        let text = '';
        let end = -Infinity;
        for (const item of items) {
          text += item.x - end > 2 ? ` ${item.str}` : item.str;
          end = item.x + item.width;
        }
        return { text: text.replace(/\s+/g, ' ').trim(), baseline, size: Math.max(...items.map((i) => i.size)) };
      });
      // Top of the page first, as read.
      pages.push(lines.sort((a, b) => b.baseline - a.baseline));
    }
    const metadata = await document.getMetadata();
    return { pages, pageHeight, info: metadata.info as Record<string, unknown> };
  } finally {
    await document.destroy();
  }
}

