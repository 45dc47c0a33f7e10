import { createHash } from 'node:crypto';
import type { Deadline, Plan, Target, Task } from './model.ts';

export { clauses, findDeadlines, resolveDeadline } from './deadlines.ts';

/**
 * Dated deadlines ("9月底前", "年底前") and quantified targets ("40亿元") inside a task's text,
 * each kept with the clause it governs.
 */

/** Units that make a number a target; "12345热线" and years carry none. */
const TARGET =
  /(\d+(?:\.\d+)?)\s*(个工作日|工作日|个月|万人次|万人|亿元|万元|万户|万家|个|项|类|家|%|户|件|批|天|小时|倍|人次|人)(?![年月])/g;

/** An index held to a level, with no unit: "居民消费价格指数控制在103左右". */
const LEVEL = /(?:控制在|稳定在|保持在)(\d+(?:\.\d+)?)(?=左右|以内|以下|之内)/g;

/**
 * Clauses with the condition before each: "符合条件的人员自主创业的，可申请最高不超过15万元的
 * 创业担保贷款" — a clause ending in 的 says whom the next clause's figure is for.
 */
function conditioned(text: string): { clause: string; text: string }[] {
  const parts = text.split(/([，；。])/);
  const out: { clause: string; text: string }[] = [];
  let condition = '';
  for (let i = 0; i < parts.length; i += 2) {
    const clause = (parts[i] ?? '').trim();
    if (!clause) continue;
    out.push({ clause, text: condition ? `${condition}，${clause}` : clause });
    condition = parts[i + 1] === '，' && clause.endsWith('的') ? clause : '';
  }
  return out;
}

export function findTargets(text: string): Target[] {
  const found: Target[] = [];
  for (const { clause, text: said } of conditioned(text)) {
    for (const m of clause.matchAll(TARGET)) {
      const before = clause[(m.index ?? 0) - 1] ?? '';
      if (/\d/.test(before)) continue;
      const [raw, value, unit] = m;
      // "3—12个月": a range is said whole; its upper end is the value.
      const from = /(\d+(?:\.\d+)?[—－~～至到-])$/.exec(clause.slice(0, m.index ?? 0))?.[1] ?? '';
      found.push({ value: Number(value), unit: unit as string, raw: `${from}${raw}`, text: said });
    }
    for (const m of clause.matchAll(LEVEL)) {
      const value = m[1] as string;
      found.push({ value: Number(value), unit: '', raw: value, text: said });
    }
  }
  return found;
}

/** One dated deadline of one task: what a reminder and a calendar event are about. */
export interface Milestone {
  /** Stable across restarts and re-parses of the same plan: task, date and a hash of the clause. */
  id: string;
  task: Task;
  deadline: Deadline;
}

const milestonesOf = new WeakMap<Plan, Milestone[]>();

/**
 * Every dated deadline of the plan, in date order. Computed once per plan object (a plan is not
 * changed after it is read); each call gets its own array.
 */
export function planMilestones(plan: Plan): Milestone[] {
  let cached = milestonesOf.get(plan);
  if (cached === undefined) {
    cached = computeMilestones(plan);
    milestonesOf.set(plan, cached);
  }
  return [...cached];
}

function computeMilestones(plan: Plan): Milestone[] {
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
