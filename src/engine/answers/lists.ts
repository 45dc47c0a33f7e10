import { planMilestones, type Milestone } from '../../plan/milestones.ts';
import type { Plan, Section, Task } from '../../plan/model.ts';
import type { Period } from '../periods.ts';
import { cite, dated, datedClause, groupByTask, match, suggest } from '../format.ts';
import { holdsRole } from '../filters.ts';
import type { AgencyRole } from '../types.ts';
import type { Draft } from './task.ts';

/**
 * The agency's tasks for the role asked: those it leads (listed first), those it partners in, or
 * both. A plan-wide agency (各市(州)人民政府) answers for every task of the plan; `said` is how
 * the question named it ("成都市").
 */
export function agencyAnswer(plan: Plan, agency: string, role: AgencyRole, said?: string): Draft {
  const supplied = plan.tasks.filter((t) => holdsRole(plan, t, agency, 'data'));
  const doing = plan.tasks.some((t) => holdsRole(plan, t, agency, 'any'));
  // "市统计局要提供哪些数据", or any question about an agency whose only part is supplying figures.
  if (role === 'data') return dataAnswer(agency, supplied, doing);
  if (!doing && supplied.length > 0) return dataAnswer(agency, supplied, doing);
  const wide = plan.planWideResponsible.includes(agency);
  // One rule for who holds a task (holdsRole): a plan-wide agency is a partner in every task, never a lead.
  const led = role === 'partner' ? [] : plan.tasks.filter((t) => holdsRole(plan, t, agency, 'lead'));
  const partnered =
    role === 'lead' && !wide ? [] : plan.tasks.filter((t) => holdsRole(plan, t, agency, 'partner'));
  const matches = [
    ...led.map((t) => match(t, { role: 'lead' })),
    ...partnered.map((t) => match(t, { role: 'partner' })),
  ];
  const line = (t: Task, mark: string) => `【${mark}】${cite(t)}`;
  const lines = [
    ...led.map((t) => line(t, '牵头')),
    ...partnered.map((t) => line(t, wide ? '负责' : '参与')),
  ];
  const heads: Record<Exclude<AgencyRole, 'data'>, string> = {
    lead: led.length > 0 ? `${agency}牵头${led.length}项工作：` : `${agency}没有牵头的工作。`,
    partner:
      partnered.length > 0
        ? `${agency}参与（不牵头）${partnered.length}项工作：`
        : `${agency}没有只参与不牵头的工作。`,
    any: `${agency}涉及${matches.length}项工作（牵头${led.length}项，参与${partnered.length}项）：`,
  };
  // "成都市负责哪些": the city is named as one of the plan-wide party, never as a stranger.
  const city = said !== undefined && !said.replace(/[(（)）]/g, '').includes('市州');
  const as = wide && city ? `${said}属于“${agency}”。` : '';
  const noLead = wide && role === 'lead' ? `${agency}没有牵头的工作；` : '';
  const head = wide
    ? `${as}${noLead}按计划，${agency}负责全部${partnered.length}项工作（计划注明“以下工作均需${agency}负责”）：`
    : heads[role];
  const other: Draft['suggestions'] =
    role !== 'any' && !wide ? [suggest('全部相关工作', `${agency}负责哪些工作`)] : [];
  const first = matches[0]?.task;
  return {
    intent: 'agency',
    agency,
    matches,
    text: [head, ...lines].join('\n'),
    suggestions: [...other, ...(first ? [suggest(`介绍${first.id}`, `介绍${first.id}`)] : [])],
  };
}

/** The indicators an agency supplies figures for (数据提供单位), which is not doing the tasks. */
function dataAnswer(agency: string, supplied: Task[], doing: boolean): Draft {
  const head =
    supplied.length > 0
      ? `${agency}为${supplied.length}项指标提供数据${doing ? '' : '（不牵头，也不是责任单位）'}：`
      : `${agency}不是任何一项的数据提供单位。`;
  return {
    intent: 'agency',
    agency,
    matches: supplied.map((t) => match(t)),
    text: [head, ...supplied.map((t) => `【数据提供】${cite(t)}`)].join('\n'),
    suggestions: [suggest('全部相关工作', `${agency}负责哪些工作`)],
  };
}

const listLine = (m: Milestone): string => `· ${cite(m.task)}：${m.deadline.text}`;

/** Milestones due in a period; when none are, says so and names the next one. */
export function deadlineAnswer(plan: Plan, period: Period): Draft {
  const all = planMilestones(plan);
  const found = all.filter((m) => m.deadline.date >= period.from && m.deadline.date <= period.to);
  // The plan's dated goals (a 工作目标 paragraph) are no task's milestones, but are due too.
  const goals = plan.sections.flatMap((s) =>
    (s.goals ?? [])
      .filter((g) => g.date >= period.from && g.date <= period.to)
      .map((g) => `\n计划目标（第${s.numeral}部分“${s.title}”）：${datedClause(g)}。`),
  );
  if (found.length === 0) {
    const next = all.find((m) => m.deadline.date > period.to);
    const last = all.at(-1);
    const nextText = next
      ? `下一个节点：${dated(next.deadline)} ${cite(next.task)}：${next.deadline.text}。`
      : last
        ? `本计划的时间节点都在${plan.year}年，最后一个是${dated(last.deadline)}。`
        : '本计划的工作都没有设时间节点。';
    return {
      intent: 'deadline',
      agency: null,
      matches: [],
      text:
        goals.length > 0
          ? `${period.label}没有工作任务的节点到期，但有计划目标到期：${goals.join('')}\n${nextText}`
          : `${period.label}没有到期的时间节点。${nextText}`,
      suggestions: [
        suggest('全部节点', '有哪些时间节点'),
        ...(next ? [suggest(`介绍${next.task.id}`, `介绍${next.task.id}`)] : []),
      ],
    };
  }
  const dates = [...new Set(found.map((m) => m.deadline.date))];
  const head = `${period.label}到期${found.length}个节点（${dates.join('、')}），涉及${new Set(found.map((m) => m.task.id)).size}项工作：`;
  return {
    intent: 'deadline',
    agency: null,
    matches: groupByTask(found),
    text: [head, ...found.map(listLine)].join('\n') + goals.join(''),
    suggestions: found.slice(0, 3).map((m) => suggest(`${m.task.id}谁牵头`, `${m.task.id}谁牵头`)),
  };
}

/** The nearest deadline date from today, and everything due on it. */
export function nextDeadlineAnswer(plan: Plan, today: string): Draft {
  const all = planMilestones(plan);
  const next = all.find((m) => m.deadline.date >= today);
  if (!next) {
    const last = all.at(-1);
    return {
      intent: 'deadline',
      agency: null,
      matches: [],
      text: `本计划的时间节点都已过去（今天是${today}）。${last ? `最后一个：${dated(last.deadline)} ${cite(last.task)}。` : ''}`,
      suggestions: [suggest('全部节点', '有哪些时间节点')],
    };
  }
  const found = all.filter((m) => m.deadline.date === next.deadline.date);
  return {
    intent: 'deadline',
    agency: null,
    matches: groupByTask(found),
    text: [`最近的截止：${dated(next.deadline)}，共${found.length}个节点：`, ...found.map(listLine)].join(
      '\n',
    ),
    suggestions: found.slice(0, 3).map((m) => suggest(`${m.task.id}谁牵头`, `${m.task.id}谁牵头`)),
  };
}

export function sectionAnswer(plan: Plan, section: Section): Draft {
  const tasks = plan.tasks.filter((t) => section.taskIds.includes(t.id));
  // A section of goals or principles ("一、工作目标") is its own paragraph, and holds no task.
  const own = tasks.length === 0 && section.intro ? [section.intro] : [];
  return {
    intent: 'section',
    agency: null,
    matches: tasks.map((t) => match(t)),
    text: [
      `${section.numeral}、${section.title}（${tasks.length}项）：`,
      ...own,
      ...tasks.map((t) => `· ${cite(t)}`),
    ].join('\n'),
    suggestions: tasks.slice(0, 3).map((t) => suggest(`介绍${t.id}`, `介绍${t.id}`)),
  };
}

/**
 * The plan's year and document number where its title does not say them ("哪年的方案"): a title
 * such as 《…百日攻坚行动方案》 names no year, and staff cite a plan by its 文号.
 */
function provenance(plan: Plan): string {
  const { issuer, region } = plan.meta;
  const parts = [
    // The issuer and region where the title does not name them ("谁发的文", "哪个省的").
    ...(issuer && !plan.title.includes(issuer) ? [`${issuer}印发`] : []),
    ...(region && !issuer?.includes(region) && !plan.title.includes(region) ? [region] : []),
    ...(plan.title.includes(`${plan.year}`) ? [] : [`${plan.year}年`]),
    ...(plan.meta.documentNumber ? [plan.meta.documentNumber] : []),
  ];
  return parts.length > 0 ? `（${parts.join('，')}）` : '';
}

/** Plans of at most this many tasks list them in their overview: a short plan is its task list. */
const LISTED_IN_OVERVIEW = 12;

/** What an overview was asked for: the tasks ("百日攻坚方案都列了哪些任务"), or them listed ("全部任务列一下"). */
export interface OverviewAsked {
  /** The tasks were asked for: every task is among the matches, and a short plan lists them. */
  tasksAsked?: boolean;
  /** Every task is listed under its section, whatever the plan's length. */
  withTasks?: boolean;
}

/** The plan as a whole: its sections with how many tasks each holds, and the tasks when asked. */
export function overviewAnswer(plan: Plan, asked: OverviewAsked = {}): Draft {
  const milestones = planMilestones(plan);
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const listed =
    asked.withTasks === true || (asked.tasksAsked === true && plan.tasks.length <= LISTED_IN_OVERVIEW);
  const lines = plan.sections.flatMap((s) => [
    `${s.numeral}、${s.title}（${s.taskIds.length}项）`,
    ...(listed ? s.taskIds.flatMap((id) => (byId.has(id) ? [`  · ${cite(byId.get(id) as Task)}`] : [])) : []),
  ]);
  return {
    intent: 'overview',
    agency: null,
    // Asked for its tasks, every task matches; otherwise the overview is about the plan itself.
    matches: asked.tasksAsked === true ? plan.tasks.map((t) => match(t)) : [],
    text: [
      `《${plan.title}》${provenance(plan)}共${plan.sections.length}个部分、${plan.tasks.length}项工作，${milestones.length}个时间节点：`,
      ...lines,
    ].join('\n'),
    suggestions: [
      suggest('时间节点', '有哪些时间节点'),
      ...plan.sections.slice(0, 2).map((s) => suggest(s.title, `${s.title}有哪些任务`)),
    ],
  };
}

/** Every milestone in date order: the answer to "有哪些时间节点". */
export function allDeadlinesPeriod(plan: Plan): Period {
  return { from: `${plan.year}-01-01`, to: `${plan.year}-12-31`, label: `${plan.year}年全年` };
}
