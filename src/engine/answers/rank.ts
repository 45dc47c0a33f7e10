import { planMilestones, type Milestone } from '../../plan/milestones.ts';
import type { Plan, Task } from '../../plan/model.ts';
import { describeFilters, holdsRole } from '../filters.ts';
import { cite, groupByTask, match, names, suggest } from '../format.ts';
import type { Filter, Role } from '../query.ts';
import { ROLE_NAME } from './sets.ts';
import type { Draft } from './task.ts';

/**
 * Agencies by how many of the tasks they hold in a role (or how many milestones those tasks
 * have), most first or fewest first; `excluded` are left out ("除了大数据中心，谁牵头的最多").
 */
export function rankAgencies(
  plan: Plan,
  tasks: Task[],
  role: Role,
  order: 'most' | 'least',
  by: 'tasks' | 'deadlines',
  excluded: string[],
  limit?: number,
  place?: number,
): Draft {
  const agencies = [...new Set([...plan.agencies, ...tasks.flatMap((t) => [...t.leads, ...t.partners])])];
  const size = (held: Task[]) =>
    by === 'tasks' ? held.length : held.reduce((n, t) => n + t.deadlines.length, 0);
  const counts = agencies
    .filter((a) => !excluded.includes(a))
    .map((agency) => {
      const held = tasks.filter((t) => holdsRole(plan, t, agency, role));
      return { agency, tasks: held, size: size(held) };
    })
    .filter((c) => c.size > 0)
    .sort((a, b) => (order === 'most' ? b.size - a.size : a.size - b.size));
  const first = counts[0];
  if (!first) {
    return {
      intent: 'rank',
      agency: null,
      matches: [],
      text: `计划中没有单位${ROLE_NAME[role]}工作。`,
      suggestions: [],
    };
  }
  const unit = by === 'tasks' ? '项' : '个时间节点';
  if (limit !== undefined) return topAgencies(counts, limit, ROLE_NAME[role], order, unit, by);
  // "第二多": the agencies tied on the place-th distinct count (dense ranking: ties share a place).
  const sizes = [...new Set(counts.map((c) => c.size))];
  const placed = place !== undefined && place >= 2 ? sizes[place - 1] : first.size;
  if (placed === undefined) {
    return {
      intent: 'rank',
      agency: null,
      matches: [],
      text: `按${ROLE_NAME[role]}工作数排名只有${sizes.length}档，没有第${ordinal(place ?? 1)}位。排名：${counts
        .slice(0, 6)
        .map((c) => `${c.agency}${c.size}${by === 'tasks' ? '项' : '个时间节点'}`)
        .join('，')}。`,
      suggestions: [],
    };
  }
  const tied = counts.filter((c) => c.size === placed);
  const lead = tied[0] ?? first;
  const what = by === 'tasks' ? `${ROLE_NAME[role]}工作` : `${ROLE_NAME[role]}工作的时间节点`;
  const others = excluded.length > 0 ? `除${names(excluded)}外，` : '';
  const each = tied.length > 1 ? '各' : '';
  return {
    intent: 'rank',
    agency: tied.length === 1 ? first.agency : null,
    matches: [...new Set(tied.flatMap((c) => c.tasks))].map((t) => match(t)),
    text: [
      `${others}${what}${placed === first.size ? '' : `第${ordinal(place ?? 1)}`}${order === 'most' ? (placed === first.size ? '最多' : '多') : placed === first.size ? '最少' : '少'}的是${names(tied.map((c) => c.agency))}（${each}${lead.size}${unit}）：`,
      ...tied.flatMap((c) => c.tasks.map((t) => `· ${c.agency}：${cite(t)}`)),
      `排名：${counts
        .slice(0, 6)
        .map((c) => `${c.agency}${c.size}${unit}`)
        .join('，')}。`,
    ].join('\n'),
    suggestions: tied.slice(0, 2).map((c) => suggest(`${c.agency}负责哪些工作`, `${c.agency}负责哪些工作`)),
  };
}

/** 2 is "二": a place as said in Chinese (places run to 9). */
const ordinal = (n: number): string => '一二三四五六七八九'[n - 1] ?? String(n);

/** "前三个部门": the first `limit` places, and any agency tied with the last of them. */
function topAgencies(
  counts: { agency: string; tasks: Task[]; size: number }[],
  limit: number,
  role: string,
  order: 'most' | 'least',
  unit: string,
  by: 'tasks' | 'deadlines',
): Draft {
  const last = counts[Math.min(limit, counts.length) - 1];
  const shown = counts.filter((c, i) => i < limit || c.size === last?.size);
  const what = by === 'tasks' ? `${role}工作` : `${role}工作的时间节点`;
  const tie = shown.length > limit ? `（第${limit}名有并列，一并列出）` : '';
  return {
    intent: 'rank',
    agency: null,
    matches: [...new Set(shown.flatMap((c) => c.tasks))].map((t) => match(t)),
    text: [
      `${what}${order === 'most' ? '最多' : '最少'}的前${limit}个单位${tie}：`,
      ...shown.map(
        (c, i) => `${i + 1}. ${c.agency}：${c.size}${unit}（${c.tasks.map((t) => t.id).join('、')}）`,
      ),
    ].join('\n'),
    suggestions: shown.slice(0, 2).map((c) => suggest(`${c.agency}负责哪些工作`, `${c.agency}负责哪些工作`)),
  };
}

/** The sections with the most (or fewest) tasks, or milestones (`by`), ties included. */
export function rankSections(
  plan: Plan,
  order: 'most' | 'least',
  by: 'tasks' | 'deadlines' = 'tasks',
): Draft {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const size = (s: Plan['sections'][number]): number =>
    by === 'tasks'
      ? s.taskIds.length
      : s.taskIds.reduce((n, id) => n + (byId.get(id)?.deadlines.length ?? 0), 0);
  const unit = by === 'tasks' ? '项' : '个节点';
  const sorted = [...plan.sections].sort((a, b) =>
    order === 'most' ? size(b) - size(a) : size(a) - size(b),
  );
  const first = sorted[0];
  const tied = sorted.filter((s) => first && size(s) === size(first));
  return {
    intent: 'rank',
    agency: null,
    matches: plan.tasks.filter((t) => tied.some((s) => s.taskIds.includes(t.id))).map((t) => match(t)),
    text: [
      `${by === 'tasks' ? '任务' : '时间节点'}${order === 'most' ? '最多' : '最少'}的部分：${tied.map((s) => `${s.numeral}、${s.title}（${size(s)}${unit}）`).join('；')}。`,
      `各部分：${plan.sections.map((s) => `${s.numeral}${size(s)}${unit}`).join('，')}。`,
    ].join('\n'),
    suggestions: tied.map((s) => suggest(s.title, `${s.title}有哪些任务`)),
  };
}

/** What a task is ranked by. */
export type TaskMeasure = 'deadlines' | 'leads' | 'partners' | 'agencies';

export const MEASURE: Record<TaskMeasure, { size: (t: Task) => number; name: string; unit: string }> = {
  deadlines: { size: (t) => t.deadlines.length, name: '时间节点', unit: '个时间节点' },
  leads: { size: (t) => t.leads.length, name: '牵头单位', unit: '个牵头单位' },
  partners: { size: (t) => t.partners.length, name: '配合单位', unit: '个配合单位' },
  agencies: { size: (t) => t.leads.length + t.partners.length, name: '涉及单位', unit: '个单位' },
};

/** Tasks by how many milestones, leads, partners or agencies they have. */
export function rankTasks(tasks: Task[], by: TaskMeasure, order: 'most' | 'least'): Draft {
  const { size, name, unit } = MEASURE[by];
  const sorted = [...tasks].sort((a, b) => (order === 'most' ? size(b) - size(a) : size(a) - size(b)));
  const first = sorted[0];
  const tied = sorted.filter((t) => first && size(t) === size(first));
  return {
    intent: 'rank',
    agency: null,
    matches: tied.map((t) => match(t, { deadlines: t.deadlines })),
    text: `${name}${order === 'most' ? '最多' : '最少'}的是：${tied.map((t) => `${cite(t)}（${size(t)}${unit}${by === 'leads' ? `：${names(t.leads)}` : ''}）`).join('；')}。`,
    suggestions: tied.slice(0, 2).map((t) => suggest(`介绍${t.id}`, `介绍${t.id}`)),
  };
}

/** Months by how many milestones fall in them. */
export function rankMonths(plan: Plan, tasks: Task[], order: 'most' | 'least'): Draft {
  const ids = new Set(tasks.map((t) => t.id));
  const byMonth = new Map<number, Milestone[]>();
  for (const m of planMilestones(plan).filter((x) => ids.has(x.task.id))) {
    const month = Number(m.deadline.date.slice(5, 7));
    byMonth.set(month, [...(byMonth.get(month) ?? []), m]);
  }
  const sorted = [...byMonth].sort((a, b) =>
    order === 'most' ? b[1].length - a[1].length : a[1].length - b[1].length,
  );
  const first = sorted[0];
  if (!first)
    return { intent: 'rank', agency: null, matches: [], text: '没有设具体时间节点。', suggestions: [] };
  const tied = sorted.filter(([, ms]) => ms.length === first[1].length);
  return {
    intent: 'rank',
    agency: null,
    matches: groupByTask(tied.flatMap(([, ms]) => ms)),
    text: [
      `到期节点${order === 'most' ? '最多' : '最少'}的月份：${tied.map(([m, ms]) => `${m}月（${ms.length}个）`).join('、')}。`,
      `各月：${[...byMonth]
        .sort((a, b) => a[0] - b[0])
        .map(([m, ms]) => `${m}月${ms.length}个`)
        .join('，')}。`,
    ].join('\n'),
    suggestions: tied.map(([m]) => suggest(`${m}月到期`, `${m}月有什么到期`)),
  };
}

/** The sections whose tasks pass the filters: all of them ("一个牵头单位都没有"), or any. */
export function sectionsWhere(plan: Plan, tasks: Task[], filters: Filter[], all: boolean): Draft {
  const ids = new Set(tasks.map((t) => t.id));
  const found = plan.sections.filter((s) =>
    all ? s.taskIds.every((id) => ids.has(id)) : s.taskIds.some((id) => ids.has(id)),
  );
  const what = describeFilters(plan, filters);
  const lines = found.map(
    (s) => `${s.numeral}、${s.title}：${s.taskIds.filter((id) => ids.has(id)).join('、')}`,
  );
  return {
    intent: 'rank',
    agency: null,
    matches: tasks.filter((t) => found.some((s) => s.taskIds.includes(t.id))).map((t) => match(t)),
    text:
      found.length > 0
        ? [`${all ? '工作全部' : '有工作'}${what}的部分：`, ...lines].join('\n')
        : `没有${all ? '工作全部' : '有工作'}${what}的部分。`,
    suggestions: found.slice(0, 2).map((s) => suggest(s.title, `${s.title}有哪些任务`)),
  };
}
