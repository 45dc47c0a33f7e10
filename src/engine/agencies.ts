import Fuse from 'fuse.js';
import type { AliasTable, Plan } from '../plan/model.ts';
import { CITIES, cityNames } from './slots/regions.ts';
import { planScope } from './slots/scope.ts';

export interface AgencyMention {
  /** The plan's name for it. */
  agency: string;
  /** The words the question used. */
  surface: string;
  start: number;
  /** Named in the plan's notes, or only in the alias table (then it has no tasks). */
  inPlan: boolean;
}

interface Surface {
  surface: string;
  agency: string;
}

/** An agency-looking word: what staff call a department ends in one of these. */
// "办" and "政府" are left out: 编办 and 各市(州)人民政府 are only ever written one way, and
// "…通办" is everywhere in the plan.
const AGENCY_SUFFIX = /(?:厅|局|委|中心|院|海关|分行)$/;
const FUZZY_THRESHOLD = 0.34;

function isSubsequence(short: string, long: string): boolean {
  let at = 0;
  for (const ch of long) if (ch === short[at]) at++;
  return at === short.length;
}

/**
 * Finds agencies in a question: exact names and aliases first (longest wins), then fuse.js
 * for near-misses of agency-looking words ("省市场监督局", "大数局中心").
 */
export class AgencyResolver {
  private readonly surfaces: Surface[];
  /** Surfaces by their first character, each list in `surfaces` order: a question is scanned once. */
  private readonly byFirst = new Map<string, { surface: string; agency: string; rank: number }[]>();
  private readonly fuse: Fuse<Surface>;
  private readonly planAgencies: Set<string>;

  constructor(plan: Plan, aliases: AliasTable) {
    this.planAgencies = new Set([...plan.agencies, ...plan.planWideResponsible]);
    const all = new Map<string, string>();
    for (const agency of this.planAgencies) all.set(agency, agency);
    for (const [agency, names] of Object.entries(aliases)) {
      all.set(agency, agency);
      for (const name of names) if (!all.has(name)) all.set(name, agency);
    }
    // Staff drop the province: "政务服务和资源交易服务中心", "市场监管局". A later plan's new
    // agencies get these without an entry in the alias table.
    for (const agency of [...all.values()]) {
      const bare = agency.replace(/^(四川省|四川|省)/, '');
      if (bare !== agency && bare.length >= 3 && !all.has(bare)) all.set(bare, agency);
    }
    // 市州, 市(州) and 市（州） are one party; "各" and "人民" are often dropped: 市州政府, 各市州.
    for (const agency of [...all.values()]) {
      if (!/[(（]州[)）]/.test(agency)) continue;
      const [head = '', tail = ''] = agency.split(/[(（]州[)）]/);
      const heads = [...new Set([head, head.replace(/^各/, '')])].flatMap((h) => [`${h}(州)`, `${h}州`]);
      const tails = [...new Set([tail, tail.replace('人民政府', '政府'), ''])];
      for (const h of heads) {
        for (const t of tails) {
          const variant = h + t;
          if (variant.length >= 3 && !all.has(variant)) all.set(variant, agency);
        }
      }
    }
    // A city of the plan's province ("成都市", "绵阳") is one of the plan-wide 各市(州)人民政府; in a
    // city's own plan (威海) the plan-wide 各区市政府 are its districts, and other cities are no party.
    const cities = plan.planWideResponsible.find((a) => /市/.test(a));
    const own = planScope(plan);
    const province = cities && !own.city ? own.province : null;
    for (const city of CITIES) {
      if (!cities || city.province !== province) continue;
      for (const name of cityNames(city)) if (!all.has(name)) all.set(name, cities);
    }
    this.surfaces = [...all].map(([surface, agency]) => ({ surface, agency }));
    this.surfaces.sort((a, b) => b.surface.length - a.surface.length);
    this.surfaces.forEach(({ surface, agency }, rank) => {
      const first = surface[0] as string;
      const list = this.byFirst.get(first) ?? [];
      list.push({ surface, agency, rank });
      this.byFirst.set(first, list);
    });
    this.fuse = new Fuse(this.surfaces, {
      keys: ['surface'],
      includeScore: true,
      threshold: FUZZY_THRESHOLD,
      ignoreLocation: true,
    });
  }

  /** Every surface form, for teaching the tokenizer. */
  vocabulary(): string[] {
    return this.surfaces.map((s) => s.surface);
  }

  /**
   * The one plan agency a short name stands for: same level and ending, its characters in order
   * ("市审批局" → 市行政审批服务局, "市场监管局" → 市场监督管理局); null when none or several fit.
   */
  expand(name: string): string | null {
    const fits = [...this.planAgencies].filter(
      (agency) =>
        agency !== name &&
        agency[0] === name[0] &&
        agency.at(-1) === name.at(-1) &&
        isSubsequence(name, agency),
    );
    return fits.length === 1 ? (fits[0] ?? null) : null;
  }

  inPlan(agency: string): boolean {
    return this.planAgencies.has(agency);
  }

  /**
   * Agencies named in the text, in order, without overlaps. Near-misses are looked for only when
   * asked (`fuzzy`): the search costs far more than the exact scan, and only agency questions need it.
   */
  find(text: string, { fuzzy = true }: { fuzzy?: boolean } = {}): AgencyMention[] {
    // Every occurrence of every surface, found by one pass over the text's characters; then, as
    // before, longer surfaces (and earlier ones in the table) claim their characters first.
    const hits: { surface: string; agency: string; rank: number; at: number }[] = [];
    for (let at = 0; at < text.length; at++) {
      const candidates = this.byFirst.get(text[at] as string);
      if (!candidates) continue;
      for (const c of candidates) if (text.startsWith(c.surface, at)) hits.push({ ...c, at });
    }
    hits.sort((a, b) => a.rank - b.rank || a.at - b.at);
    const taken: boolean[] = [];
    const found: AgencyMention[] = [];
    for (const { surface, agency, at } of hits) {
      const end = at + surface.length;
      if (taken.slice(at, end).some(Boolean)) continue;
      for (let i = at; i < end; i++) taken[i] = true;
      found.push({ agency, surface, start: at, inPlan: this.inPlan(agency) });
    }
    if (found.length === 0 && fuzzy) {
      const near = this.nearMiss(text);
      if (near) found.push(near);
    }
    return found.sort((a, b) => a.start - b.start);
  }

  /** The best near-miss for an agency-looking word in the text, if one is close enough. */
  private nearMiss(text: string): AgencyMention | null {
    let best: { mention: AgencyMention; score: number } | null = null;
    for (const m of text.matchAll(/\p{Script=Han}{2,14}/gu)) {
      const run = m[0];
      // Try each agency-looking stretch that ends the way agency names end.
      for (let end = run.length; end >= 3; end--) {
        const head = run.slice(0, end);
        if (!AGENCY_SUFFIX.test(head)) continue;
        for (let start = Math.max(0, end - 14); start <= end - 3; start++) {
          const candidate = head.slice(start);
          const hit = this.fuse.search(candidate, { limit: 1 })[0];
          if (!hit || hit.score === undefined) continue;
          // Require similar length so "中心" does not become a long name.
          if (Math.abs(hit.item.surface.length - candidate.length) > 2) continue;
          if (!best || hit.score < best.score) {
            best = {
              score: hit.score,
              mention: {
                agency: hit.item.agency,
                surface: candidate,
                start: (m.index ?? 0) + start,
                inPlan: this.inPlan(hit.item.agency),
              },
            };
          }
        }
      }
    }
    return best?.mention ?? null;
  }
}
