import { createHash } from 'node:crypto';
import type { Deadline, Plan, Target, Task } from './model.ts';

/**
 * Dated deadlines ("9月底前", "年底前") and quantified targets ("40亿元") inside a task's text,
 * each kept with the clause it governs.
 */

const DEADLINE =
  /(?:(\d{1,2})月(底|末|中旬|上旬|下旬)?前|(\d{1,2})月底|(年底前|年内|年末前|年底)|(上半年|一季度|二季度|三季度|四季度|第[一二三四]季度)(?:末)?前?)/g;

const QUARTER_END: Record<string, string> = { 一: '03-31', 二: '06-30', 三: '09-30', 四: '12-31' };

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The last day a label allows, in the plan's year; null for labels we cannot date. */
export function resolveDeadline(label: string, year: number): string | null {
  const month = /^(\d{1,2})月(底|末|中旬|上旬|下旬)?前?$/.exec(label);
  if (month) {
    const m = Number(month[1]);
    if (m < 1 || m > 12) return null;
    const part = month[2];
    // "6月前" means before June starts; "6月底前" by the end of June.
    if (!part && label.endsWith('前'))
      return m === 1 ? null : `${year}-${pad(m - 1)}-${pad(lastDayOfMonth(year, m - 1))}`;
    const day = part === '上旬' ? 10 : part === '中旬' ? 20 : lastDayOfMonth(year, m);
    return `${year}-${pad(m)}-${pad(day)}`;
  }
  if (/^年(底|内|末)/.test(label)) return `${year}-12-31`;
  if (label.startsWith('上半年')) return `${year}-06-30`;
  const quarter = /([一二三四])季度/.exec(label);
  if (quarter?.[1]) return `${year}-${QUARTER_END[quarter[1]]}`;
  return null;
}

/** Clauses are cut at ，；。 — the unit a deadline or target governs. */
export function clauses(text: string): string[] {
  return text
    .split(/[，；。]/)
    .map((c) => c.trim())
    .filter(Boolean);
}

export function findDeadlines(text: string, year: number): Deadline[] {
  const found: Deadline[] = [];
  for (const clause of clauses(text)) {
    for (const m of clause.matchAll(DEADLINE)) {
      const label = m[0];
      const date = resolveDeadline(label, year);
      if (date) found.push({ label, date, text: clause });
    }
  }
  return found;
}

/** Units that make a number a target; "12345热线" and years carry none. */
const TARGET =
  /(\d+(?:\.\d+)?)\s*(个工作日|工作日|万人次|万人|亿元|万元|万户|万家|个|项|类|家|%|户|件|批|天|小时|倍|人次|人)(?![年])/g;

export function findTargets(text: string): Target[] {
  const found: Target[] = [];
  for (const clause of clauses(text)) {
    for (const m of clause.matchAll(TARGET)) {
      const before = clause[(m.index ?? 0) - 1] ?? '';
      if (/\d/.test(before)) continue;
      const [raw, value, unit] = m;
      found.push({ value: Number(value), unit: unit as string, raw, text: clause });
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
