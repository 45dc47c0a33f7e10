import type { Plan, Section, Task } from '../plan/model.ts';
import { bigrams } from '../nlp/tokenizer.ts';
import type { Span } from './query.ts';
import type { RankedTask } from './ranker.ts';
import type { Reading } from './understand.ts';

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

/**
 * "除了保障措施以外", "第六部分之外": the section is left out, not asked for. The section is
 * where its number was said, or else where the title's words are (the topic runs that picked it).
 */
export function sectionLeftOut(reading: Reading, section: Section): boolean {
  if (reading.numbered?.kind === 'section') return leftOutAt(reading.text, reading.numbered.span);
  const title = section.title.replace(/[“”"]/g, '');
  const at = reading.runs
    .filter((r) => r.length >= 2 && title.includes(r))
    .map((r) => ({ start: reading.text.indexOf(r), end: reading.text.indexOf(r) + r.length }))
    .filter((s) => s.start >= 0);
  if (at.length === 0) return false;
  const span = { start: Math.min(...at.map((s) => s.start)), end: Math.max(...at.map((s) => s.end)) };
  return leftOutAt(reading.text, span);
}

// Only words that leave a part out: "第五部分不涉及大数据中心的" negates the agency, not the part.
const LEFT_OUT_BEFORE = /(除了?|不包括|不含|排除|不在|不属于)$/;
const LEFT_OUT_AFTER = /^(以外|之外|除外)/;

function leftOutAt(text: string, span: Span): boolean {
  return (
    LEFT_OUT_BEFORE.test(text.slice(Math.max(0, span.start - 4), span.start)) ||
    LEFT_OUT_AFTER.test(text.slice(span.end, span.end + 3))
  );
}
