import type { Deadline, Plan, Task } from '../../plan/model.ts';
import { holdsRole } from '../filters.ts';
import { cite, dated, datedClause, match, names, responsibility, suggest } from '../format.ts';
import type { Role } from '../query.ts';
import { MEASURE, type TaskMeasure } from './rank.ts';
import type { Draft } from './task.ts';

const ROLE_NAME: Record<Role, string> = {
  lead: '牵头',
  partner: '参与（不牵头）',
  any: '涉及',
  data: '提供数据',
};

/** Two agencies side by side: how many tasks each holds in the role, and who has more. */
export function compareAgencies(plan: Plan, agencies: string[], role: Role): Draft {
  const sides = agencies.map((agency) => ({
    agency,
    tasks: plan.tasks.filter((t) => holdsRole(plan, t, agency, role)),
  }));
  const [a, b] = sides;
  const verdict =
    a && b
      ? a.tasks.length === b.tasks.length
        ? `两者一样多（各${a.tasks.length}项）。`
        : `${a.tasks.length > b.tasks.length ? a.agency : b.agency}更多。`
      : '';
  const shared = a && b ? a.tasks.filter((t) => b.tasks.includes(t)) : [];
  return {
    intent: 'compare',
    agency: null,
    matches: [...new Set(sides.flatMap((s) => s.tasks))].map((t) => match(t)),
    text: [
      ...sides.map(
        (s) =>
          `${s.agency}${ROLE_NAME[role]}${s.tasks.length}项：${s.tasks.map((t) => t.id).join('、') || '无'}`,
      ),
      `${verdict}${shared.length > 0 ? `共同的：${shared.map((t) => t.id).join('、')}。` : ''}`,
    ].join('\n'),
    suggestions: agencies.map((x) => suggest(`${x}负责哪些工作`, `${x}负责哪些工作`)),
  };
}

/** What a comparison of two tasks asks: which comes due first or last, how far apart, same leads, or a measure. */
export type TaskComparison = 'when' | 'later' | 'days' | 'same_day' | TaskMeasure;

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** "1.2比5.1早92天": the first milestones apart, and the last ones too where a task has several. */
function daysVerdict(a: Task, b: Task): string {
  const firstA = a.deadlines[0];
  const firstB = b.deadlines[0];
  if (!firstA || !firstB) {
    const none = [a, b].filter((t) => t.deadlines.length === 0).map((t) => t.id);
    return `${none.join('、')}未设具体时间节点，无法计算相差天数。`;
  }
  const apart = (x: Deadline, y: Deadline, what: string): string => {
    const n = daysBetween(x.date, y.date);
    if (n === 0) return `${what}同一天（${x.date}）`;
    return `${what}${a.id}（${x.date}）比${b.id}（${y.date}）${n > 0 ? '早' : '晚'}${Math.abs(n)}天`;
  };
  const lastA = a.deadlines.at(-1) ?? firstA;
  const lastB = b.deadlines.at(-1) ?? firstB;
  const several = a.deadlines.length > 1 || b.deadlines.length > 1;
  const parts = [apart(firstA, firstB, several ? '第一个节点：' : '')];
  if (several) parts.push(apart(lastA, lastB, '最后一个节点：'));
  return `${parts.join('；')}。`;
}

/**
 * Two tasks side by side: which comes due first (or last), how many days apart, whether their
 * leads are the same ("是"/"不是" first), or which has more milestones, leads, partners or agencies.
 */
export function compareTasks(tasks: Task[], what: TaskComparison): Draft {
  const [a, b] = tasks;
  const dates = what === 'when' || what === 'later' || what === 'days' || what === 'same_day';
  if (!dates && what !== 'leads' && a && b) {
    const { size, name, unit } = MEASURE[what];
    const verdict =
      size(a) === size(b) ? `两项${name}一样多。` : `${size(a) > size(b) ? a.id : b.id}的${name}更多。`;
    return {
      intent: 'compare',
      agency: null,
      matches: tasks.map((t) => match(t, { deadlines: t.deadlines })),
      text: [verdict, ...tasks.map((t) => `${cite(t)}：${size(t)}${unit}（${responsibility(t)}）`)].join(
        '\n',
      ),
      suggestions: tasks.map((t) => suggest(`介绍${t.id}`, `介绍${t.id}`)),
    };
  }
  const lines = tasks.map((t) =>
    dates
      ? `${cite(t)}：${t.deadlines.length > 0 ? t.deadlines.map(dated).join('、') : '未设具体时间节点'}`
      : `${cite(t)}：${responsibility(t)}`,
  );
  let verdict = '';
  if (a && b && what === 'days') {
    verdict = daysVerdict(a, b);
  } else if (a && b && dates) {
    // "哪个先到期" compares first milestones; "哪个更晚" the last ones.
    const pick = (t: Task) => (what === 'later' ? t.deadlines.at(-1) : t.deadlines[0])?.date ?? null;
    const da = pick(a);
    const db = pick(b);
    const [early, late] = da && db && da > db ? [b, a] : [a, b];
    verdict =
      da && db
        ? da === db
          ? `${what === 'same_day' ? '是，' : ''}两项同一天到期。`
          : what === 'same_day'
            ? `不是，${early.id}先到期。`
            : what === 'later'
              ? `${late.id}更晚到期。`
              : `${early.id}先到期。`
        : `${da ? b.id : a.id}未设具体时间节点。`;
  } else if (a && b) {
    const same = a.leads.length > 0 && [...a.leads].sort().join('|') === [...b.leads].sort().join('|');
    const shared = a.leads.filter((x) => b.leads.includes(x));
    verdict = same
      ? '是，牵头单位相同。'
      : shared.length > 0
        ? `不是，牵头单位不完全相同，共同牵头：${names(shared)}。`
        : '不是，牵头单位不同。';
  }
  return {
    intent: 'compare',
    agency: null,
    matches: tasks.map((t) => match(t, { deadlines: t.deadlines })),
    text: [verdict, ...lines].join('\n'),
    suggestions: tasks.map((t) => suggest(`介绍${t.id}`, `介绍${t.id}`)),
  };
}

/** A dated clause of a task, as a comparison names it. */
export interface ClauseSide {
  task: Task;
  item: Deadline;
}

/**
 * Two dated clauses side by side ("第三批川渝通办事项落地和电子证照共享互认相差多少天"): how many
 * days apart, or which comes due first (`when`) or last (`later`), then each clause with its task.
 */
export function compareClauses(
  a: ClauseSide,
  b: ClauseSide,
  what: 'when' | 'later' | 'days' | 'same_day',
): Draft {
  const n = daysBetween(a.item.date, b.item.date);
  const name = (c: ClauseSide) => `“${c.item.text}”（${c.task.id}，${c.item.date}）`;
  const [early, late] = n >= 0 ? [a, b] : [b, a];
  const verdict =
    n === 0
      ? `${what === 'same_day' ? '是，' : ''}两者同一天到期（${a.item.date}）。`
      : what === 'same_day'
        ? `不是，${name(early)}先到期，早${Math.abs(n)}天。`
        : what === 'days'
          ? `${name(a)}比${name(b)}${n > 0 ? '早' : '晚'}${Math.abs(n)}天。`
          : what === 'later'
            ? `${name(late)}更晚，晚${Math.abs(n)}天。`
            : `${name(early)}先到期，早${Math.abs(n)}天。`;
  const sides = [a, b];
  return {
    intent: 'compare',
    agency: null,
    matches:
      a.task === b.task
        ? [match(a.task, { deadlines: [a.item, b.item] })]
        : sides.map((s) => match(s.task, { deadlines: [s.item] })),
    text: [verdict, ...sides.map((s) => `${cite(s.task)}：${datedClause(s.item)}`)].join('\n'),
    suggestions: [...new Set(sides.map((s) => s.task))].map((t) => suggest(`介绍${t.id}`, `介绍${t.id}`)),
  };
}
