import type { Plan } from '../../plan/model.ts';
import type { Scope, Span } from '../query.ts';
import { MORE_CITIES } from './cities.ts';
import { CITIES, PROVINCES } from './regions.ts';

/** Every city the engine knows: the large ones and Sichuan's, then every prefecture-level city. */
const ALL_CITIES: readonly { name: string; province: string }[] = [...CITIES, ...MORE_CITIES];
const bareRegion = (name: string): string =>
  name.replace(/(省|市|州|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '');

/** The province a region name belongs to ("深圳" → "广东", "四川省" → "四川"), or null. */
function provinceOf(name: string): string | null {
  const bare = bareRegion(name);
  if (PROVINCES.some((p) => p.name === bare)) return bare;
  return ALL_CITIES.find((c) => c.name === bare)?.province ?? null;
}

const lastYears = new WeakMap<Plan, number>();
/**
 * The year of the plan's last deadline: a 2018 plan whose measures run "至2020年12月31日" covers
 * 2020 too ("哪些政策执行到2020年底"). Kept per plan: the deadlines do not change.
 */
function lastDeadlineYear(plan: Plan): number {
  let year = lastYears.get(plan);
  if (year === undefined) {
    year = Math.max(
      plan.year,
      ...plan.tasks.flatMap((t) => t.deadlines.map((d) => Number(d.date.slice(0, 4)))),
    );
    lastYears.set(plan, year);
  }
  return year;
}

/**
 * The loaded plan's years and province: its metadata where the reader found them (issue 9),
 * else the title ("四川省…"). With several plans (issue 10) this one function is what changes.
 */
export function planScope(plan: Plan): {
  year: number;
  endYear: number;
  /** The year of the plan's last deadline, if later than `endYear`. */
  lastDate: number;
  province: string | null;
  /** A city's or prefecture's plan: its region ("威海市"); null for a province's or the state's. */
  city: string | null;
  title: string;
} {
  const region = plan.meta?.region ? provinceOf(plan.meta.region) : null;
  const named = PROVINCES.find((p) => plan.title.includes(p.name));
  return {
    year: plan.year,
    endYear: Math.max(plan.year, plan.meta?.endYear ?? plan.year),
    lastDate: Math.max(plan.year, plan.meta?.endYear ?? plan.year, lastDeadlineYear(plan)),
    province: region ?? named?.name ?? null,
    city: plan.meta?.region && /[市州]$/.test(plan.meta.region) ? plan.meta.region : null,
    title: plan.title,
  };
}

const REGION = new RegExp(
  `(${[...PROVINCES.map((p) => p.name), ...ALL_CITIES.map((c) => c.name)].sort((a, b) => b.length - a.length).join('|')})(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)?`,
  'g',
);
/** A character every year, region or title mention holds. */
const MAY_NAME_SCOPE = new RegExp(
  `\\d{4}|年|要点|方案|规划|计划|《|[${[...new Set([...PROVINCES.map((p) => p.name[0]), ...ALL_CITIES.map((c) => c.name[0])])].join('')}]`,
);
const YEAR = /(?<!\d)((?:19|20)\d{2})\s*年(?:度)?/;
/** After a year, a month, a quarter, a half or the year's end make it a date, not a plan's year. */
const DATE_AFTER_YEAR =
  /^\s*(\d{1,2}月|[一二三四五六七八九十]{1,3}月|年?底|年?末|上半年|下半年|第?[一二三四1-4]季度)/;
const RELATIVE_YEAR: Record<string, number> = { 去年: -1, 前年: -2, 明年: 1, 后年: 2 };
const RELATIVE = /去年|前年|明年|后年/;
/** "烟台市的…": a city named as a place; "城市", "超市", "都市" and the like are no city. */
const OTHER_CITY =
  /(?:^|[，,。？?\s在和与对])(\p{Script=Han}{1,2}[^\P{Script=Han}城超都门股楼菜上夜集开]市)(?=的|里|这|那|在|有|要|是|怎么|什么|哪|今年|明年|去年|\d)/u;
/** "数字政府工作要点", "《…行动方案》": a plan named by its title words. */
const TITLE = /《([^》]{2,40})》|([\p{Script=Han}“”]{2,16}?)(工作要点|要点|实施方案|行动方案|行动计划|规划)/u;

/**
 * The year, region and plan title a question names, each with its span. Only mentions that can
 * name a plan count: a region word the plan itself uses in that phrase ("重庆主城都市区",
 * "成都海关") is a topic or an agency, not a scope. `taken` are spans other slots already hold;
 * `nowYear` is the year on the clock in the plan's time zone, which "去年/明年" count from.
 */
export function findScope(
  text: string,
  plan: Plan,
  planText: string,
  taken: Span[],
  nowYear: number,
): Scope | null {
  // Most questions name no year, region or title: a scan for the characters they start with is cheaper.
  if (!MAY_NAME_SCOPE.test(text)) return null;
  const free = (s: Span) => !taken.some((t) => s.start < t.end && t.start < s.end);
  let year: Scope['year'] = null;
  const y = YEAR.exec(text);
  if (y) {
    const span = { start: y.index, end: y.index + y[0].length };
    year = { value: Number(y[1]), span, dated: DATE_AFTER_YEAR.test(text.slice(span.end)) };
  }
  const rel = RELATIVE.exec(text);
  if (!year && rel) {
    year = {
      // "去年" is said against the clock: in 2023 it is 2022, whatever plan is loaded.
      value: nowYear + (RELATIVE_YEAR[rel[0]] ?? 0),
      span: { start: rel.index, end: rel.index + rel[0].length },
    };
  }

  let region: Scope['region'] = null;
  for (const m of text.matchAll(REGION)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (!free(span)) continue;
    // The plan's own phrase ("重庆主城都市区", "成都市和…") is what the question is about.
    if (planText.includes(text.slice(span.start, span.end + 2))) continue;
    region = { value: m[0], span };
    break;
  }

  // A city's plan asked about another city ("烟台市的网上办", in 数字威海): any "XX市" it does not hold.
  const city = planScope(plan).city;
  const other = !region && city ? OTHER_CITY.exec(text) : null;
  if (other?.[1] && other[1] !== city && !planText.includes(other[1])) {
    const start = other.index + other[0].indexOf(other[1]);
    const span = { start, end: start + other[1].length };
    if (free(span)) region = { value: other[1], span };
  }

  let title: Scope['title'] = null;
  const t = TITLE.exec(text);
  if (t) {
    const words = (t[1] ?? t[2] ?? '').replace(/[“”]/g, '');
    const span = { start: t.index, end: t.index + t[0].length };
    // "要点" alone is how staff call any plan ("今年这个要点里"): it names this plan's title
    // only when its words fit, and never another plan's.
    const weak = t[3] === '要点' && !titleFits(words, plan.title, planText);
    if (words && free(span) && !weak) title = { value: words, span };
  }
  return year || region || title ? { year, region, title } : null;
}

/**
 * Why the loaded plan cannot answer for the scope asked, or null when it can: another year,
 * a region outside the plan's province, or a title that shares too little with the plan's.
 */
export function scopeMismatch(scope: Scope | null, plan: Plan, planText: string): string | null {
  if (!scope) return null;
  const own = planScope(plan);
  // A date inside the plan's own deadlines ("执行到2020年底" in a 2018 plan) is the plan's; a year
  // naming a plan ("2020年的意见") must be the plan's own.
  const last = scope.year?.dated ? own.lastDate : own.endYear;
  if (scope.year && (scope.year.value < own.year || scope.year.value > last)) return `${scope.year.value}年`;
  if (scope.region) {
    const province = provinceOf(scope.region.value);
    if (province && own.province && province !== own.province) return scope.region.value;
    // A city's plan covers that city only: another city, even in its province, is another plan's.
    const bare = (name: string) => name.replace(/(省|市|州)$/, '');
    const asked = bare(scope.region.value);
    const isProvince = PROVINCES.some((p) => p.name === asked);
    if (own.city && !isProvince && asked !== bare(own.city)) return scope.region.value;
  }
  if (scope.title && !titleFits(scope.title.value, own.title, planText)) return `“${scope.title.value}”`;
  return null;
}

/** A named title fits when the plan holds it verbatim or shares most of its character pairs. */
function titleFits(words: string, title: string, planText: string): boolean {
  const plain = title.replace(/[“”"]/g, '');
  if (words.length < 3 || plain.includes(words) || planText.includes(words)) return true;
  const pairs = (s: string) =>
    new Set(Array.from({ length: Math.max(0, s.length - 1) }, (_, i) => s.slice(i, i + 2)));
  const asked = pairs(words.replace(/(工作要点|要点|实施方案|行动方案|行动计划|方案|规划|计划)$/, ''));
  if (asked.size === 0) return true;
  const own = pairs(plain);
  let shared = 0;
  for (const p of asked) if (own.has(p)) shared++;
  return shared / asked.size >= 0.5;
}

/**
 * "这个方案", "这份文件", "本要点": the question points at the loaded plan itself, whatever the
 * genre calls itself (方案, 意见, 要点, 通知…). A bare genre word counts only at the start of a
 * question ("方案叫什么"), since inside one it is usually a task's own word ("改造方案").
 */
const PLAN_ITSELF =
  /(这个|这份|该|本|此|整个|咱们这个|我们这个)(工作要点|要点|实施方案|行动方案|方案|意见|文件|通知|计划|规划)|^(工作要点|要点|实施方案|行动方案|方案|意见|文件|通知|计划|规划)(?=[是叫一共总共有里中的讲说]|大概|大致|大体|主要|基本|概况|整体|总体)/;

export function findPlanItself(text: string, taken: Span[]): Span | null {
  const m = PLAN_ITSELF.exec(text);
  if (!m) return null;
  const span = { start: m.index, end: m.index + m[0].length };
  return taken.some((t) => span.start < t.end && t.start < span.end) ? null : span;
}
