import type { Plan, Task } from '../plan/model.ts';
import type { Milestone } from '../plan/milestones.ts';

export { planMilestones, type Milestone } from '../plan/milestones.ts';
import type { SubscriptionTarget } from '../store/types.ts';

/** The tasks an agency answers for: those it leads or partners in, or all of them if plan-wide. */
export function agencyConcerns(plan: Plan, agency: string, task: Task): boolean {
  return (
    plan.planWideResponsible.includes(agency) || task.leads.includes(agency) || task.partners.includes(agency)
  );
}

export function targetConcerns(plan: Plan, target: SubscriptionTarget, task: Task): boolean {
  switch (target.kind) {
    case 'all':
      return true;
    case 'task':
      return task.id === target.taskId;
    case 'agency':
      return agencyConcerns(plan, target.agency, task);
  }
}

/** The milestones any of `targets` follows, each once, in date order. */
export function milestonesFor(
  plan: Plan,
  milestones: Milestone[],
  targets: SubscriptionTarget[],
): Milestone[] {
  return milestones.filter((m) => targets.some((t) => targetConcerns(plan, t, m.task)));
}
