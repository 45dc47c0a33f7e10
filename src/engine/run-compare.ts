import { compareAgencies, compareClauses, compareTasks, type TaskComparison } from './answers/compare.ts';
import type { Draft } from './answers/task.ts';
import type { Run } from './run.ts';
import { taskMeasure } from './run-sets.ts';

/** What each comparison phrase (phrases-sets.ts) asks of two tasks' or clauses' dates. */
const DATE_ASKS: Readonly<Record<string, 'when' | 'later' | 'days' | 'same_day'>> = {
  compare_when: 'when',
  compare_later: 'later',
  compare_days: 'days',
  compare_same_day: 'same_day',
};

/**
 * Two sides of a comparison: two agencies (who holds more), two dated clauses named as such
 * ("X到Y隔了多少天") unless two tasks were numbered, else two tasks (dates, a measure, or leads).
 */
export function compare(run: Run): Draft {
  const { plan, query, reading, interpretation } = run;
  const agencies = reading.agencies.filter((a) => !a.negated).map((a) => a.agency);
  if (agencies.length >= 2) return compareAgencies(plan, agencies.slice(0, 2), reading.roleSaid ?? 'any');
  const dates = DATE_ASKS[query.cue];
  const [first, second] = interpretation.clauses;
  if (dates && first && second && reading.taskIds.length < 2) return compareClauses(first, second, dates);
  const sides = interpretation.sides.map((s) => s.task).slice(0, 2);
  const what: TaskComparison = dates ?? (query.cue === 'compare_more' ? taskMeasure(reading.text) : 'leads');
  return compareTasks(sides, what);
}
