import * as OpenCC from 'opencc-js';
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
  return simplified
    .replace(/[？！，,；;：:．。"「」『』〈〉【】]/g, (c) => PUNCT[c] ?? c)
    .replace(/\s+/g, (space, offset: number, whole: string) =>
      /[A-Za-z0-9]/.test(whole[offset - 1] ?? '') && /[A-Za-z]/.test(whole[offset + space.length] ?? '')
        ? ' '
        : '',
    )
    .toLowerCase()
    .slice(0, MAX_NORMALIZED_CHARS);
}
