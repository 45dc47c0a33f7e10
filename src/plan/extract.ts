import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import mammoth from 'mammoth';
import { parse as parseHtml } from 'node-html-parser';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PlanFormatError } from '../errors.ts';

/**
 * Plain text out of a plan document, by well-kept libraries (text extraction is not this
 * project's business): pdf.js (pdfjs-dist's legacy build, Node 20 and 24; CJK through its CMaps)
 * for .pdf, mammoth for .docx, node-html-parser for .html, and .txt as it is. Text files and web
 * pages in GB18030/GBK are decoded as such. One line per line of the document: the reader joins
 * a PDF's broken lines itself.
 * @throws PlanFormatError for an unknown extension or a file the library cannot read
 */

export const IMPORT_FORMATS = ['.pdf', '.docx', '.html', '.htm', '.txt'] as const;

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of GBK and GB2312). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({
    data: bytes,
    // CMaps map the character codes of non-embedded CJK fonts to Unicode.
    cMapUrl: pathToFileURL(join(pdfjsDir, 'cmaps') + '/').pathname,
    cMapPacked: true,
    standardFontDataUrl: pathToFileURL(join(pdfjsDir, 'standard_fonts') + '/').pathname,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      pages.push(text);
    }
    return pages.join('\n');
  } finally {
    await doc.destroy();
  }
}

function htmlText(html: string): string {
  const root = parseHtml(html, { blockTextElements: { script: false, style: false, noscript: false } });
  root.querySelectorAll('head, script, style, noscript').forEach((n) => n.remove());
  return (root.querySelector('body') ?? root).structuredText;
}

export async function extractText(file: string): Promise<string> {
  const ext = extname(file).toLowerCase();
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    throw new PlanFormatError(`cannot read ${file}`, { cause: e });
  }
  try {
    switch (ext) {
      case '.pdf':
        return await pdfText(bytes);
      case '.docx':
        return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
      case '.html':
      case '.htm':
        return htmlText(decodeText(bytes));
      case '.txt':
        return decodeText(bytes);
    }
  } catch (e) {
    throw new PlanFormatError(`cannot read ${file} as ${ext}`, { cause: e });
  }
  throw new PlanFormatError(
    `cannot import ${ext || 'a file without extension'}: use ${IMPORT_FORMATS.join(', ')}`,
  );
}
