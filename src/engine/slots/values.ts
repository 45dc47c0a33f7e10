import { chineseToNumber } from '../../plan/numerals.ts';
import type { Span } from '../query.ts';

/** A figure said with its unit: "90个工作日", "30类", "40亿". */
export interface ValueMention {
  value: number;
  unit: string;
  raw: string;
  span: Span;
}

// The units the plan counts in (src/plan/milestones.ts), plus the bare 亿/万 people type, and the
// spoken 个亿/个万 ("40个亿"), which unitKey reads as 亿/万.
const VALUE =
  /(?<![\d.])(\d+(?:\.\d+)?)\s*(个工作日|工作日|个月|万人次|万人|亿元|万元|万户|万家|个亿|个万|亿|万|个|项|类|家|%|户|件|批|天|小时|倍|人次|人|年(?=以上|以下|及以上|及以下|以内))(?![年月])/;

const VALUES = new RegExp(VALUE.source, 'g');

/** Every figure said, in order ("3个工作日和6个工作日分别是啥"). */
export function findValues(text: string): ValueMention[] {
  return [...text.matchAll(VALUES)].map((m) => ({
    value: Number(m[1]),
    unit: m[2] as string,
    raw: m[0],
    span: { start: m.index, end: m.index + m[0].length },
  }));
}

export function findValue(text: string): ValueMention | null {
  const m = VALUE.exec(text);
  if (!m) return null;
  return {
    value: Number(m[1]),
    unit: m[2] as string,
    raw: m[0],
    span: { start: m.index, end: m.index + m[0].length },
  };
}

/** A unit asked for without a figure: "几个月", "多少万元", "多少个工作日". */
export interface UnitMention {
  unit: string;
  span: Span;
}

// Counting words (几项, 几个, 几家) ask how many tasks or agencies, not a target's unit: left out.
const ASKED_UNIT = /(?:几|多少)(个工作日|个月|工作日|万人次|万人|亿元|万元|个亿|亿|万|天|小时|倍|人次)/;

export function findAskedUnit(text: string): UnitMention | null {
  const m = ASKED_UNIT.exec(text);
  return m ? { unit: m[1] as string, span: { start: m.index, end: m.index + m[0].length } } : null;
}

/** A unit without its counting word: "个工作日" → "工作日", "个亿" → "亿" (a lone "个" stays). */
export const withoutCounter = (unit: string): string => unit.replace(/^个(?=.)/, '');

/** "个工作日" and "工作日", "亿元" and "亿" name one unit. */
const unitKey = (unit: string): string => withoutCounter(unit).replace(/(?<=.)元$/, '');

/** One unit, or a shortening of it: "15万" is the plan's "15万人". */
export const sameUnit = (a: string, b: string): boolean => {
  const x = unitKey(a);
  const y = unitKey(b);
  return (
    x === y ||
    (x.length === 1 && y.startsWith(x) && /[万亿]/.test(x)) ||
    (y.length === 1 && x.startsWith(y) && /[万亿]/.test(y))
  );
};

/** "前三个部门", "前3名": how many of a ranking are asked for. */
export interface TopMention {
  count: number;
  span: Span;
}

const TOP = /前\s*(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(个|家|名|位)?/;

export function findTop(text: string): TopMention | null {
  const m = TOP.exec(text);
  if (!m) return null;
  const said = (m[1] as string).replace('两', '二');
  const count = /^\d+$/.test(said) ? Number(said) : chineseToNumber(said);
  if (!count || count < 1) return null;
  return { count, span: { start: m.index, end: m.index + m[0].length } };
}
