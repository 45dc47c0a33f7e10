import { planMilestones, type Milestone } from '../../plan/milestones.ts';
import type { Plan, Task } from '../../plan/model.ts';
import { describeFilters, holdsRole } from '../filters.ts';
import { cite, dated, groupByTask, holdsPhrase, match, names, responsibility, suggest } from '../format.ts';
import type { Counted, Filter, Role } from '../query.ts';
import type { Draft } from './task.ts';

const taskLine = (t: Task, deadlines: Filter | undefined, who: boolean): string => {
  if (who) return `· ${cite(t)}：${responsibility(t)}`;
  if (deadlines?.kind !== 'period') return `· ${cite(t)}`;
  const due = t.deadlines.filter((d) => d.date >= deadlines.from && d.date <= deadlines.to);
  return `· ${cite(t)}${due.length > 0 ? `：${due.map((d) => `${dated(d)}${d.text.startsWith(d.label) ? d.text.slice(d.label.length) : d.text}`).join('；')}` : ''}`;
};

function matchesFor(tasks: Task[], filters: Filter[]): Draft['matches'] {
  const period = filters.find((f) => f.kind === 'period');
  return tasks.map((t) =>
    match(t, {
      deadlines:
        period?.kind === 'period'
          ? t.deadlines.filter((d) => d.date >= period.from && d.date <= period.to)
          : t.deadlines,
    }),
  );
}

/**
 * The tasks that pass several filters, each cited (`who`: with its leads and partners); plainly
 * "none" when none do.
 */
export function listAnswer(
  plan: Plan,
  tasks: Task[],
  filters: Filter[],
  agency: string | null,
  who = false,
): Draft {
  const what = describeFilters(plan, filters);
  const period = filters.find((f) => f.kind === 'period');
  const text =
    tasks.length > 0
      ? [`${what}的工作共${tasks.length}项：`, ...tasks.map((t) => taskLine(t, period, who))].join('\n')
      : `没有${what}的工作。`;
  return {
    intent: 'list',
    agency,
    matches: matchesFor(tasks, filters),
    text,
    suggestions: tasks.slice(0, 3).map((t) => suggest(`介绍${t.id}`, `介绍${t.id}`)),
  };
}

/**
 * Tasks whose text holds a term or figure verbatim ("12345", "单一窗口"), each with the sentence
 * that holds it: a choice when several do, never one guess.
 */
export function mentionsAnswer(tasks: Task[], phrase: string): Draft {
  const holding = (t: Task): string[] => {
    const found = t.sentences.filter((x) => holdsPhrase(x, phrase));
    return found.length > 0 ? found.slice(0, 1) : [];
  };
  return {
    intent: 'list',
    agency: null,
    matches: tasks.map((t) => match(t, { sentences: holding(t) })),
    text: [
      `涉及“${phrase}”的工作共${tasks.length}项：`,
      ...tasks.map((t) => `· ${cite(t)}${holding(t).map((x) => `：${x}`)[0] ?? ''}`),
    ].join('\n'),
    suggestions: tasks.slice(0, 3).map((t) => suggest(`介绍${t.id}`, `介绍${t.id}`)),
  };
}

/** A yes/no on whether any task passes the filters: "有。…" with the list, or "没有。…". */
export function existsAnswer(plan: Plan, tasks: Task[], filters: Filter[], agency: string | null): Draft {
  const list = listAnswer(plan, tasks, filters, agency);
  return {
    ...list,
    intent: 'check',
    text: tasks.length > 0 ? `有。${list.text}` : `没有。计划中没有${describeFilters(plan, filters)}的工作。`,
  };
}

/** How many: the number first, then the items. */
export function countAnswer(
  plan: Plan,
  counted: Counted,
  tasks: Task[],
  filters: Filter[],
  agency: string | null,
  /** Whose items are counted when tasks are named ("1.2、1.4的"); else the filters or the plan. */
  of?: string,
): Draft {
  const what = of ?? (filters.length > 0 ? `${describeFilters(plan, filters)}的` : '计划中');
  if (counted === 'sections') {
    return {
      intent: 'count',
      agency: null,
      matches: [],
      text: [
        `《${plan.title}》共${plan.sections.length}个部分：`,
        ...plan.sections.map((s) => `${s.numeral}、${s.title}（${s.taskIds.length}项）`),
      ].join('\n'),
      suggestions: plan.sections.slice(0, 3).map((s) => suggest(s.title, `${s.title}有哪些任务`)),
    };
  }
  if (counted === 'deadlines') {
    const ids = new Set(tasks.map((t) => t.id));
    // With a period asked, only its milestones count ("9月底到期的节点有几个").
    const period = filters.find((f) => f.kind === 'period' && !f.negate);
    const milestones = planMilestones(plan).filter(
      (m) =>
        ids.has(m.task.id) &&
        (period?.kind !== 'period' || (m.deadline.date >= period.from && m.deadline.date <= period.to)),
    );
    const dates = [...new Set(milestones.map((m) => m.deadline.date))];
    return {
      intent: 'count',
      agency,
      matches: groupByTask(milestones),
      text: [
        `${what}时间节点共${milestones.length}个（${dates.length}个日期），涉及${ids.size === plan.tasks.length ? new Set(milestones.map((m) => m.task.id)).size : new Set(milestones.map((m) => m.task.id)).size}项工作：`,
        ...milestones.map((m) => `· ${dated(m.deadline)} ${cite(m.task)}`),
      ].join('\n'),
      suggestions: [suggest('最近的截止', '最近的截止')],
    };
  }
  if (counted === 'agencies' || counted === 'leads' || counted === 'partners') {
    const list = [
      ...new Set(
        tasks.flatMap((t) =>
          counted === 'leads' ? t.leads : counted === 'partners' ? t.partners : [...t.leads, ...t.partners],
        ),
      ),
    ];
    const label = counted === 'leads' ? '牵头单位' : counted === 'partners' ? '配合单位' : '单位';
    return {
      intent: 'count',
      agency,
      matches: [],
      text: `${what}${label}共${list.length}个：${names(list)}。`,
      suggestions: list.slice(0, 2).map((a) => suggest(`${a}负责哪些工作`, `${a}负责哪些工作`)),
    };
  }
  const text =
    tasks.length > 0
      ? [`${what}工作共${tasks.length}项：`, ...tasks.map((t) => `· ${cite(t)}`)].join('\n')
      : `${what}工作共0项。`;
  return {
    intent: 'count',
    agency,
    matches: matchesFor(tasks, filters),
    text,
    suggestions: tasks.slice(0, 3).map((t) => suggest(`介绍${t.id}`, `介绍${t.id}`)),
  };
}

const ROLE_NAME: Record<Role, string> = {
  lead: '牵头',
  partner: '参与（不牵头）',
  any: '参与',
  data: '提供数据',
};

/**
 * How many agencies a task has in a role, with their names: "3.3的配合单位共7个：…"; for any
 * role, the leads and partners each counted.
 */
export function taskAgencyCount(tasks: Task[], role: Role): Draft {
  const line = (t: Task): string => {
    if (role === 'lead')
      return t.leads.length > 0
        ? `${cite(t)}的牵头单位共${t.leads.length}个：${names(t.leads)}。`
        : `${cite(t)}未设牵头单位（0个）。`;
    if (role === 'partner')
      return t.partners.length > 0
        ? `${cite(t)}的配合单位共${t.partners.length}个：${names(t.partners)}。`
        : `${cite(t)}没有列出配合单位（0个）。`;
    const all = t.leads.length + t.partners.length;
    if (all === 0) return `${cite(t)}计划未点名具体单位（0个）。`;
    const parts = [
      ...(t.leads.length > 0 ? [`牵头${t.leads.length}个（${names(t.leads)}）`] : ['未设牵头单位']),
      ...(t.partners.length > 0 ? [`配合${t.partners.length}个（${names(t.partners)}）`] : []),
    ];
    return `${cite(t)}共涉及${all}个单位：${parts.join('，')}。`;
  };
  return {
    intent: 'count',
    agency: null,
    matches: tasks.map((t) => match(t, { deadlines: t.deadlines })),
    text: tasks.map(line).join('\n'),
    suggestions: tasks.slice(0, 2).map((t) => suggest(`介绍${t.id}`, `介绍${t.id}`)),
  };
}

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
  const tied = counts.filter((c) => c.size === first.size);
  const what = by === 'tasks' ? `${ROLE_NAME[role]}工作` : `${ROLE_NAME[role]}工作的时间节点`;
  const others = excluded.length > 0 ? `除${names(excluded)}外，` : '';
  const each = tied.length > 1 ? '各' : '';
  return {
    intent: 'rank',
    agency: tied.length === 1 ? first.agency : null,
    matches: [...new Set(tied.flatMap((c) => c.tasks))].map((t) => match(t)),
    text: [
      `${others}${what}${order === 'most' ? '最多' : '最少'}的是${names(tied.map((c) => c.agency))}（${each}${first.size}${unit}）：`,
      ...tied.flatMap((c) => c.tasks.map((t) => `· ${c.agency}：${cite(t)}`)),
      `排名：${counts
        .slice(0, 6)
        .map((c) => `${c.agency}${c.size}${unit}`)
        .join('，')}。`,
    ].join('\n'),
    suggestions: tied.slice(0, 2).map((c) => suggest(`${c.agency}负责哪些工作`, `${c.agency}负责哪些工作`)),
  };
}

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

/** Sections, or tasks, by how many tasks, deadlines or agencies they hold. */
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

/** Every lead agency, every agency named, or every quantified target, across the tasks given. */
/** A plan where at least this share of the tasks hold a figure lists targets, not work. */
const INDICATOR_SHARE = 0.8;

/**
 * Every agency of the tasks given, by role: `leads` with the tasks each leads, `partners` with the
 * tasks each partners (`onlyPartners`: those leading none of them), `agencies` every one with both
 * counts; `targets` every quantified target. The plan-wide party is noted, never counted.
 */
export function enumerateAnswer(
  plan: Plan,
  counted: Counted,
  tasks: Task[],
  filters: Filter[],
  onlyPartners = false,
): Draft {
  const where = filters.length > 0 ? `${describeFilters(plan, filters)}的工作中，` : '';
  if (counted === 'targets') {
    // In a plan whose tasks are themselves targets (a 目标任务 list, nearly every task a figure),
    // "X牵头哪些指标" asks for its tasks, a figure written without a unit ("103左右") included.
    const indicators =
      plan.tasks.filter((t) => t.targets.length > 0).length >= INDICATOR_SHARE * plan.tasks.length;
    const withTargets = indicators ? tasks : tasks.filter((t) => t.targets.length > 0);
    const lines = withTargets.flatMap((t) =>
      t.targets.length > 0
        ? t.targets.map((g) => `· ${g.raw}：${g.text}（${t.id}）`)
        : [`· ${t.title}（${t.id}）`],
    );
    return {
      intent: 'enumerate',
      agency: null,
      matches: withTargets.map((t) => match(t, { targets: t.targets })),
      text: [`${where}量化指标共${lines.length}个：`, ...lines].join('\n'),
      suggestions: withTargets.slice(0, 3).map((t) => suggest(`介绍${t.id}`, `介绍${t.id}`)),
    };
  }
  const byAgency = new Map<string, { led: string[]; partnered: string[] }>();
  const entry = (a: string) => {
    let e = byAgency.get(a);
    if (!e) byAgency.set(a, (e = { led: [], partnered: [] }));
    return e;
  };
  for (const t of tasks) {
    if (counted !== 'partners' || onlyPartners) for (const a of t.leads) entry(a).led.push(t.id);
    if (counted !== 'leads') for (const a of t.partners) entry(a).partnered.push(t.id);
  }
  let list = [...byAgency].sort(
    (a, b) => b[1].led.length - a[1].led.length || b[1].partnered.length - a[1].partnered.length,
  );
  if (counted === 'partners') {
    list = list
      .filter(([, c]) => c.partnered.length > 0 && !(onlyPartners && c.led.length > 0))
      .sort((a, b) => b[1].partnered.length - a[1].partnered.length);
  }
  const label =
    counted === 'leads'
      ? '牵头单位'
      : counted === 'partners'
        ? onlyPartners
          ? '只配合、不牵头的单位'
          : '配合单位'
        : '涉及的单位';
  const describe = ([a, c]: [string, { led: string[]; partnered: string[] }]) =>
    counted === 'leads'
      ? `${a}（${c.led.length}项：${c.led.join('、')}）`
      : counted === 'partners'
        ? `${a}（配合${c.partnered.length}项：${c.partnered.join('、')}）`
        : `${a}（牵头${c.led.length}项，参与${c.partnered.length}项）`;
  const wide =
    counted !== 'leads' && plan.planWideResponsible.length > 0
      ? `\n另：${names(plan.planWideResponsible)}按计划负责全部工作。`
      : '';
  return {
    intent: 'enumerate',
    agency: null,
    // Drawn from a set the filters picked ("第4部分的牵头单位"), the set's tasks are what it is about.
    matches: filters.length > 0 ? tasks.map((t) => match(t)) : [],
    text: `${where}${label}共${list.length}个：${list.map(describe).join('、')}。${wide}`,
    suggestions: list.slice(0, 2).map(([a]) => suggest(`${a}负责哪些工作`, `${a}负责哪些工作`)),
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
