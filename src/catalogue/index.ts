import type { PlanEntry } from './catalogue.ts';
import { bareRegion } from './key.ts';
import {
  LEVEL_WORD_LIST,
  levelOf,
  pairs,
  provinceOf,
  regionPattern,
  type Level,
  type PlanScopeWords,
} from './scope-words.ts';

/** Title pairs every plan title has, which say nothing about which plan is meant. */
const TITLE_FILLER = pairs('工作要点实施方案行动方案若干意见关于印发通知年度');

/**
 * Plans by year, region, level and title pairs, built once per loaded set, so picking the plans a
 * question names costs a few map look-ups however many plans and tasks are loaded.
 */
export class PlanIndex {
  private readonly byYear = new Map<number, PlanEntry[]>();
  private readonly byRegion = new Map<string, PlanEntry[]>();
  private readonly byProvince = new Map<string, PlanEntry[]>();
  private readonly byLevel = new Map<Level, PlanEntry[]>();
  private readonly byPair = new Map<string, PlanEntry[]>();
  private readonly titlePairs = new Map<string, Set<string>>();
  /** The loaded plans' own regions ("威海"), which the built-in region table may lack. */
  readonly regions: string[];
  /**
   * Every region or level word in the plans' text with the two characters after it ("成都海关",
   * "省政府办公"): in a question, such a phrase names an agency or a topic, not a plan.
   */
  private readonly ownPhrases = new Set<string>();

  constructor(readonly entries: readonly PlanEntry[]) {
    const add = <K>(map: Map<K, PlanEntry[]>, key: K, e: PlanEntry) => {
      const list = map.get(key) ?? [];
      if (!list.includes(e)) list.push(e);
      map.set(key, list);
    };
    for (const e of entries) {
      for (let y = e.plan.year; y <= e.plan.meta.endYear; y++) add(this.byYear, y, e);
      if (e.region) {
        const bare = bareRegion(e.region);
        add(this.byRegion, bare, e);
        const province = provinceOf(bare);
        if (province) add(this.byProvince, province, e);
      }
      const level = levelOf(e.region, e.plan.meta.issuer);
      if (level) add(this.byLevel, level, e);
      if (e.plan.meta.issuer?.startsWith('国务院')) add(this.byRegion, '国务院', e);
      const own = pairs(e.plan.title);
      for (const p of TITLE_FILLER) own.delete(p);
      this.titlePairs.set(e.key, own);
      for (const p of own) add(this.byPair, p, e);
    }
    this.regions = [...this.byRegion.keys()];
    const pattern = regionPattern(this.regions);
    for (const e of entries) {
      for (const m of e.text.matchAll(pattern))
        this.ownPhrases.add(e.text.slice(m.index, m.index + m[0].length + 2));
      for (const word of LEVEL_WORD_LIST)
        for (let at = e.text.indexOf(word); at >= 0; at = e.text.indexOf(word, at + 1))
          this.ownPhrases.add(e.text.slice(at, at + word.length + 2));
    }
  }

  /** Whether a phrase of a question is some loaded plan's own wording (see ownPhrases). */
  isOwnPhrase(phrase: string): boolean {
    return this.ownPhrases.has(phrase);
  }

  year(value: number): PlanEntry[] {
    return this.byYear.get(value) ?? [];
  }

  /** Plans for the region; a city without plans of its own falls under its province's plans. */
  region(bare: string): PlanEntry[] {
    const own = this.byRegion.get(bare);
    if (own) return own;
    const province = provinceOf(bare);
    return province && province !== bare ? (this.byRegion.get(province) ?? []) : [];
  }

  level(value: Level): PlanEntry[] {
    return this.byLevel.get(value) ?? [];
  }

  /** Plans whose title holds at least half the pairs of the words ("营商环境", "法治政府建设"). */
  title(words: string): PlanEntry[] {
    const asked = pairs(words.replace(/(工作要点|要点|实施方案|行动方案|方案|文件|意见|规划|计划)$/, ''));
    for (const p of TITLE_FILLER) asked.delete(p);
    if (asked.size === 0) return [];
    const hits = new Map<PlanEntry, number>();
    for (const p of asked) for (const e of this.byPair.get(p) ?? []) hits.set(e, (hits.get(e) ?? 0) + 1);
    const best = Math.max(0, ...hits.values());
    if (best / asked.size < 0.5) return [];
    return [...hits].filter(([, n]) => n === best).map(([e]) => e);
  }

  /** Every plan a question's scope words allow, and which word ruled all of them out (if one did). */
  select(scope: PlanScopeWords): { plans: PlanEntry[]; missing: string | null } {
    let plans: PlanEntry[] = [...this.entries];
    const narrow = (found: PlanEntry[], said: string): string | null => {
      const allowed = new Set(found);
      const next = plans.filter((e) => allowed.has(e));
      if (next.length === 0) return said;
      plans = next;
      return null;
    };
    if (scope.years.length === 1) {
      const [y] = scope.years;
      const missing = y && narrow(this.year(y.value), `${y.value}年`);
      if (missing) return { plans: [], missing };
    }
    if (scope.region) {
      const missing = narrow(this.region(scope.region.value), scope.region.value);
      if (missing) return { plans: [], missing };
    }
    if (scope.level) {
      const said = { national: '国务院（全国）', province: '省级', city: '市级' }[scope.level.value];
      const missing = narrow(this.level(scope.level.value), said);
      if (missing) return { plans: [], missing };
    }
    if (scope.title) {
      const found = this.title(scope.title.value);
      // Title words that match no loaded title name another document only if no plan uses them.
      if (found.length > 0) {
        const missing = narrow(found, `“${scope.title.value}”`);
        if (missing) return { plans: [], missing };
      }
    }
    return { plans, missing: null };
  }
}
