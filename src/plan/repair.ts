/**
 * Repairs text extracted from the plan's PDF: the font's private glyphs for punctuation,
 * full-width digits, page footers, and lines broken in the middle of words.
 * The result has one line per paragraph-like unit: the title lines, the preamble,
 * each section heading and each task.
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

/** Page footers like "—３—" or "- 5 -", alone on a line. */
const FOOTER = /^\s*[—–-]+\s*\d+\s*[—–-]+\s*$/;

/** Drops whitespace except between two ASCII word characters ("Wi Fi" stays, "６ 月" goes). */
export function squeezeSpaces(line: string): string {
  return line.replace(/\s+/g, (space, offset: number, whole: string) => {
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + space.length] ?? '';
    return /[A-Za-z0-9]/.test(before) && /[A-Za-z]/.test(after) ? ' ' : '';
  });
}

export const SECTION_HEADING = /^([一二三四五六七八九十]+)、(.+)$/;
export const TASK_START = /^\(([一二三四五六七八九十]+)\)/;

/** A line that opens a new unit: a section heading ("一、…", short, no full stop) or a task ("(一)…"). */
function opensUnit(line: string): boolean {
  if (TASK_START.test(line)) return true;
  return SECTION_HEADING.test(line) && !/[。，；]/.test(line) && line.length <= 60;
}

export interface RepairedPlan {
  title: string;
  /** One line per unit: the preamble, each section heading, each task. */
  units: string[];
}

export function repairPlanText(raw: string): RepairedPlan {
  const lines = normalizeGlyphs(raw.replace(/\r\n?/g, '\n'))
    .split('\n')
    .filter((l) => !FOOTER.test(l))
    .map(squeezeSpaces)
    .filter((l) => l.length > 0);

  // Title lines carry no sentence punctuation; the preamble's first line does.
  const title: string[] = [];
  let i = 0;
  while (i < lines.length && !/[，。；：]/.test(lines[i] as string) && !opensUnit(lines[i] as string)) {
    title.push(lines[i] as string);
    i++;
  }

  const units: string[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (units.length === 0 || opensUnit(line)) units.push(line);
    else units[units.length - 1] += line;
  }
  return { title: title.join(''), units };
}
