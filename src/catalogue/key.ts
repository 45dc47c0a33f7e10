import { basename } from 'node:path';
import { CITIES, PROVINCES } from '../engine/slots/regions.ts';
import { spelledWord } from '../nlp/pinyin.ts';
import type { Plan } from '../plan/model.ts';

/**
 * A plan's stable key, "<region>-<year>-<name>" in lowercase ASCII: "sichuan-2022-fangguanfu".
 * Built from the region the plan names (or its file name's first word, when that is a region in
 * pinyin), its year, and the file name's other words, so re-reading the same file gives the same
 * key and a reminder or subscription that names it survives a restart.
 */

const toPinyin = spelledWord;

/**
 * The words read here at every start (every region name, bare), whose readings
 * src/nlp/pinyin-readings.json holds so that opening a plan never loads pinyin-pro.
 */
export const REGION_WORDS: readonly string[] = [
  ...PROVINCES.map((p) => p.name),
  ...CITIES.map((c) => c.name),
  '全国',
];

const SUFFIX = /(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/;

/** "四川省" → "四川"; "全国" stays. */
export const bareRegion = (region: string): string => region.replace(SUFFIX, '') || region;

/** Region names by their pinyin ("chengdu" → "成都市"), for file names that say where a plan is for. */
const BY_PINYIN = new Map<string, string>([
  ...PROVINCES.map((p) => [toPinyin(p.name), `${p.name}${p.suffix}`] as const),
  ...CITIES.map((c) => [toPinyin(c.name), `${c.name}市`] as const),
  ['quanguo', '全国'],
]);

/** Lowercase ASCII words of a file name without extension: "sichuan-fangguanfu-2022.txt" → [sichuan, fangguanfu, 2022]. */
function fileWords(file: string): string[] {
  const stem = basename(file).replace(/\.[^.]+$/, '');
  const ascii = /[^\t -~]/.test(stem) ? toPinyin(stem) || stem : stem;
  return ascii.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** The plan's region: what the text says, else the region its file name starts with, else null. */
export function planRegion(plan: Plan, file: string): string | null {
  if (plan.meta.region) return plan.meta.region;
  const first = fileWords(file)[0];
  return (first && BY_PINYIN.get(first)) ?? null;
}

/** "sichuan-2022-fangguanfu" for the seed, "quanguo-2018-gov-employment" for the State Council's. */
export function planKey(plan: Plan, region: string | null, file: string): string {
  const regionWord = region ? toPinyin(bareRegion(region)) || 'plan' : 'plan';
  const words = fileWords(file).filter((w) => w !== regionWord && !/^(19|20)\d{2}$/.test(w));
  const name = words.length > 0 ? words.join('-') : toPinyin(plan.title).slice(0, 16) || 'plan';
  return `${regionWord}-${plan.year}-${name}`;
}

/** What kind of document the title says it is, for short names: 要点, 方案, 意见… */
const KINDS: readonly [RegExp, string][] = [
  [/要点$/, '要点'],
  [/方案$/, '方案'],
  [/意见$/, '意见'],
  [/(规划|计划)$/, '规划'],
  [/(通知|办法)$/, '文件'],
];

/** "2023年要点": how a reply names a plan that is not the default. */
export function planShortName(plan: Plan): string {
  const kind = KINDS.find(([re]) => re.test(plan.title))?.[1] ?? '计划';
  return `${plan.year}年${kind}`;
}
