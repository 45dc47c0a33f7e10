import type { Plan, Task } from '../plan/model.ts';
import { applyFilters } from './filters.ts';
import type { Interpretation } from './interpret.ts';
import type { Filter, Query } from './query.ts';
import type { TaskRanker } from './ranker.ts';
import type { Reading } from './understand.ts';

/** A runner-up task is shown beside the best one when it scores at least this share of it. */
export const RUNNER_UP_SHARE = 0.8;

/** What the executor runs against: the plan model, its ranker and the clock. */
export interface Executor {
  plan: Plan;
  ranker: TaskRanker;
  planText: string;
  /** The plan's tasks by id. */
  byId: ReadonlyMap<string, Task>;
  /** Today in the plan's time zone, "YYYY-MM-DD". */
  today: string;
  /** The plan was chosen for the question's scope (AskOptions.scoped): no mismatch to report. */
  scoped?: boolean;
}

/**
 * One question being executed: the Query, the reading it came from and what both imply, shared
 * by the executor's cases (execute.ts) and the answers built from a task (run-task.ts) or a set
 * of tasks (run-sets.ts).
 */
export interface Run {
  env: Executor;
  plan: Plan;
  query: Query;
  reading: Reading;
  interpretation: Interpretation;
  ranked: Interpretation['ranked'];
  /** The tasks the question names, in the order it names them. */
  subject: Task[];
  /** The first agency filter that is not negated. */
  agency: Filter | undefined;
  /** That filter's agency when it names exactly one. */
  agencyName: string | null;
  /** Some filter picks a set of tasks on its own. */
  hasSet: boolean;
  /** The tasks the filters pick, in plan order (computed on each call). */
  filtered(): Task[];
  /** The ranker's score per task id (computed on each call). */
  scores(): Map<string, number>;
}

/** Filters that pick a set of tasks on their own (not the "among" of a follow-up). */
export const isSetFilter = (f: Filter): boolean => f.kind !== 'among';

export function startRun(env: Executor, interpretation: Interpretation, reading: Reading): Run {
  const { plan, byId } = env;
  const { query, ranked } = interpretation;
  const subject = (query.subject?.taskIds ?? []).flatMap((id) => byId.get(id) ?? []);
  const agency = query.filters.find((f) => f.kind === 'agency' && !f.negate);
  const agencyName =
    agency?.kind === 'agency' && agency.agencies.length === 1 ? (agency.agencies[0] ?? null) : null;
  return {
    env,
    plan,
    query,
    reading,
    interpretation,
    ranked,
    subject,
    agency,
    agencyName,
    hasSet: query.filters.some(isSetFilter),
    filtered: () => applyFilters(plan, query.filters),
    scores: () => new Map(ranked.map((r) => [r.task.id, r.score])),
  };
}
