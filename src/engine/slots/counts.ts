import { chineseToNumber } from '../../plan/numerals.ts';
import type { Span } from '../query.ts';

/** What a task holds that a question counts: its leads, partners, agencies, milestones or targets. */
export type Countable = 'leads' | 'partners' | 'agencies' | 'deadlines' | 'targets';

/**
 * "有两个以上牵头单位的", "配合单位超过5个的", "只有一个节点的": how many of something a task
 * holds, as an inclusive range (`max` null when open: it is stored as JSON), with the span that said it.
 */
export interface CountMention {
  measure: Countable;
  min: number;
  max: number | null;
  span: Span;
}

const NUM = '(\\d{1,2}|[一二两三四五六七八九十]{1,3}|多)';
const THING =
  '(牵头单位|牵头部门|配合单位|配合部门|参与单位|参与部门|责任单位|时间节点|节点|截止日期|量化指标|指标|单位|部门)';
const MORE = '(只有|仅有|有|超过|多于|不少于|至少|少于|不到|不超过)';
const SIDE = '(以上|及以上|或以上|以下|及以下|或以下)';
// "前三个部门" is a ranking's length, "同一个牵头单位", "下一个截止日期" are no count, and "一个牵头单位都
// 没有" is a lack (slots/roles.ts).
const BEFORE = new RegExp(
  `(?<![前同某哪每这那下上第])${MORE}?${NUM}(?:个|家|项)${SIDE}?(?:的)?${THING}(?![都也])`,
);
const AFTER = new RegExp(`${THING}(?:数|数量)?${MORE}?${NUM}(?:个|家|项)${SIDE}?`);

/** "没有配合单位的", "有配合单位的": none, or at least one (a lead's presence is in slots/roles.ts). */
const LACKS_PARTNERS = /(没有|没|无|未设|未列|未明确)(明确的?)?(的)?(配合单位|配合部门)/;
const HAS_PARTNERS = /(?<![没所])有(配合单位|配合部门)/;

function measureOf(thing: string): Countable {
  if (thing.startsWith('牵头')) return 'leads';
  if (thing.startsWith('配合')) return 'partners';
  if (/节点|截止/.test(thing)) return 'deadlines';
  if (thing.includes('指标')) return 'targets';
  return 'agencies';
}

/** A cheap test first: most questions name nothing a task could hold a count of. */
const MAY_COUNT = /单位|部门|节点|截止日期|指标/;

export function findCount(text: string): CountMention | null {
  if (!MAY_COUNT.test(text)) return null;
  const at = (m: RegExpExecArray): Span => ({ start: m.index, end: m.index + m[0].length });
  const partners = text.includes('配合');
  const lacks = partners ? LACKS_PARTNERS.exec(text) : null;
  if (lacks) return { measure: 'partners', min: 0, max: 0, span: at(lacks) };
  const has = partners ? HAS_PARTNERS.exec(text) : null;
  if (has) return { measure: 'partners', min: 1, max: null, span: at(has) };
  const before = BEFORE.exec(text);
  const after = before ? null : AFTER.exec(text);
  const m = before ?? after;
  if (!m) return null;
  const [more, num, side, thing] = before ? [m[1], m[2], m[3], m[4]] : [m[2], m[3], m[4], m[1]];
  // "一个…" counts only with a word of how many ("只有一个牵头单位"): alone it is an article.
  if ((num === '一' || num === '1') && !more && !side) return null;
  const many = num === '多';
  const n = many
    ? 2
    : /^\d+$/.test(num ?? '')
      ? Number(num)
      : chineseToNumber((num ?? '').replace('两', '二'));
  if (!Number.isFinite(n) || n < 0) return null;
  let [min, max]: [number, number | null] = [n, n];
  if (many || side?.endsWith('以上') || more === '不少于' || more === '至少') [min, max] = [n, null];
  if (more === '超过' || more === '多于') [min, max] = [n + 1, null];
  if (side?.endsWith('以下') || more === '不超过') [min, max] = [0, n];
  if (more === '少于' || more === '不到') [min, max] = [0, n - 1];
  return { measure: measureOf(thing ?? ''), min, max, span: { start: m.index, end: m.index + m[0].length } };
}
