import { createHash } from 'node:crypto';
import type { Deadline, Plan, Task } from '../plan/model.ts';
import type { SubscriptionTarget } from '../store/types.ts';

/** One dated deadline of one task: what a reminder and a calendar event are about. */
export interface Milestone {
  /** Stable across restarts and re-parses of the same plan: task, date and a hash of the clause. */
  id: string;
  task: Task;
  deadline: Deadline;
}

export function planMilestones(plan: Plan): Milestone[] {
  const milestones = plan.tasks.flatMap((task) =>
    task.deadlines.map((deadline) => ({
      id: `${task.id}@${deadline.date}#${createHash('sha1').update(deadline.text).digest('hex').slice(0, 8)}`,
      task,
      deadline,
    })),
  );
  return milestones.sort(
    (a, b) =>
      a.deadline.date.localeCompare(b.deadline.date) ||
      a.task.sectionNumber - b.task.sectionNumber ||
      a.task.item - b.task.item,
  );
}

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
