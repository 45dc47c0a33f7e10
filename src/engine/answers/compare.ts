import type { Plan, Task } from '../../plan/model.ts';
import { holdsRole } from '../filters.ts';
import { cite, dated, match, names, responsibility, suggest } from '../format.ts';
import type { Role } from '../query.ts';
import { MEASURE, type TaskMeasure } from './sets.ts';
import type { Draft } from './task.ts';

const ROLE_NAME: Record<Role, string> = { lead: '牵头', partner: '参与（不牵头）', any: '涉及' };

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

/**
 * Two tasks side by side: which comes due first, whether their leads are the same, or which has
 * more milestones, leads, partners or agencies.
 */
export function compareTasks(tasks: Task[], what: 'when' | TaskMeasure): Draft {
  const [a, b] = tasks;
  if (what !== 'when' && what !== 'leads' && a && b) {
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
    what === 'when'
      ? `${cite(t)}：${t.deadlines.length > 0 ? t.deadlines.map(dated).join('、') : '未设具体时间节点'}`
      : `${cite(t)}：${responsibility(t)}`,
  );
  let verdict = '';
  if (a && b && what === 'when') {
    const first = (t: Task) => t.deadlines[0]?.date ?? null;
    const da = first(a);
    const db = first(b);
    verdict =
      da && db
        ? da === db
          ? '两项同一天到期。'
          : `${da < db ? a.id : b.id}先到期。`
        : `${da ? b.id : a.id}未设具体时间节点。`;
  } else if (a && b) {
    const same = a.leads.length > 0 && a.leads.join('|') === b.leads.join('|');
    const shared = a.leads.filter((x) => b.leads.includes(x));
    verdict = same
      ? '牵头单位相同。'
      : shared.length > 0
        ? `牵头单位不完全相同，共同牵头：${names(shared)}。`
        : '牵头单位不同。';
  }
  return {
    intent: 'compare',
    agency: null,
    matches: tasks.map((t) => match(t, { deadlines: t.deadlines })),
    text: [verdict, ...lines].join('\n'),
    suggestions: tasks.map((t) => suggest(`介绍${t.id}`, `介绍${t.id}`)),
  };
}
