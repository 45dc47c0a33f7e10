import { pinyin } from 'pinyin-pro';

const readingOf = new Map<string, string>();

/** A Han character's toneless pinyin, cached: the same character always reads the same way here. */
function syllable(c: string): string {
  let reading = readingOf.get(c);
  if (reading === undefined) {
    reading = /\p{Script=Han}/u.test(c) ? pinyin(c, { toneType: 'none' }) : c.toLowerCase();
    readingOf.set(c, reading);
  }
  return reading;
}

/** Pinyin of a text, syllables run together, Latin letters kept: "川渝tongban" → "chuanyutongban". */
export const spelled = (text: string): string => Array.from(text, syllable).join('').replace(/\s+/g, '');

/** A stretch of Latin letters (spaces inside allowed), with the Han characters around it. */
const LATIN = /[a-z][a-z ]*[a-z]/g;
const MIN_LETTERS = 4;
/** How many Han characters on each side may belong to the same term ("川渝tongban"). */
const HAN_REACH = 6;

/**
 * Maps pinyin typed for the plan's terms back to them: "chuanyu tongban" and "川渝tongban" both
 * become 川渝通办. A stretch is replaced only when its whole spelling is exactly one term's.
 */
export class PinyinTerms {
  private readonly bySpelling = new Map<string, string>();

  constructor(vocabulary: Iterable<string>) {
    for (const word of vocabulary) {
      // "双随机、一公开" is typed "shuangsuiji yigongkai": its spelling skips the enumeration comma.
      const han = word.replace(/[、·]/g, '');
      if (han.length < 2 || !/^\p{Script=Han}+$/u.test(han)) continue;
      const key = spelled(han);
      const seen = this.bySpelling.get(key);
      // Two terms that spell alike cannot be told apart: keep neither.
      this.bySpelling.set(key, seen === undefined || seen === word ? word : '');
    }
  }

  /** The text with each pinyin stretch that spells a term replaced by the term. */
  replace(text: string): string {
    if (!/[a-z]{2}/.test(text)) return text;
    let out = text;
    for (const m of text.matchAll(LATIN)) {
      const letters = m[0];
      if (letters.replace(/ /g, '').length < MIN_LETTERS) continue;
      const start = m.index;
      const end = start + letters.length;
      const before = /\p{Script=Han}*$/u.exec(text.slice(Math.max(0, start - HAN_REACH), start))?.[0] ?? '';
      const after = /^\p{Script=Han}*/u.exec(text.slice(end, end + HAN_REACH))?.[0] ?? '';
      const found = this.longest(before, letters, after);
      if (found) out = out.replace(found.surface, found.term);
    }
    return out;
  }

  /** The longest surrounding stretch whose spelling is a term. */
  private longest(before: string, letters: string, after: string): { surface: string; term: string } | null {
    for (let b = before.length; b >= 0; b--) {
      for (let a = after.length; a >= 0; a--) {
        const surface = before.slice(before.length - b) + letters + after.slice(0, a);
        const term = this.bySpelling.get(spelled(surface));
        if (term) return { surface, term };
      }
    }
    return null;
  }
}
