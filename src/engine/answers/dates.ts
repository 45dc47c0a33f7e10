import { daysBetween } from '../../core/plan-time.ts';
import { planMilestones, type Milestone } from '../../plan/milestones.ts';
import type { Deadline, Plan, Task } from '../../plan/model.ts';
import { cite, dated, datedClause, match, suggest } from '../format.ts';
import type { DateAsk } from '../query.ts';
import type { Draft } from './task.ts';

const listLine = (m: Milestone): string => `· ${cite(m.task)}：${datedClause(m.deadline)}`;

function byTask(found: Milestone[]): Draft['matches'] {
  const out = new Map<string, Draft['matches'][number]>();
  for (const m of found) {
    const entry = out.get(m.task.id) ?? match(m.task);
    entry.deadlines.push(m.deadline);
    out.set(m.task.id, entry);
  }
  return [...out.values()];
}

const days = (n: number): string => (n >= 0 ? `还有${n}天` : `已过去${-n}天`);

/**
 * Date arithmetic against the clock, over the milestones of `tasks`: the next deadline from
 * today, the earliest or latest, or how many days are left until one.
 */
export function datesAnswer(
  plan: Plan,
  tasks: Task[],
  ask: DateAsk,
  today: string,
  scopeLabel: string,
  within: { from: string; to: string } | null = null,
  named?: Deadline,
): Draft {
  const ids = new Set(tasks.map((t) => t.id));
  const all = planMilestones(plan).filter(
    (m) =>
      ids.has(m.task.id) && (!within || (m.deadline.date >= within.from && m.deadline.date <= within.to)),
  );
  if (all.length === 0) {
    return {
      intent: 'dates',
      agency: null,
      matches: tasks.slice(0, 5).map((t) => match(t)),
      text: `${scopeLabel}没有设具体时间节点。`,
      suggestions: [suggest('全部节点', '有哪些时间节点')],
    };
  }
  if (ask === 'overdue') return overdue(all, today, scopeLabel, named);
  let pick: Milestone | undefined;
  if (ask === 'earliest') pick = all[0];
  else if (ask === 'latest') pick = all.at(-1);
  else pick = all.find((m) => m.deadline.date >= today);
  if (!pick) {
    const last = all.at(-1) as Milestone;
    return {
      intent: 'dates',
      agency: null,
      matches: byTask([last]),
      text: `${scopeLabel}的时间节点都已过去（今天是${today}）。最后一个：${dated(last.deadline)} ${cite(last.task)}，${days(daysBetween(today, last.deadline.date))}。`,
      suggestions: [suggest('全部节点', '有哪些时间节点')],
    };
  }
  const date = pick.deadline.date;
  const same = all.filter((m) => m.deadline.date === date);
  const head: Record<DateAsk, string> = {
    next: `最近的截止：${dated(pick.deadline)}，共${same.length}个节点：`,
    earliest: `最早的时间节点：${dated(pick.deadline)}，共${same.length}个节点：`,
    latest: `最晚的时间节点：${dated(pick.deadline)}，共${same.length}个节点：`,
    overdue: '',
    days_left: `距${dated(pick.deadline)}${days(daysBetween(today, date))}（今天是${today}），共${same.length}个节点：`,
  };
  const relative = ask !== 'days_left' ? `（今天是${today}，${days(daysBetween(today, date))}）` : '';
  return {
    intent: 'dates',
    agency: null,
    matches: byTask(same),
    text: [head[ask].replace(/：$/, `${relative}：`), ...same.map(listLine)].join('\n'),
    suggestions: same.slice(0, 3).map((m) => suggest(`${m.task.id}谁牵头`, `${m.task.id}谁牵头`)),
  };
}

/**
 * "逾期多少天了": days from the deadline to today (today excluded from neither end: 11-30 to 12-10
 * is 10 days). The deadline is the one the question names, else the latest already past; a
 * deadline still ahead is not overdue, and the answer says how many days are left.
 */
function overdue(all: Milestone[], today: string, scopeLabel: string, named?: Deadline): Draft {
  const chosen =
    (named && all.find((m) => m.deadline === named)) ?? all.filter((m) => m.deadline.date < today).at(-1);
  if (!chosen) {
    const next = all.find((m) => m.deadline.date >= today) as Milestone;
    return {
      intent: 'dates',
      agency: null,
      matches: byTask([next]),
      text: `${scopeLabel}还没有逾期：下一个节点${dated(next.deadline)}，${days(daysBetween(today, next.deadline.date))}（今天是${today}）。\n${listLine(next)}`,
      suggestions: [suggest('全部节点', '有哪些时间节点')],
    };
  }
  const n = daysBetween(today, chosen.deadline.date);
  const head =
    n < 0
      ? `已逾期${-n}天：截止${dated(chosen.deadline)}，今天是${today}。`
      : `还没有逾期：截止${dated(chosen.deadline)}，${days(n)}（今天是${today}）。`;
  return {
    intent: 'dates',
    agency: null,
    matches: byTask([chosen]),
    text: [head, listLine(chosen)].join('\n'),
    suggestions: [suggest(`${chosen.task.id}谁牵头`, `${chosen.task.id}谁牵头`)],
  };
}
