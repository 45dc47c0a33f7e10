import type { Plan, Section, Task } from '../plan/model.ts';
import { bigrams } from '../nlp/tokenizer.ts';
import type { RankedTask } from './ranker.ts';

const stripQuotes = (s: string): string => s.replace(/[“”"]/g, '');

/** A title without quote marks, and its bigrams. */
interface Title {
  plain: string;
  bigrams: Set<string>;
}

const titles = new WeakMap<Section | Task, Title>();
/** A section's or task's title as similarity reads it, made once: titles are compared on many questions. */
function titleOf(owner: Section | Task): Title {
  let title = titles.get(owner);
  if (!title) {
    const plain = stripQuotes(owner.title);
    title = { plain, bigrams: new Set(bigrams(plain)) };
    titles.set(owner, title);
  }
  return title;
}

/**
 * How well a title fits what was asked (`asked` without quote marks, and its bigrams): 1 when the
 * title is said in full; when the question asks for a list, the share of its bigrams found in the
 * title (at least 80%) counts nearly as much; otherwise their Dice similarity.
 */
function similarity(asked: Title, title: Title, listed: boolean): number {
  if (asked.plain.includes(title.plain)) return 1;
  const x = asked.bigrams;
  const y = title.bigrams;
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  const contained = x.size === 0 ? 0 : both / x.size;
  if (contained === 1 && x.size >= 3) return 0.95;
  if (listed && contained >= 0.8) return 0.9 * contained;
  return x.size + y.size === 0 ? 0 : (2 * both) / (x.size + y.size);
}

/** Above this similarity to a section title, the question names the section. */
const SECTION_SIMILARITY = 0.6;

/**
 * The section a question names ("保障措施有哪些", "成渝双城经济圈有哪些工作"), when its title fits
 * better than any task's title does; "…方面有哪些任务" prefers the section on a tie.
 */
export function bestSection(
  plan: Plan,
  listed: boolean,
  part: boolean,
  runs: string[],
  ranked: RankedTask[],
): Section | null {
  const plain = stripQuotes(runs.join(''));
  if (!plain) return null;
  const asked = { plain, bigrams: new Set(bigrams(plain)) };
  let best: { section: Section; score: number } | null = null;
  for (const section of plan.sections) {
    const score = similarity(asked, titleOf(section), listed);
    if (!best || score > best.score) best = { section, score };
  }
  if (!best || best.score < SECTION_SIMILARITY) return part ? sectionOfTasks(plan, ranked) : null;
  const bestTaskTitle = Math.max(
    0,
    ...ranked.slice(0, 5).map((r) => similarity(asked, titleOf(r.task), listed)),
  );
  const wins = part ? best.score >= bestTaskTitle : best.score > bestTaskTitle;
  return wins ? best.section : null;
}

/** A task holds a part's words only when it holds all of them: a part is named by a short word. */
const HOLDS_TOPIC = 1;

/**
 * "川渝那一块": a part named by words its title lacks is the section where most of the tasks that
 * hold all those words sit — at least two of them, and more than in any other section.
 */
function sectionOfTasks(plan: Plan, ranked: RankedTask[]): Section | null {
  const bySection = new Map<number, number>();
  for (const r of ranked) {
    if (r.coverage >= HOLDS_TOPIC)
      bySection.set(r.task.sectionNumber, (bySection.get(r.task.sectionNumber) ?? 0) + 1);
  }
  const [first, second] = [...bySection].sort((a, b) => b[1] - a[1]);
  if (!first || first[1] < 2 || (second && second[1] === first[1])) return null;
  return plan.sections.find((s) => s.number === first[0]) ?? null;
}

/** The section whose whole title the question says, the longest where several are. */
export function titleSaid(plan: Plan, text: string): Section | null {
  let best: Section | null = null;
  for (const s of plan.sections)
    if (s.title.length >= 2 && text.includes(s.title) && s.title.length > (best?.title.length ?? 0)) best = s;
  return best;
}
