import { createRequire } from 'node:module';
import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { REGION_WORDS } from '../../src/catalogue/key.ts';
import { spelledWord, toneless } from '../../src/nlp/pinyin.ts';
import { tableOf, type PinyinFn } from '../../src/nlp/pinyin-source.ts';
import committed from '../../src/nlp/pinyin-readings.json' with { type: 'json' };

const installed = (createRequire(import.meta.url)('pinyin-pro/package.json') as { version: string }).version;

describe('pinyin readings', () => {
  it('are what the installed pinyin-pro gives (else run `npx tsx scripts/pinyin-readings.ts`)', () => {
    // Every Han character, CJK extensions included, and every region name.
    expect(tableOf(pinyin as PinyinFn, installed, REGION_WORDS)).toEqual(committed);
  });

  it('read a character alone as pinyin-pro does, ü and characters outside the BMP included', () => {
    for (const c of ['川', '渝', '绿', '女', '〇', '𠀀', '豈', 'a', '。'])
      expect(toneless(c)).toBe(pinyin(c, { toneType: 'none' }));
    expect(toneless('绿')).toBe('lü');
  });

  it('read a word in context, from the table for a region and from pinyin-pro for any other', () => {
    expect(spelledWord('重庆')).toBe('chongqing');
    expect(spelledWord('营商环境A')).toBe('yingshanghuanjing');
  });
});
