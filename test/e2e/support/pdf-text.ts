import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/** A PDF as a reader sees it: each page's size in millimetres and its text. */
export interface PdfPages {
  /** `text`: the page's words joined by single spaces; `runs`: each run of text as PDF.js reads it. */
  readonly pages: ReadonlyArray<{ widthMm: number; heightMm: number; text: string; runs: string[] }>;
}

const MM_PER_POINT = 25.4 / 72;

/** Reads a PDF with Mozilla's PDF.js: page sizes and the text on each page. */
export async function readPdf(bytes: Uint8Array): Promise<PdfPages> {
  const task = getDocument({ data: bytes });
  const document = await task.promise;
  const pages = [];
  try {
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
      const content = await page.getTextContent();
      const runs = content.items
        .map((item) => ("str" in item ? item.str.trim() : ""))
        .filter((run) => run !== "");
      const text = runs.join(" ").replace(/\s+/g, " ");
      pages.push({ widthMm: (x1 - x0) * MM_PER_POINT, heightMm: (y1 - y0) * MM_PER_POINT, text, runs });
    }
  } finally {
    await task.destroy();
  }
  return { pages };
}
