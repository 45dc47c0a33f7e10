import { normalizeGlyphs, squeezeSpaces } from './repair.ts';

/**
 * The plan text as numbered lines: PDF glyphs and full-width forms mapped (repair.ts), page
 * footers and blank lines dropped, spaces between Chinese characters removed, and ASCII , ; : ! ?
 * between Chinese text made full-width, as web copies of a plan write them in either form.
 */
export interface Line {
  /** 1-based line number in the source text. */
  n: number;
  text: string;
}

/** Page footers like "—３—", "- 5 -", "第 3 页", "3 / 12", "7", alone on a line. */
const FOOTER = /^\s*(?:[—–-]+\s*\d+\s*[—–-]+|\d{1,3}|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)\s*$/;

const CJK = '\\u3400-\\u9fff“”《》〔〕()、';
const FULL: Record<string, string> = { ',': '，', ';': '；', ':': '：', '!': '！', '?': '？' };
const ASCII_PUNCT = new RegExp(`(?<=[${CJK}])\\s*[,;:!?]|[,;:!?]\\s*(?=[${CJK}])`, 'g');

/** ASCII punctuation next to Chinese text → full-width; "1,000" and "10:30" keep theirs. */
export function fullWidthPunctuation(line: string): string {
  return line.replace(ASCII_PUNCT, (m) => FULL[m.trim()] ?? m);
}

export function planLines(raw: string): Line[] {
  const lines: Line[] = [];
  normalizeGlyphs(raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'))
    .split('\n')
    .forEach((line, i) => {
      if (FOOTER.test(line)) return;
      const text = fullWidthPunctuation(squeezeSpaces(line.replace(/[\u00a0\u200b\ufeff]/g, ' ')));
      if (text) lines.push({ n: i + 1, text });
    });
  return lines;
}
