import { createRequire } from 'node:module';
import type { PinyinFn, PinyinTable } from './pinyin-source.ts';
import { wordReading } from './pinyin-source.ts';
import readingsJson from './pinyin-readings.json' with { type: 'json' };

/**
 * Toneless pinyin, from the readings pinyin-pro gives (src/nlp/pinyin-readings.json, written by
 * scripts/pinyin-readings.ts and checked against the installed pinyin-pro by a test). Importing
 * pinyin-pro itself costs ~200 ms and ~9 MiB of heap at start-up (it builds an automaton over its
 * word dictionary on import); a character's reading alone never needs that automaton.
 */
const table = readingsJson as PinyinTable;
const end = table.first + table.bmp.length / table.width;

/**
 * A Han character's toneless pinyin, as `pinyin(c, { toneType: 'none' })` gives it ("渝" → "yu",
 * "绿" → "lü"); the character itself when it has none. `c` is one code point.
 */
export function toneless(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  if (cp >= table.first && cp < end) {
    const at = (cp - table.first) * table.width;
    const reading = table.bmp.slice(at, at + table.width).trimEnd();
    if (reading === '') return c;
    return reading.includes('v') ? reading.replace(/v/g, 'ü') : reading;
  }
  return table.others[c] ?? c;
}

let pinyinPro: PinyinFn | undefined;

/**
 * A word's toneless pinyin, syllables run together, lowercase, non-Han dropped: "重庆" → "chongqing"
 * (in context, unlike `toneless` one character at a time). Region names are in the table; any other
 * word loads pinyin-pro, once, when first asked (a plan title or file name without a region, say).
 */
export function spelledWord(text: string): string {
  const known = table.words[text];
  if (known !== undefined) return known;
  // CommonJS build, loaded synchronously: callers are synchronous and this is rare.
  pinyinPro ??= (createRequire(import.meta.url)('pinyin-pro') as { pinyin: PinyinFn }).pinyin;
  return wordReading(pinyinPro, text);
}
