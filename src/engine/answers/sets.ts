import { planMilestones } from '../../plan/milestones.ts';
import type { Plan, Task } from '../../plan/model.ts';
import { describeFilters } from '../filters.ts';
import {
  cite,
  dated,
  groupByTask,
  match,
  names,
  phraseTest,
  quoteFreeSentences,
  responsibility,
  suggest,
} from '../format.ts';
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
  const holds = phraseTest(phrase);
  const holding = (t: Task): string[] => {
    const at = quoteFreeSentences(t).findIndex(holds);
    return at >= 0 ? [t.sentences[at] as string] : [];
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

export const ROLE_NAME: Record<Role, string> = {
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
