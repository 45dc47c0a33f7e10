import type { Plan } from './model.ts';

/** A plan as it is loaded beside others (issue 10): its key and the short name replies use. */
export interface LoadedPlan {
  /** "sichuan-2022-fangguanfu". */
  key: string;
  /** "2023年要点". */
  name: string;
  plan: Plan;
}

/**
 * The plans loaded side by side. The catalogue (src/catalogue) is one; a single plan is another
 * (singlePlanSet), so code that serves every plan serves one plan unchanged. `version` changes
 * whenever the set does, so derived data (milestones, indexes) is rebuilt only then.
 */
export interface PlanSet<E extends LoadedPlan = LoadedPlan> {
  entries(): readonly E[];
  get(key: string): E | undefined;
  defaultEntry(): E;
  readonly version: number;
}

/** One plan as a set: its tasks' key, or "plan" for a plan whose tasks carry none. */
export function singlePlanSet(plan: Plan): PlanSet {
  const entry: LoadedPlan = { key: plan.tasks[0]?.plan ?? 'plan', name: `${plan.year}年`, plan };
  return {
    entries: () => [entry],
    get: (key) => (key === entry.key ? entry : undefined),
    defaultEntry: () => entry,
    version: 0,
  };
}

/** How replies name a task's plan: its name when it is not the default plan (issue 10), else null. */
export function otherPlanName(set: PlanSet, task: { plan?: string }): string | null {
  const entry = task.plan ? set.get(task.plan) : undefined;
  return entry && entry !== set.defaultEntry() ? entry.name : null;
}

/** The key of the plan a task belongs to; a task without one belongs to the default plan. */
export const planKeyOf = (set: PlanSet, task: { plan?: string }): string =>
  task.plan ?? set.defaultEntry().key;
