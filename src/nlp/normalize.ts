// The traditional-to-simplified build: the full one also carries the simplified-to-traditional
// dictionaries (1.2 MB of source against 0.1 MB, ~1.2 MiB more heap) that this app never uses; the
// two convert hk → cn identically (compared on the question sets, the plans and jieba's 349k words
// in hk and tw forms, and on every CJK character).
import * as OpenCC from 'opencc-js/t2cn';
import { chineseCardinal } from '../plan/numerals.ts';
import { normalizeGlyphs } from '../plan/repair.ts';

// Built once: the converter's tables take a few milliseconds to prepare.
const toSimplified: (text: string) => string = OpenCC.Converter({ from: 'hk', to: 'cn' });

const PUNCT: Record<string, string> = {
  '？': '?',
  '！': '!',
  '，': '，',
  ',': '，',
  '；': '，',
  ';': '，',
  '：': '：',
  ':': '：',
  '．': '.',
  '。': '。',
  '"': '“',
  '「': '“',
  '」': '”',
  '『': '“',
  '』': '”',
  '〈': '《',
  '〉': '》',
  '【': '[',
  '】': ']',
};

/**
 * A count written in Chinese before a unit the plan counts in ("一百个", "四十亿元") becomes digits,
 * as the plan writes it. A lone 一 or 两 is left alone: "一个", "这一项" are articles, not counts.
 */
const COUNTED = /([零一二两三四五六七八九十百千]+)(?=个|项|类|家|万|亿|个工作日|工作日|天|%)/g;

function countsToDigits(text: string): string {
  return text.replace(COUNTED, (numeral) => {
    if (numeral === '一' || numeral === '两') return numeral;
    const n = chineseCardinal(numeral);
    return Number.isNaN(n) ? numeral : String(n);
  });
}

/** Questions are short; anything longer is cut before the engine looks at it. */
export const MAX_NORMALIZED_CHARS = 200;

/**
 * One canonical form for a question: simplified characters, ASCII digits and signs,
 * one kind of each punctuation mark, no spaces, no control characters.
 */
export function normalizeQuestion(input: string): string {
  const cleaned = input
    .slice(0, MAX_NORMALIZED_CHARS * 2)
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\uFFFD]/gu, ' ');
  const simplified: string = toSimplified(normalizeGlyphs(cleaned));
  return countsToDigits(simplified)
    .replace(/[？！，,；;：:．。"「」『』〈〉【】]/g, (c) => PUNCT[c] ?? c)
    .replace(/\s+/g, (space, offset: number, whole: string) =>
      /[A-Za-z0-9]/.test(whole[offset - 1] ?? '') && /[A-Za-z]/.test(whole[offset + space.length] ?? '')
        ? ' '
        : '',
    )
    .toLowerCase()
    .slice(0, MAX_NORMALIZED_CHARS);
}
