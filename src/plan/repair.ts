/**
 * Repairs text extracted from the plan's PDF: the font's private glyphs for punctuation,
 * full-width digits, page footers, and lines broken in the middle of words.
 * Line structure (footers, numbered units) is read in lines.ts and units.ts.
 */

const GLYPHS: Record<string, string> = {
  ꎬ: '，',
  ꎮ: '。',
  ꎻ: '；',
  ꎰ: '：',
  ꎭ: '、',
  '«': '《',
  '»': '》',
  '％': '%',
  '＋': '+',
  '（': '(',
  '）': ')',
  '\u3000': ' ',
};

/** Maps glyphs and full-width ASCII (digits, letters, signs) to their plain forms. */
export function normalizeGlyphs(text: string): string {
  return text
    .replace(/[ꎬꎮꎻꎰꎭ«»％＋（）\u3000]/g, (c) => GLYPHS[c] ?? c)
    .replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Drops whitespace except between two ASCII word characters ("Wi Fi" stays, "６ 月" goes). */
export function squeezeSpaces(line: string): string {
  return line.replace(/\s+/g, (space, offset: number, whole: string) => {
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + space.length] ?? '';
    return /[A-Za-z0-9]/.test(before) && /[A-Za-z]/.test(after) ? ' ' : '';
  });
}
