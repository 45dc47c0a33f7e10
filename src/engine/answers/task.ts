import type { Deadline, Section, Target, Task } from '../../plan/model.ts';
import type { RankedClause } from '../ranker.ts';
import {
  cite,
  dated,
  datedClause,
  match,
  partnerLabel,
  responsibility,
  suggest,
  taskSuggestions,
  undatedNote,
} from '../format.ts';
import type { Answer } from '../types.ts';

export type Draft = Omit<Answer, 'question' | 'highlights' | 'query'>;

/** "“川渝通办”（4.1 协同推进一体化政务服务）牵头：…；节点：…" */
export function leadAnswer(task: Task, subject: string | null): Draft {
  const about = subject ? `“${subject}”（${cite(task)}）` : `${cite(task)}：`;
  const milestones =
    task.deadlines.length > 0
      ? `；节点：${task.deadlines.map((d) => `${d.text}（${d.date}）`).join('；')}`
      : '';
  return {
    intent: 'lead',
    agency: null,
    matches: [match(task, { deadlines: task.deadlines })],
    text: `${about}${responsibility(task)}${milestones}。`,
    suggestions: taskSuggestions(task, 'lead'),
  };
}

/** The deadline of the clause asked about, or plainly that the task sets none. */
export function whenAnswer(task: Task, clause: Deadline | null): Draft {
  if (!clause) {
    const text =
      task.deadlines.length > 0
        ? `${cite(task)}的时间节点：${task.deadlines.map(datedClause).join('；')}。`
        : `${cite(task)}${undatedNote(task)}（${responsibility(task)}）。`;
    return {
      intent: 'when',
      agency: null,
      matches: [match(task, { deadlines: task.deadlines })],
      text,
      suggestions: taskSuggestions(task, 'when'),
    };
  }
  const others = task.deadlines.filter((d) => d !== clause);
  const also = others.length > 0 ? `另：${others.map(datedClause).join('；')}。` : '';
  return {
    intent: 'when',
    agency: null,
    matches: [match(task, { deadlines: [clause, ...others] })],
    text: `${datedClause(clause)}（${cite(task)}）。${also}`,
    suggestions: taskSuggestions(task, 'when'),
  };
}

/** A dated goal of a section's opening paragraph: the plan's aim, which no task holds. */
export function goalAnswer(section: Section, goal: Deadline): Draft {
  return {
    intent: 'when',
    agency: null,
    matches: [],
    text: `第${section.numeral}部分“${section.title}”中的目标：${datedClause(goal)}。这是计划的总体目标，不是某项任务的节点。`,
    suggestions: [],
  };
}

export function figureAnswer(best: RankedClause<Target> | null, task: Task): Draft {
  if (!best) {
    return {
      intent: 'figure',
      agency: null,
      matches: [match(task)],
      text: `${cite(task)}未设量化指标。${task.sentences[0] ?? ''}`,
      suggestions: taskSuggestions(task, 'figure'),
    };
  }
  const { item } = best;
  const siblings = task.targets.filter((t) => t !== item);
  const also = siblings.length > 0 ? `同项其他指标：${siblings.map((t) => t.raw).join('、')}。` : '';
  return {
    intent: 'figure',
    agency: null,
    matches: [match(task, { targets: [item, ...siblings], deadlines: task.deadlines })],
    text: `${item.raw}：${item.text}（${cite(task)}）。${also}`,
    suggestions: taskSuggestions(task, 'figure'),
  };
}

export function topicAnswer(task: Task, sentences: string[], runnersUp: Task[]): Draft {
  const milestones = task.deadlines.length > 0 ? `节点：${task.deadlines.map(dated).join('、')}。` : '';
  // A description names the task's quantified targets, also those outside the sentences quoted.
  const quoted = sentences.join('');
  const unquoted = task.targets.filter((t) => !quoted.includes(t.text));
  const targets =
    unquoted.length > 0 ? `指标：${[...new Set(unquoted.map((t) => t.text))].join('；')}。` : '';
  const see = runnersUp.length > 0 ? `\n相关：${runnersUp.map(cite).join('；')}` : '';
  return {
    intent: 'topic',
    agency: null,
    matches: [
      match(task, { sentences, deadlines: task.deadlines, targets: task.targets }),
      ...runnersUp.map((t) => match(t)),
    ],
    text: `${sentences.join('')}\n——${cite(task)}｜${responsibility(task)}。${milestones}${targets}${see}`,
    suggestions: taskSuggestions(task, 'topic'),
  };
}

/** "3.5 …的配合单位：省发展改革委、财政厅。" — or plainly that the plan names none. */
export function partnersAnswer(task: Task): Draft {
  const text =
    task.partners.length > 0
      ? `${cite(task)}的${partnerLabel(task) ?? (task.leads.length > 0 ? '配合单位' : '责任单位')}：${task.partners.join('、')}（${responsibility(task)}）。`
      : groupsAnswer(task);
  return {
    intent: 'lead',
    agency: null,
    matches: [match(task, { deadlines: task.deadlines })],
    text,
    suggestions: taskSuggestions(task, 'lead'),
  };
}

/**
 * A task whose non-leading roles name only groups ("责任单位：市直有关部门、单位，各区市政府"): the
 * groups as the plan writes them, under its own word; or plainly that it names none.
 */
function groupsAnswer(task: Task): string {
  const roles = (task.roles ?? []).filter(
    (r) =>
      (r.kind === 'responsible' || r.kind === 'partner') && r.agencies.some((a) => !task.leads.includes(a)),
  );
  if (roles.length === 0) return `${cite(task)}未列出配合单位（${responsibility(task)}）。`;
  const named = roles
    .map((r) => `${r.word}：${r.agencies.filter((a) => !task.leads.includes(a)).join('、')}`)
    .join('；');
  return `${cite(task)}未列出具体的配合单位，${named}（${responsibility(task)}）。`;
}

/** A clause of the task that the question names, but which sets no date: never borrow another's. */
export function undatedAnswer(task: Task, sentence: string): Draft {
  // The task's other dates are left out: quoted here they would read as this clause's.
  const who = task.leads.length > 0 || task.partners.length > 0 ? `${responsibility(task)}。` : '';
  return {
    intent: 'when',
    agency: null,
    matches: [match(task, { sentences: [sentence] })],
    text: `计划对这一项没有规定完成时间：“${sentence}”（${cite(task)}）。${who}`,
    suggestions: taskSuggestions(task, 'when'),
  };
}

/**
 * A clause whose sentence sets a time limit counted from an event, not a date ("在本意见印发之日起
 * 30日内，制定出台具体实施办法"): the limit, said as the plan says it, with the sentence.
 */
export function relativeLimitAnswer(task: Task, sentence: string, limit: string): Draft {
  const who = task.leads.length > 0 || task.partners.length > 0 ? `${responsibility(task)}。` : '';
  return {
    intent: 'when',
    agency: null,
    matches: [match(task, { sentences: [sentence] })],
    text: `时限：${limit}（计划写的是相对时限，没有具体日期）。“${sentence}”（${cite(task)}）。${who}`,
    suggestions: taskSuggestions(task, 'when'),
  };
}

/** "5.4 完善社会监督机制属于第五部分“不断强化监管效能”。" */
export function sectionOfAnswer(task: Task, numeral: string): Draft {
  return {
    intent: 'section',
    agency: null,
    matches: [match(task, { deadlines: task.deadlines })],
    text: `${cite(task)}属于第${numeral}部分“${task.section}”（${responsibility(task)}）。`,
    suggestions: taskSuggestions(task, 'topic'),
  };
}

/**
 * A figure or a deadline the question names that several tasks hold alike ("8%是哪几项的目标",
 * "清单什么时候完成"): every one, each cited, never one picked. `said` is the question's term.
 */
export function clausesAnswer(
  kind: 'figure' | 'when',
  found: { task: Task; item: Target | Deadline }[],
  said: string,
): Draft {
  found = [...found].sort((a, b) => a.task.id.localeCompare(b.task.id, 'en', { numeric: true }));
  const tasks = [...new Set(found.map((f) => f.task))];
  const line = (f: { task: Task; item: Target | Deadline }) =>
    `· ${'date' in f.item ? datedClause(f.item) : f.item.text}（${cite(f.task)}）`;
  return {
    intent: kind,
    agency: null,
    matches: tasks.map((t) => {
      const items = found.filter((f) => f.task === t).map((f) => f.item);
      return kind === 'when'
        ? match(t, { deadlines: items as Deadline[] })
        : match(t, { targets: items as Target[], deadlines: t.deadlines });
    }),
    text: [
      `“${said}”见于${tasks.length}项工作${kind === 'when' ? '，时间节点分别是' : ''}：`,
      ...found.map(line),
    ].join('\n'),
    suggestions: tasks.slice(0, 3).map((t) => suggest(`介绍${t.id}`, `介绍${t.id}`)),
  };
}
