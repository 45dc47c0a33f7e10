/**
 * How src/nlp/pinyin-readings.json is made from pinyin-pro, shared by the script that writes it
 * (scripts/pinyin-readings.ts) and the test that checks it against the installed pinyin-pro.
 * No import of pinyin-pro here: the caller passes its `pinyin` function.
 */

/** pinyin-pro's `pinyin(text, options)`, as far as these readings use it. */
export type PinyinFn = (text: string, options: Record<string, unknown>) => string | string[];

/**
 * The readings, as stored. `bmp` holds one entry of `width` characters per code point from
 * `first` on, padded with spaces (all spaces: no reading), with `v` standing for `ü` so the string
 * stays one byte a character (~160 KB in the heap instead of a 21k-entry map's ~1.5 MB).
 */
export interface PinyinTable {
  /** pinyin-pro's version and the calls that made the readings. */
  source: string;
  first: number;
  width: number;
  bmp: string;
  /** Han characters with a reading outside `bmp`'s range (CJK extensions B–H, compatibility forms). */
  others: Record<string, string>;
  /** Whole words (region names) as `wordReading` reads them: a word's reading depends on context (重庆 chongqing). */
  words: Record<string, string>;
}

const HAN = /^\p{Script=Han}$/u;
/** Past the last CJK extension (H ends at U+323AF). */
const LAST_CODE_POINT = 0x33fff;

/** A Han character's reading alone: `pinyin(c, { toneType: 'none' })`. */
export const charReading = (pinyin: PinyinFn, c: string): string => pinyin(c, { toneType: 'none' }) as string;

/** A word's reading, syllables run together, non-Han dropped: "重庆" → "chongqing". */
export const wordReading = (pinyin: PinyinFn, text: string): string =>
  (pinyin(text, { toneType: 'none', type: 'array', nonZh: 'removed' }) as string[]).join('').toLowerCase();

/** Every Han character pinyin-pro reads, and the given words. */
export function tableOf(pinyin: PinyinFn, version: string, words: Iterable<string>): PinyinTable {
  const read = new Map<number, string>();
  for (let cp = 0; cp <= LAST_CODE_POINT; cp++) {
    const c = String.fromCodePoint(cp);
    if (!HAN.test(c)) continue;
    const reading = charReading(pinyin, c);
    if (reading !== c) read.set(cp, reading);
  }
  const bmpPoints = [...read.keys()].filter((cp) => cp >= 0x3400 && cp <= 0x9fff);
  const first = Math.min(...bmpPoints);
  const last = Math.max(...bmpPoints);
  const width = Math.max(...[...read.values()].map((r) => r.length));
  let bmp = '';
  const others: Record<string, string> = {};
  for (let cp = first; cp <= last; cp++) bmp += (read.get(cp) ?? '').replace(/ü/g, 'v').padEnd(width, ' ');
  for (const [cp, reading] of read) if (cp < first || cp > last) others[String.fromCodePoint(cp)] = reading;
  const wordTable: Record<string, string> = {};
  for (const word of [...new Set(words)].sort()) wordTable[word] = wordReading(pinyin, word);
  return {
    source: `pinyin-pro ${version}: pinyin(c, { toneType: 'none' }); words: pinyin(w, { toneType: 'none', type: 'array', nonZh: 'removed' }).join('').toLowerCase()`,
    first,
    width,
    bmp,
    others,
    words: wordTable,
  };
}
