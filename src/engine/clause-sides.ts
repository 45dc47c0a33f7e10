import type { Deadline, Plan } from '../plan/model.ts';
import { MIN_COVERAGE } from './interpret.ts';
import type { RankedClause, TaskRanker } from './ranker.ts';
import type { Reading } from './understand.ts';

/** Comparisons of dates, which may name a clause on each side rather than a task. */
export const DATE_COMPARISONS: ReadonlySet<string> = new Set([
  'compare_when',
  'compare_later',
  'compare_days',
  'compare_same_day',
]);
/** Words that join the two sides of a comparison inside one run ("X到Y隔了多少天"). */
const SIDE_JOINER = /到|和|与|跟|同|比|及/;

/**
 * The dated clause each side names, best first per side, one per clause: by the runs, or one run
 * cut where a joining word stands; a numbered task alone gives its first and last deadline.
 */
export function clauseSides(reading: Reading, plan: Plan, ranker: TaskRanker): RankedClause<Deadline>[] {
  const parts =
    reading.runs.length === 1
      ? (reading.runs[0] as string).split(SIDE_JOINER).filter((p) => p.length >= 2)
      : reading.runs;
  const out: RankedClause<Deadline>[] = [];
  if (parts.length >= 2) {
    for (const part of parts) {
      const best = ranker.rankDeadlines([part], new Map())[0];
      if (best && best.coverage >= MIN_COVERAGE && !out.some((c) => c.item === best.item)) out.push(best);
    }
  }
  const numbered =
    reading.numbered?.kind === 'task' && reading.taskIds.length < 2 ? reading.numbered.taskId : null;
  const task = numbered ? plan.tasks.find((t) => t.id === numbered) : undefined;
  if (out.length < 2 && task && task.deadlines.length >= 2) {
    const [first, last] = [task.deadlines[0], task.deadlines.at(-1)] as [Deadline, Deadline];
    return [first, last].map((item) => ({ task, item, score: 1, coverage: 1 }));
  }
  return out.length >= 2 ? out : [];
}
