import { CITIES, PROVINCES } from '../engine/slots/regions.ts';
import type { Span } from '../engine/query.ts';
import { MORE_CITIES } from '../engine/slots/cities.ts';
import { bareRegion } from './key.ts';

/**
 * The words of a question that say which plan it is about: years (2023年, 去年, 今年 against the
 * plan clock), a region (成都市), a level of government (省里的, 国务院) and title words
 * (营商环境要点, 法治政府那个文件). Data tables plus one pass each; nothing here knows a plan's tasks.
 */

export type Level = 'national' | 'province' | 'city';

export interface PlanScopeWords {
  /** Distinct years named, in order; two or more make a comparison. `dated` years came with a month. */
  years: { value: number; span: Span; dated: boolean }[];
  region: { value: string; span: Span } | null;
  level: { value: Level; span: Span } | null;
  title: { value: string; span: Span } | null;
  /** A cue that asks what changed between plans ("有什么不同", "有变化吗"). */
  change: boolean;
}

/** Years relative to the plan clock's year. */
const RELATIVE_YEARS: readonly [string, number][] = [
  ['今年', 0],
  ['本年度', 0],
  ['去年', -1],
  ['上一年', -1],
  ['前年', -2],
  ['明年', 1],
];

/** Words for a level of government, as staff say them. */
const LEVEL_WORDS: readonly [string, Level][] = [
  ['国务院', 'national'],
  ['国家层面', 'national'],
  ['国家的', 'national'],
  ['中央的', 'national'],
  ['全国的', 'national'],
  ['省里', 'province'],
  ['省级', 'province'],
  ['省上', 'province'],
  ['省政府的', 'province'],
  ['全省的', 'province'],
  ['市里', 'city'],
  ['市级', 'city'],
  ['市政府的', 'city'],
  ['全市的', 'city'],
];

/** The level words, for the index's list of the plans' own phrases. */
export const LEVEL_WORD_LIST: readonly string[] = LEVEL_WORDS.map(([w]) => w);

/** Endings that make the words before them a plan's title. */
const TITLE =
  /《([^》]{2,40})》|([\p{Script=Han}“”]{2,14}?)(?:的)?(?:那个|这个|那份|这份)?(工作要点|要点|实施方案|行动方案|方案|文件|意见|规划|行动计划)/u;
/** Words around a title that are not part of it. */
const TITLE_NOISE = /^(请问|问一下|关于|查一下|看看|在|从)|(里面?|中|的)$/g;

const CHANGE = /不同|区别|差别|差异|变化|变了|有何变|调整了?哪些|新增了?哪些|对比|比较/;

const ALL_CITIES = [...CITIES, ...MORE_CITIES];
const KNOWN_REGIONS = [...PROVINCES.map((p) => p.name), ...ALL_CITIES.map((c) => c.name)];
const NO_REGIONS: readonly string[] = [];
let lastPattern: { extra: readonly string[]; re: RegExp } | null = null;

/**
 * Region names (the GB/T 2260 provinces, the prefecture-level cities, and the loaded plans' own
 * regions), longest first. Built once per list of extra regions (the plan index keeps one), not
 * per question: the names run to hundreds.
 */
export function regionPattern(extra: readonly string[] = NO_REGIONS): RegExp {
  if (lastPattern?.extra === extra) return lastPattern.re;
  const names = [...new Set([...KNOWN_REGIONS, ...extra])].sort((a, b) => b.length - a.length);
  const re = new RegExp(
    `(${names.join('|')})(省|市|州|县|区|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)?`,
    'g',
  );
  lastPattern = { extra, re };
  return re;
}

const YEAR = /(?<![\d.])((?:19|20)\d{2})(?![\d.])\s*(年度?)?(\s*\d{1,2}\s*月)?/g;
const CONNECTOR = /^\s*(和|与|跟|同|、|及|比|对比|相比|vs)/;

/**
 * Reads the plan-naming words of a normalized question. `ownPhrase` says whether a phrase is the
 * plan's own wording ("成都海关", "省政府办公厅"), which names an agency or a topic, not a plan.
 */
export function readScopeWords(
  text: string,
  clockYear: number,
  ownPhrase: (phrase: string) => boolean,
  regions: readonly string[] = NO_REGIONS,
): PlanScopeWords {
  const taken: Span[] = [];
  const free = (s: Span) => !taken.some((t) => s.start < t.end && t.start < s.end);
  const own = (s: Span) => ownPhrase(text.slice(s.start, s.end + 2));

  const years: PlanScopeWords['years'] = [];
  for (const m of text.matchAll(YEAR)) {
    const span = { start: m.index, end: m.index + m[0].length - (m[3]?.length ?? 0) };
    const after = text.slice(m.index + m[0].length);
    // "2022和2023年": a bare year counts when a connector joins it to a year.
    if (!m[2] && !(CONNECTOR.test(after) && /^\s*\S{0,3}?(19|20)\d{2}/.test(after.replace(CONNECTOR, ''))))
      continue;
    years.push({ value: Number(m[1]), span, dated: Boolean(m[3]) });
    taken.push(span);
  }
  for (const [word, delta] of RELATIVE_YEARS) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
      const span = { start: at, end: at + word.length };
      if (!free(span)) continue;
      years.push({ value: clockYear + delta, span, dated: false });
      taken.push(span);
    }
  }
  years.sort((a, b) => a.span.start - b.span.start);
  const distinct = years.filter((y, i) => years.findIndex((o) => o.value === y.value) === i);

  let level: PlanScopeWords['level'] = null;
  for (const [word, value] of LEVEL_WORDS) {
    const at = text.indexOf(word);
    if (at < 0) continue;
    const span = { start: at, end: at + word.length };
    if (!free(span) || own(span)) continue;
    level = { value, span };
    taken.push(span);
    break;
  }

  let region: PlanScopeWords['region'] = null;
  for (const m of text.matchAll(regionPattern(regions))) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (!free(span) || own(span)) continue;
    region = { value: bareRegion(m[0]), span };
    taken.push(span);
    break;
  }

  let title: PlanScopeWords['title'] = null;
  const blanked = [...text].map((c, i) => (taken.some((t) => i >= t.start && i < t.end) ? ' ' : c)).join('');
  const t = TITLE.exec(blanked);
  if (t) {
    // "国务院那个文件": a demonstrative alone is no title; the plan is named by the words before it.
    const words = (t[1] ?? t[2] ?? '')
      .replace(/[“”]/g, '')
      .replace(TITLE_NOISE, '')
      .replace(/(那个|这个|那份|这份)$/, '');
    const span = { start: t.index, end: t.index + t[0].length };
    if (words.length >= 2) title = { value: words, span };
  }
  return { years: distinct, region, level, title, change: CHANGE.test(text) };
}

/** The province a bare region name belongs to ("成都" → "四川"), or itself for a province. */
export function provinceOf(bare: string): string | null {
  if (PROVINCES.some((p) => p.name === bare)) return bare;
  return ALL_CITIES.find((c) => c.name === bare)?.province ?? null;
}

/** The level of government a plan's region is: 全国, a province, or a city. */
export function levelOf(region: string | null, issuer: string | null): Level | null {
  if (region === '全国' || issuer?.startsWith('国务院')) return 'national';
  if (!region) return null;
  const bare = bareRegion(region);
  if (PROVINCES.some((p) => p.name === bare)) return 'province';
  return 'city';
}

/** Character pairs, the unit title words are matched by. */
export function pairs(text: string): Set<string> {
  const plain = text.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, '');
  return new Set(Array.from({ length: Math.max(0, plain.length - 1) }, (_, i) => plain.slice(i, i + 2)));
}
