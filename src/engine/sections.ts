import type { Plan, Section } from '../plan/model.ts';
import { bigrams } from '../nlp/tokenizer.ts';
import type { RankedTask } from './ranker.ts';

const stripQuotes = (s: string): string => s.replace(/[“”"]/g, '');

/**
 * How well a title fits what was asked: 1 when the title is said in full; nearly as much when
 * every bigram asked is in the title ("最多跑一次改革"); otherwise their Dice similarity.
 */
function similarity(asked: string, title: string): number {
  const plain = stripQuotes(title);
  if (asked.includes(plain)) return 1;
  const x = new Set(bigrams(asked));
  const y = new Set(bigrams(plain));
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  if (x.size >= 3 && both === x.size) return 0.95;
  return x.size + y.size === 0 ? 0 : (2 * both) / (x.size + y.size);
}

/** Above this similarity to a section title, the question names the section. */
const SECTION_SIMILARITY = 0.6;

/**
 * The section a question names ("保障措施有哪些", "持续优化营商环境有哪些任务"), when its title
 * fits the question better than any task's title does.
 */
export function bestSection(plan: Plan, runs: string[], ranked: RankedTask[]): Section | null {
  const asked = stripQuotes(runs.join(''));
  if (!asked) return null;
  let best: { section: Section; score: number } | null = null;
  for (const section of plan.sections) {
    const score = similarity(asked, section.title);
    if (!best || score > best.score) best = { section, score };
  }
  if (!best || best.score < SECTION_SIMILARITY) return null;
  const bestTaskTitle = Math.max(0, ...ranked.slice(0, 5).map((r) => similarity(asked, r.task.title)));
  return best.score > bestTaskTitle ? best.section : null;
}
