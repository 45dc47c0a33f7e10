import type { Plan, Task } from '../plan/model.ts';
import { planMilestones, type Milestone } from '../plan/milestones.ts';
import { planKeyOf, singlePlanSet, type PlanSet } from '../plan/plan-set.ts';
import type { SubscriptionTarget } from '../store/types.ts';

export { planMilestones, type Milestone } from '../plan/milestones.ts';

/** One plan, or every loaded plan (issue 10). */
export type Plans = Plan | PlanSet;

const setOf = (plans: Plans): PlanSet => ('entries' in plans ? plans : singlePlanSet(plans));

/** The tasks an agency answers for: those it leads or partners in, or all of them if plan-wide. */
export function agencyConcerns(plan: Plan, agency: string, task: Task): boolean {
  return (
    plan.planWideResponsible.includes(agency) || task.leads.includes(agency) || task.partners.includes(agency)
  );
}

/** Whether a subscription follows a task: same plan (no plan key: the default one), then its kind. */
export function targetConcerns(plans: Plans, target: SubscriptionTarget, task: Task): boolean {
  const set = setOf(plans);
  const key = target.plan ?? set.defaultEntry().key;
  if (planKeyOf(set, task) !== key) return false;
  switch (target.kind) {
    case 'all':
      return true;
    case 'task':
      return task.id === target.taskId;
    case 'agency':
      return agencyConcerns(set.get(key)?.plan ?? set.defaultEntry().plan, target.agency, task);
  }
}

/** The milestones any of `targets` follows, each once, in date order. */
export function milestonesFor(
  plans: Plans,
  milestones: Milestone[],
  targets: SubscriptionTarget[],
): Milestone[] {
  const set = setOf(plans);
  return milestones.filter((m) => targets.some((t) => targetConcerns(set, t, m.task)));
}

const cache = new WeakMap<PlanSet, { version: number; milestones: Milestone[] }>();

/** Every loaded plan's milestones in date order, rebuilt only when the set of plans changes. */
export function allMilestones(set: PlanSet): Milestone[] {
  const cached = cache.get(set);
  if (cached?.version === set.version) return cached.milestones;
  const milestones = set
    .entries()
    .flatMap((e) => planMilestones(e.plan))
    .sort((a, b) => a.deadline.date.localeCompare(b.deadline.date));
  cache.set(set, { version: set.version, milestones });
  return milestones;
}
